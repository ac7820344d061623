"""A failed bid submission keeps its good files as the bidder's drafts."""

import os

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement import crypto, services
from procurement.models import Bid, BidDraftFile, TenderStatus
from tests.accounts.factories import AcademyAdminFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    PDF_BYTES,
    certified_consultant,
    move_past,
    pdf_bytes,
    published_tender,
)

TWO_PAGES = pdf_bytes(2)


def bid_data(**extra):
    data = {
        "technical_proposal": "Катышуучулук методология.",
        "proposed_team": "Асан — жетекчи",
        "price": "321000",
        "conflict_of_interest_declared": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def failed_attempt(db, media, client_for):
    """A bidder posts a PDF with the price missing: the form comes back."""
    tender = published_tender()
    consultant = certified_consultant()
    client = client_for(consultant.user)
    url = reverse("procurement:bid-submit", args=[tender.pk])
    data = bid_data(technical_files=[SimpleUploadedFile("plan.pdf", TWO_PAGES)])
    del data["price"]
    response = client.post(url, data)
    return tender, consultant, client, url, response


class TestFailedSubmissionKeepsFiles:
    def test_the_page_says_the_file_is_kept(self, failed_attempt):
        tender, consultant, _client, _url, response = failed_attempt
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="error-summary"' in body
        assert 'href="#id_price"' in body
        assert 'id="kept-files"' in body
        assert "plan.pdf" in body
        assert "you need not upload them again" in body
        assert not Bid.objects.exists()
        draft = BidDraftFile.objects.get()
        assert (draft.tender, draft.consultant) == (tender, consultant)
        # stored encrypted, under a name that says nothing
        stored = draft.file.read()
        assert TWO_PAGES not in stored
        assert crypto.decrypt(stored) == TWO_PAGES
        assert "plan" not in draft.file.name

    def test_corrected_submission_without_reupload_has_the_file(self, failed_attempt):
        _tender, _consultant, client, url, _response = failed_attempt
        response = client.post(url, bid_data(), follow=True)
        assert response.status_code == 200
        bid = Bid.objects.get()
        bid_file = bid.files.get()
        assert bid_file.original_name == "plan.pdf"
        assert bid_file.kind == "technical"
        assert not BidDraftFile.objects.exists()
        download = client.get(bid_file.get_absolute_url())
        assert download.content == TWO_PAGES

    def test_a_ticked_draft_is_removed(
        self, failed_attempt, django_capture_on_commit_callbacks
    ):
        _tender, _consultant, client, url, _response = failed_attempt
        draft = BidDraftFile.objects.get()
        stored = draft.file.path
        # the file goes once the removal is committed
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, bid_data(remove_drafts=[str(draft.pk)]), follow=True)
        bid = Bid.objects.get()
        assert not bid.files.exists()
        assert not BidDraftFile.objects.exists()
        assert not os.path.exists(stored)

    def test_good_files_kept_next_to_a_refused_one(self, db, media, client_for):
        tender = published_tender()
        consultant = certified_consultant()
        client = client_for(consultant.user)
        url = reverse("procurement:bid-submit", args=[tender.pk])
        response = client.post(
            url,
            bid_data(
                cv_files=[
                    SimpleUploadedFile("cv1.pdf", PDF_BYTES),
                    SimpleUploadedFile("cv2.docx", b"plain text"),
                ]
            ),
        )
        body = response.content.decode()
        assert "not a PDF, DOCX, XLSX or ODT" in body
        assert [d.original_name for d in BidDraftFile.objects.all()] == ["cv1.pdf"]
        assert not Bid.objects.exists()

    def test_no_drafts_after_the_deadline(self, failed_attempt):
        tender, consultant, client, url, _response = failed_attempt
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            assert services.advance_deadlines()["drafts_removed"] == 1
        assert not BidDraftFile.objects.exists()


class TestDraftsAreTheBiddersAlone:
    def others(self, tender):
        return {
            "other consultant": certified_consultant().user,
            "municipal staff": StaffMembershipFactory(
                municipality=tender.municipality
            ).user,
            "academy admin": AcademyAdminFactory(),
        }

    def test_nobody_else_reads_a_draft(self, failed_attempt, client_for):
        tender, _consultant, client, _url, _response = failed_attempt
        draft = BidDraftFile.objects.get()
        url = draft.get_absolute_url()
        assert client.get(url).content == TWO_PAGES
        for role, user in self.others(tender).items():
            assert client_for(user).get(url).status_code == 404, role
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302

    def test_nobody_else_reads_it_after_the_opening(self, failed_attempt, client_for):
        tender, _consultant, _client, _url, _response = failed_attempt
        draft = BidDraftFile.objects.get()
        tender.status = TenderStatus.OPENED
        tender.save(update_fields=["status"])
        for role, user in self.others(tender).items():
            assert client_for(user).get(draft.get_absolute_url()).status_code == 404, (
                role
            )

    def test_another_bidders_form_does_not_list_or_attach_it(
        self, failed_attempt, client_for
    ):
        tender, _consultant, _client, url, _response = failed_attempt
        draft = BidDraftFile.objects.get()
        rival = certified_consultant()
        rival_client = client_for(rival.user)
        page = rival_client.get(url).content.decode()
        assert "plan.pdf" not in page
        rival_client.post(url, bid_data(remove_drafts=[str(draft.pk)]))
        rival_bid = Bid.objects.get(consultant=rival)
        assert not rival_bid.files.exists()
        assert BidDraftFile.objects.filter(pk=draft.pk).exists()


def test_drafts_are_resealed_after_a_key_rotation(failed_attempt, settings):
    old = settings.BID_ENCRYPTION_KEY
    from cryptography.fernet import Fernet

    settings.BID_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{old}"
    assert services.sealed_content_reseal()["files"] == 1
    settings.BID_ENCRYPTION_KEY = settings.BID_ENCRYPTION_KEY.split(",")[0]
    draft = BidDraftFile.objects.get()
    assert services.bid_file_content(draft) == TWO_PAGES
