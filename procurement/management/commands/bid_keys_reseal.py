from django.core.management.base import BaseCommand

from procurement import services


class Command(BaseCommand):
    help = (
        "After a key rotation (BID_ENCRYPTION_KEY=new,old), seal every sealed "
        "bid text, price, bid file and receipt again under the new key; then "
        "the old key can be removed."
    )

    def handle(self, *args, **options):
        counts = services.sealed_content_reseal()
        self.stdout.write(
            "Resealed the texts of {texts} bids, {prices} prices, {files} bid "
            "files, {receipts} receipts.".format(**counts)
        )
