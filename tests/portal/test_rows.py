"""portal/rows.py: the cheap forms of a row's URL and choice labels give what
Django's reverse() and get_<field>_display() give, in every language."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils.translation import override

from consultants.models import Consultant, ConsultantKind, NetworkStatus
from portal.rows import id_url
from procurement.models import Tender, TenderStatus


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
@pytest.mark.parametrize(
    "name", ["consultants:consultant-detail", "procurement:tender-detail"]
)
def test_id_url_is_reverse(name, language):
    with override(language):
        for pk in (1, 42, 100_023):
            assert id_url(name, pk) == reverse(name, args=[pk])


def test_id_url_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        with override("ru"):
            assert id_url("consultants:consultant-detail", 7) == (
                "/portal/ru/consultants/7/"
            )
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_choice_labels_are_djangos(language):
    consultant = Consultant(
        kind=ConsultantKind.INDIVIDUAL, status=NetworkStatus.CERTIFIED
    )
    tender = Tender(status=TenderStatus.PUBLISHED)
    with override(language):
        assert consultant.get_status_display() == str(NetworkStatus.CERTIFIED.label)
        assert consultant.get_kind_display() == str(ConsultantKind.INDIVIDUAL.label)
        assert tender.get_status_display() == str(TenderStatus.PUBLISHED.label)
    # a value that is not a choice shows as itself, as Django's does
    assert Consultant(status="unknown").get_status_display() == "unknown"
    assert Consultant(status=None).get_status_display() is None


def test_the_labels_change_with_the_language():
    consultant = Consultant(status=NetworkStatus.CERTIFIED)
    with override("en"):
        english = consultant.get_status_display()
    with override("ru"):
        russian = consultant.get_status_display()
    assert english != russian
