"""Django admin for procurement. Bids are shown without their content: the
admin is no back door to sealed bids (no price, no texts, no files, and before
the opening not even the bidder's name)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Amendment,
    Award,
    Bid,
    Complaint,
    Contract,
    EvaluationCriterion,
    Milestone,
    Question,
    Tender,
    TenderDocument,
)


class CriterionInline(TranslationTabularInline):
    model = EvaluationCriterion
    extra = 0


class DocumentInline(admin.TabularInline):
    model = TenderDocument
    extra = 0
    fields = ("title", "original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    fields = ("number", "summary", "made_at", "made_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tender)
class TenderAdmin(TranslationAdmin):
    list_display = ("title", "municipality", "status", "submission_deadline")
    list_filter = ("status", "procurement_method", "selection_method")
    search_fields = ("title_ky", "title_ru", "title_en", "state_notice_number")
    list_select_related = ("municipality",)
    filter_horizontal = ("regions", "expertise_areas", "terms_of_reference_authors")
    raw_id_fields = ("municipality", "created_by")
    # state changes go through the pages, which apply the rules
    readonly_fields = (
        "status",
        "status_changed_at",
        "published_at",
        "opened_at",
        "evaluated_at",
        "cancel_reason",
        "cancel_explanation",
        "cancelled_at",
    )
    inlines = [CriterionInline, DocumentInline, AmendmentInline]

    def has_change_permission(self, request, obj=None):
        # a published tender changes only by amendment, which the log records
        if obj is not None and obj.status != "draft":
            return False
        return super().has_change_permission(request, obj)


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ("__str__", "tender", "bidder", "status", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("tender", "consultant")
    fields = ("tender", "bidder", "status", "submitted_at", "withdrawn_at")
    readonly_fields = fields

    @admin.display(description=_("consultant"))
    def bidder(self, obj):
        if obj.tender.is_sealed:
            return _("sealed until opening")
        return obj.consultant

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        return queryset, False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("tender", "asked_at", "answered_at")
    fields = ("tender", "text", "asked_at", "answer", "answered_at")
    readonly_fields = ("tender", "asked_at", "answered_at")


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("tender", "status", "amount", "standstill_ends_at")
    list_filter = ("status",)
    readonly_fields = (
        "tender",
        "bid",
        "amount",
        "status",
        "notified_at",
        "standstill_ends_at",
        "final_at",
        "awarded_by",
    )

    def has_add_permission(self, request):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("tender", "filed_at", "decision", "answered_at")
    readonly_fields = ("tender", "bid", "text", "filed_at", "answered_by")


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("tender", "amount", "signed_on", "rating")
    readonly_fields = ("tender", "award")
    inlines = [MilestoneInline]
