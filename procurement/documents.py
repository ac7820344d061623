"""The evaluation report as a PDF, in the tender's language: the committee,
every member's scores per bid and criterion, the averages, the
disqualifications with their reasons and the ranking. Rendered by weasyprint,
as the certificates are (trainings/documents.py)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime

from .models import TechnicalScore, Tender


def _score_rows(tender: Tender, members, criteria, bids, number: int) -> list:
    """Every member's scores of each bid per criterion in round `number`,
    with the averages."""
    from .services.committee import technical_results

    given = {
        (s.member_id, s.bid_id, s.criterion_id): s.score
        for s in TechnicalScore.objects.filter(
            bid__tender=tender, member__isnull=False, round=number
        )
    }
    averages = {
        r.bid.pk: r.per_criterion for r in technical_results(tender, round=number)
    }
    return [
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
        for bid in bids
    ]


def _earlier_rounds(tender: Tender, members, criteria, bids) -> list:
    """The rounds the review commission superseded, oldest first, each as it
    stood: submissions, scores, results, ranking and the annulled award."""
    by_pk = {bid.pk: bid for bid in bids}
    names = {str(member.pk): member for member in members}
    rounds = []
    for superseded in tender.evaluation_rounds.select_related("complaint"):
        results = [
            {**result, "bidder": by_pk[result["bid"]]}
            for result in superseded.results
            if result["bid"] in by_pk
        ]
        rounds.append(
            {
                "round": superseded,
                "submissions": [
                    (names[pk], parse_datetime(at) if at else None)
                    for pk, at in superseded.submissions.items()
                    if pk in names
                ],
                "rows": _score_rows(
                    tender,
                    members,
                    criteria,
                    [r["bidder"] for r in results],
                    superseded.number,
                ),
                "ranking": sorted(
                    (r for r in results if r["rank"]), key=lambda r: r["rank"]
                ),
                "disqualified": [r for r in results if r["qualified"] is False],
                "award": superseded.award
                and {
                    **superseded.award,
                    "notified_at": parse_datetime(superseded.award["notified_at"]),
                },
            }
        )
    return rounds


def evaluation_report(tender: Tender) -> dict:
    """The report's figures (reads only): what the PDF prints, and what the
    tests compare with the ranking. The current round's, and each round the
    review commission superseded."""
    members = list(tender.committee.select_related("user"))
    criteria = list(tender.criteria.all())
    bids = list(tender.bids.ranked().select_related("consultant"))
    return {
        "tender": tender,
        "members": members,
        "criteria": criteria,
        "rows": _score_rows(tender, members, criteria, bids, tender.evaluation_round),
        "ranking": [b for b in bids if b.rank],
        "disqualified": [b for b in bids if b.qualified is False],
        "earlier_rounds": _earlier_rounds(tender, members, criteria, bids),
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
