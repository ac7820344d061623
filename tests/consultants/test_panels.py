"""Panels on the profile page come from the registry the consultants app owns
(consultants/panels.py); the page itself knows nothing of trainings or
procurement."""

from pathlib import Path

import pytest
from django.conf import settings

from procurement.models import TenderStatus
from tests.procurement.factories import tender_at_status

pytestmark = pytest.mark.django_db


def test_the_profile_template_loads_no_higher_app_tags():
    template = Path(settings.BASE_DIR, "templates/consultants/consultant_detail.html")
    text = template.read_text(encoding="utf-8")
    assert "trainings_tags" not in text and "procurement" not in text
    assert "{% for panel in panels %}" in text


def test_the_profile_shows_the_ratings_panel_of_procurement(client_for):
    tender, bids = tender_at_status(TenderStatus.COMPLETED)
    winner = tender.award.bid.consultant
    body = client_for(None).get(winner.get_absolute_url()).content.decode()
    assert 'id="ratings"' in body and "Жакшы иш." in body and "5/5" in body
    loser = next(b.consultant for b in bids if b.consultant != winner)
    other = client_for(None).get(loser.get_absolute_url()).content.decode()
    assert 'id="ratings"' not in other


def test_the_profile_keeps_its_order_training_history_before_ratings(
    client_for, academy_admin
):
    tender, _bids = tender_at_status(TenderStatus.COMPLETED)
    winner = tender.award.bid.consultant
    body = client_for(academy_admin).get(winner.get_absolute_url()).content.decode()
    assert body.index('id="training-history"') < body.index('id="ratings"')
