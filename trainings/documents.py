"""The certificate as a PDF, in its holder's language, with the verification
address as a QR code."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import Certificate


def verification_url(certificate: Certificate) -> str:
    """The public address of the certificate's verification page, in the
    active language."""
    return settings.PORTAL_SITE_URL.rstrip("/") + certificate.get_verification_url()


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page as HTML, in the holder's language."""
    language = certificate.holder_language
    with translation.override(language):
        url = verification_url(certificate)
        # a full QR with UTF-8 data: Micro QR and other encodings are not read
        # by every phone
        qr = segno.make(url, error="m", micro=False, encoding="utf-8")
        return render_to_string(
            "trainings/certificate_pdf.html",
            {
                "certificate": certificate,
                "verification_url": url,
                "qr": qr.svg_data_uri(scale=4, border=2),
                "LANGUAGE_CODE": language,
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    # imported here: weasyprint takes a while to load and logs as it does
    from weasyprint import HTML

    return HTML(
        string=certificate_html(certificate), base_url=str(settings.BASE_DIR)
    ).write_pdf()
