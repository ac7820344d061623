"""The evaluation report as a PDF, in the tender's language: the committee,
every member's scores per bid and criterion, the averages, the
disqualifications with their reasons and the ranking. Rendered by weasyprint,
as the certificates are (trainings/documents.py)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import TechnicalScore, Tender


def evaluation_report(tender: Tender) -> dict:
    """The report's figures (reads only): what the PDF prints, and what the
    tests compare with the ranking."""
    members = list(tender.committee.select_related("user"))
    criteria = list(tender.criteria.all())
    bids = list(tender.bids.ranked().select_related("consultant"))
    given = {
        (s.member_id, s.bid_id, s.criterion_id): s.score
        for s in TechnicalScore.objects.filter(bid__tender=tender, member__isnull=False)
    }
    from .services.committee import technical_results

    averages = {r.bid.pk: r.per_criterion for r in technical_results(tender)}
    rows = []
    for bid in bids:
        rows.append(
            {
                "bid": bid,
                "by_member": [
                    (
                        member,
                        [(c, given.get((member.pk, bid.pk, c.pk))) for c in criteria],
                    )
                    for member in members
                ],
                "averages": [(c, averages.get(bid.pk, {}).get(c.pk)) for c in criteria],
            }
        )
    return {
        "tender": tender,
        "members": members,
        "criteria": criteria,
        "rows": rows,
        "ranking": [b for b in bids if b.rank],
        "disqualified": [b for b in bids if b.qualified is False],
    }


def evaluation_report_html(tender: Tender) -> str:
    language = tender.document_language
    with translation.override(language):
        context = evaluation_report(tender)
        context["LANGUAGE_CODE"] = language
        context["site_url"] = settings.PORTAL_SITE_URL.rstrip("/")
        return render_to_string("procurement/evaluation_report_pdf.html", context)


def evaluation_report_pdf(tender: Tender) -> bytes:
    # imported here: weasyprint takes a while to load and logs as it does
    from weasyprint import HTML

    return HTML(
        string=evaluation_report_html(tender), base_url=str(settings.BASE_DIR)
    ).write_pdf()
