"""The report as a PDF (the academy sends regional quarterly reports to
donors): the printable page rendered by weasyprint."""

from django.conf import settings
from django.template.loader import render_to_string


def report_pdf(context: dict) -> bytes:
    # imported here: weasyprint takes a while to load and logs as it does
    from weasyprint import HTML

    html = render_to_string("reports/report_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
