from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.TenderListView.as_view(), name="tender-list"),
    path("feed/", views.TenderFeed(), name="tender-feed"),
    path("new/", views.tender_create, name="tender-create"),
    path("mine/", views.tender_mine, name="tender-mine"),
    path("alerts/", views.alert_settings, name="alert-settings"),
    path("<int:pk>/", views.tender_detail, name="tender-detail"),
    path("<int:pk>/edit/", views.tender_edit, name="tender-edit"),
    path("<int:pk>/documents/", views.document_add, name="document-add"),
    path("<int:pk>/publish/", views.tender_publish, name="tender-publish"),
    path("<int:pk>/interest/call/", views.interest_call, name="interest-call"),
    path("<int:pk>/interest/", views.interest_express, name="interest-express"),
    path("<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("<int:pk>/proposals/", views.proposals_request, name="proposals-request"),
    path("<int:pk>/amend/", views.tender_amend, name="tender-amend"),
    path("<int:pk>/cancel/", views.tender_cancel, name="tender-cancel"),
    path("<int:pk>/follow/", views.tender_follow, name="tender-follow"),
    path("<int:pk>/questions/", views.question_ask, name="question-ask"),
    path("<int:pk>/bid/", views.bid_submit, name="bid-submit"),
    path("<int:pk>/open/", views.tender_open, name="tender-open"),
    path("<int:pk>/evaluate/", views.tender_evaluate, name="tender-evaluate"),
    path("<int:pk>/award/", views.tender_award, name="tender-award"),
    path("<int:pk>/contract/", views.contract_record, name="contract-record"),
    path("<int:pk>/complete/", views.contract_complete, name="contract-complete"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("bids/<int:pk>/", views.bid_detail, name="bid-detail"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid-withdraw"),
    path("bids/<int:pk>/complaint/", views.complaint_file, name="complaint-file"),
    path("bid-files/<int:pk>/", views.bidfile_download, name="bidfile-download"),
    path(
        "receipts/<int:pk>/",
        views.bidreceipt_document,
        name="bidreceipt-document",
    ),
    path(
        "complaints/<int:pk>/answer/",
        views.complaint_answer,
        name="complaint-answer",
    ),
]
