"""The bid encryption key is a secret of its own: without one nothing is
sealed, and keys can be rotated without losing what was sealed before."""

import io
from decimal import Decimal

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from procurement import crypto
from procurement.checks import bid_encryption_key_check
from procurement.models import Bid

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


class TestNoKey:
    def test_sealing_without_a_key_is_refused(self, settings):
        # the old code derived a key from SECRET_KEY here and sealed anyway
        settings.BID_ENCRYPTION_KEY = ""
        settings.SECRET_KEY = "a-perfectly-good-secret-key-" + "x" * 40
        with pytest.raises(ImproperlyConfigured, match="BID_ENCRYPTION_KEY is not set"):
            crypto.seal_price(Decimal("100.00"))

    def test_opening_without_a_key_is_refused(self, settings):
        token = crypto.seal_price(Decimal("100.00"))
        settings.BID_ENCRYPTION_KEY = " , "
        with pytest.raises(ImproperlyConfigured):
            crypto.unseal_price(token)

    def test_a_malformed_key_is_refused(self, settings):
        settings.BID_ENCRYPTION_KEY = f"{NEW},not-a-fernet-key"
        with pytest.raises(ImproperlyConfigured, match="key 2 of 2 is not a Fernet"):
            crypto.encrypt(b"x")


class TestRotation:
    def test_a_bid_sealed_under_the_old_key_opens_after_rotation(self, settings):
        settings.BID_ENCRYPTION_KEY = OLD
        token = crypto.seal_price(Decimal("123457.00"))
        settings.BID_ENCRYPTION_KEY = f"{NEW}, {OLD}"
        assert crypto.unseal_price(token) == Decimal("123457.00")
        # new content is sealed under the first key only
        fresh = crypto.seal_price(Decimal("5.00"))
        assert Fernet(NEW).decrypt(fresh) == b"5.00"
        # and resealing moves old content to it, so the old key can go
        moved = crypto.reseal(token)
        settings.BID_ENCRYPTION_KEY = NEW
        assert crypto.unseal_price(moved) == Decimal("123457.00")
        with pytest.raises(ValueError, match="cannot decrypt"):
            crypto.unseal_price(token)

    def test_a_wrong_key_does_not_open(self, settings):
        token = crypto.encrypt(b"sealed")
        settings.BID_ENCRYPTION_KEY = NEW
        with pytest.raises(ValueError, match="cannot decrypt"):
            crypto.decrypt(token)


class TestSystemCheck:
    def test_a_valid_key_list_passes(self, settings):
        settings.BID_ENCRYPTION_KEY = f"{NEW},{OLD}"
        assert bid_encryption_key_check(None) == []

    @pytest.mark.parametrize(
        ("value", "debug", "check_id", "level"),
        [
            ("", False, "procurement.E001", "Error"),
            ("", True, "procurement.W001", "Warning"),
            ("not-a-key", False, "procurement.E002", "Error"),
            ("not-a-key", True, "procurement.E002", "Error"),
        ],
    )
    def test_a_missing_or_bad_key_is_reported(
        self, settings, value, debug, check_id, level
    ):
        settings.BID_ENCRYPTION_KEY = value
        settings.DEBUG = debug
        (message,) = bid_encryption_key_check(None)
        assert message.id == check_id and type(message).__name__ == level


@pytest.mark.django_db
class TestResealAfterRotation:
    def test_everything_opens_under_the_new_key_alone(self, settings, tmp_path):
        from django.core.management import call_command

        from procurement import services
        from procurement.files import check_upload
        from tests.procurement.factories import (
            PDF_BYTES,
            certified_consultant,
            pdf_upload,
            published_tender,
            submit_bid,
        )

        settings.MEDIA_ROOT = tmp_path
        settings.BID_ENCRYPTION_KEY = OLD
        receipt = submit_bid(
            published_tender(),
            certified_consultant(),
            "123457",
            files=[("technical", check_upload(pdf_upload()))],
        )
        settings.BID_ENCRYPTION_KEY = f"{NEW},{OLD}"
        # rotated: the new key first, the old one still opens old bids
        bid = Bid.objects.get(pk=receipt.bid_id)
        assert bid.technical_proposal.startswith("Методология")
        assert crypto.unseal_price(bid.sealed_price) == Decimal("123457.00")
        out = io.StringIO()
        call_command("bid_keys_reseal", stdout=out)
        assert (
            "Resealed the texts of 1 bids, 1 prices, 1 bid files, 1 receipts."
            in out.getvalue()
        )
        settings.BID_ENCRYPTION_KEY = NEW
        bid = Bid.objects.get(pk=receipt.bid_id)
        assert bid.technical_proposal.startswith("Методология")
        assert bid.proposed_team.startswith("Асан")
        receipt.refresh_from_db()
        assert crypto.unseal_price(bid.sealed_price) == Decimal("123457.00")
        assert services.bid_file_content(bid.files.get()) == PDF_BYTES
        assert len(receipt.salt_hex()) == 64 and receipt.document()
        assert len(list(tmp_path.rglob("*.bin"))) == 1

    def test_without_the_old_key_an_unresealed_bid_does_not_open(
        self, settings, tmp_path
    ):
        """The rotation test above is not vacuous: the texts really were
        sealed under the old key."""
        from tests.procurement.factories import (
            certified_consultant,
            published_tender,
            submit_bid,
        )

        settings.MEDIA_ROOT = tmp_path
        settings.BID_ENCRYPTION_KEY = OLD
        receipt = submit_bid(published_tender(), certified_consultant(), "1000")
        settings.BID_ENCRYPTION_KEY = NEW
        with pytest.raises(ValueError, match="cannot decrypt"):
            Bid.objects.get(pk=receipt.bid_id)
