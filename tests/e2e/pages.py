"""Every named URL of the portal, for the walker (test_every_page.py): how to
fill in its parameters from the demo data (``seed_demo``), or why it is not a
page to walk. A URL name in neither table fails the walker's completeness test,
so a new page cannot be left out by accident."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

# The Django admin is left out as a whole namespace (like the API by prefix):
# it is Django's markup, a desktop tool of the academy, not the portal's pages.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin: Django's own markup, the academy's desktop tool",
}
EXCLUDED_ROUTE_PREFIXES = {
    "api/v1/": "the JSON API (each operation fuzzed by tests/api/test_schemathesis.py)",
}

POST_ONLY = "POST only: an action behind a form; its form and result pages are walked"

# URL name -> why the walker does not visit it
EXCLUDED = {
    "healthz": "JSON health check for the load balancer",
    "api-schema": "OpenAPI schema (YAML), not a page",
    "api-docs": "Swagger UI: a third-party developer tool, not the portal's markup",
    "set_language": "POST only: the language switcher's form; redirects back",
    "javascript-catalog": "JavaScript (Django's translation catalogue)",
    "procurement:tender-feed": "Atom feed (XML)",
    "procurement:document-download": "file download (a tender's documents)",
    "procurement:bidfile-download": "file download (a bidder's own files)",
    "procurement:bidreceipt-document": "JSON download (the bid receipt document)",
    "reports:report-pdf": "PDF download",
    "reports:report-export": "CSV and XLSX downloads",
    "consultants:consultant-export-csv": "CSV download (the registry's selection)",
    "consultants:consultant-export-xlsx": "XLSX download (the registry's selection)",
    "trainings:training-attendance-download": "XLSX download",
    "trainings:certificate-download": "PDF download",
    "notifications:notification-open": POST_ONLY,
    "notifications:notification-read-all": POST_ONLY,
    "municipalities:staff-decide": POST_ONLY,
    "municipalities:coordinator-remove": POST_ONLY,
    "consultants:consultant-resubmit": POST_ONLY,
    "consultants:rating-answer": POST_ONLY,
    "consultants:claim-decide": POST_ONLY,
    "procurement:document-add": POST_ONLY,
    "procurement:document-delete": POST_ONLY,
    "procurement:tender-publish": POST_ONLY,
    "procurement:tender-invite-recommended": POST_ONLY,
    "procurement:tender-cancel": POST_ONLY,
    "procurement:tender-follow": POST_ONLY,
    "procurement:question-ask": POST_ONLY,
    "procurement:question-answer": POST_ONLY,
    "procurement:tender-open": POST_ONLY,
    "procurement:tender-award": POST_ONLY,
    "procurement:contract-record": POST_ONLY,
    "procurement:contract-complete": POST_ONLY,
    "procurement:bid-withdraw": POST_ONLY,
    "procurement:complaint-file": POST_ONLY,
    "procurement:interest-call": POST_ONLY,
    "procurement:committee-declare": POST_ONLY,
    "procurement:tender-technical-result": POST_ONLY,
    "procurement:tender-financial-open": POST_ONLY,
    "procurement:complaint-terms": POST_ONLY,
    "procurement:complaint-explain": POST_ONLY,
    "procurement:complaint-decide": POST_ONLY,
    "procurement:review-member-remove": POST_ONLY,
    "accounts:email-language": POST_ONLY,
    "consultations:request-answer": POST_ONLY,
    "consultations:request-agree": POST_ONLY,
    "consultations:request-cancel": POST_ONLY,
    "consultations:request-complete": POST_ONLY,
    "consultations:municipality-rate": POST_ONLY,
    "consultations:request-tender": POST_ONLY,
    "consultations:rating-answer": POST_ONLY,
    "procurement:tender-evaluation-report": "PDF download",
    "procurement:biddraft-download": "file download (a bidder's own draft files)",
    "favicon": "the site icon (image)",
}


@dataclass(frozen=True)
class NamedUrl:
    name: str  # namespaced, e.g. "procurement:tender-detail"
    route: str  # e.g. "ky/tenders/<int:pk>/"


def named_urls() -> Iterator[NamedUrl]:
    def walk(patterns, prefix="", namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = (
                        f"{namespace}:{entry.namespace}"
                        if namespace
                        else entry.namespace
                    )
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield NamedUrl(name, prefix + str(entry.pattern))

    seen = set()
    for url in walk(get_resolver().url_patterns):
        if url.name not in seen:
            seen.add(url.name)
            yield url


def exclusion_reason(url: NamedUrl) -> str | None:
    namespace = url.name.split(":")[0] if ":" in url.name else None
    if namespace in EXCLUDED_NAMESPACES:
        return EXCLUDED_NAMESPACES[namespace]
    for prefix, reason in EXCLUDED_ROUTE_PREFIXES.items():
        if url.route.startswith(prefix):
            return reason
    return EXCLUDED.get(url.name)


class Demo:
    """Finds in the demo data the objects the pages are about."""

    def __init__(self):
        from consultants.models import Consultant

        self.member = Consultant.objects.get(user__email="consultant@demo.kg")

    def tenders(self, *statuses):
        from procurement.models import Tender

        tenders = Tender.objects.order_by("status", "pk")
        if statuses:
            tenders = tenders.filter(status__in=statuses)
        # one tender of each state
        return [
            {"pk": t.pk}
            for t in {t.status: t for t in reversed(list(tenders))}.values()
        ]

    def bids(self):
        from procurement.models import Bid

        bids = Bid.objects.filter(consultant=self.member).order_by("pk")
        return [{"pk": b.pk} for b in bids[:2]]

    def consultants(self, **filters):
        from consultants.models import Consultant

        found = Consultant.objects.filter(**filters).order_by("pk").first()
        return [{"pk": found.pk}] if found else []

    def consultation_requests(self):
        from consultations.models import ConsultationRequest

        requests = ConsultationRequest.objects.order_by("pk")
        return [{"pk": pk} for pk in requests.values_list("pk", flat=True)]

    def first(self, model_path: str, **filters):
        from django.apps import apps

        found = apps.get_model(model_path).objects.filter(**filters).order_by("pk")
        found = found.first()
        return [{"pk": found.pk}] if found else []

    def invitations(self):
        from consultants.claims import invitation_token
        from consultants.models import ProfileInvitation

        invitation = ProfileInvitation.objects.order_by("pk").first()
        if invitation is None:
            return []
        return [{"pk": invitation.consultant_id, "token": invitation_token(invitation)}]

    def unsubscribe(self):
        from portal.notifications.tokens import unsubscribe_token

        return [{"token": unsubscribe_token(self.member.user_id)}]

    def certificates(self):
        from trainings.models import Certificate

        return [{"pk": c.pk} for c in Certificate.objects.order_by("status", "pk")[:2]]

    def verify_codes(self):
        from trainings.models import Certificate

        certificate = Certificate.objects.order_by("pk").first()
        return [{"code": certificate.public_code}] if certificate else []

    def report_municipalities(self):
        from municipalities.models import Municipality
        from portal.reports.demo import SOATE

        found = Municipality.objects.filter(soate=SOATE["kochkor"]).first()
        return [{"scope": "KG-N", "pk": found.pk}] if found else []

    def flags(self):
        from portal.reports.figures import RED_FLAGS

        return [{"scope": "all", "flag": flag.code} for flag in RED_FLAGS]


NO_PARAMETERS: Callable[[Demo], list[dict]] = lambda demo: [{}]  # noqa: E731

# URL name -> the parameters to walk it with (one page per dict)
PAGES: dict[str, Callable[[Demo], list[dict]]] = {
    "home": NO_PARAMETERS,
    # accounts (allauth and the portal's own)
    "account_login": NO_PARAMETERS,
    "account_logout": NO_PARAMETERS,
    "account_inactive": NO_PARAMETERS,
    "account_signup": NO_PARAMETERS,
    "account_reauthenticate": NO_PARAMETERS,
    "account_email": NO_PARAMETERS,
    "account_email_verification_sent": NO_PARAMETERS,
    "account_change_password": NO_PARAMETERS,
    "account_set_password": NO_PARAMETERS,
    "account_reset_password": NO_PARAMETERS,
    "account_confirm_login_code": NO_PARAMETERS,
    "account_confirm_email": lambda demo: [{"key": "no-such-key"}],
    "account_reset_password_from_key_done": NO_PARAMETERS,
    "account_reset_password_from_key": lambda demo: [
        {"uidb36": "zz", "key": "no-such-key"}
    ],
    "account_reset_password_done": NO_PARAMETERS,
    "accounts:dashboard": NO_PARAMETERS,
    "accounts:login-link-request": NO_PARAMETERS,
    "accounts:login-link-sent": NO_PARAMETERS,
    "accounts:login-link": lambda demo: [{"uidb64": "MA", "token": "no-such-token"}],
    # notifications
    "notifications:notification-list": NO_PARAMETERS,
    "notifications:unsubscribe": lambda demo: demo.unsubscribe(),
    # municipalities
    "municipalities:municipality-list": NO_PARAMETERS,
    "municipalities:municipality-detail": lambda demo: demo.first(
        "municipalities.Municipality", name_en="Alamüdün Ayil Okmotu"
    ),
    "municipalities:staff-join": NO_PARAMETERS,
    "municipalities:staff-list": NO_PARAMETERS,
    "municipalities:coordinator-list": NO_PARAMETERS,
    "municipalities:names-list": NO_PARAMETERS,
    "municipalities:names-edit": lambda demo: demo.first(
        "municipalities.Municipality", name_en="Alamüdün Ayil Okmotu"
    ),
    # the registry
    "consultants:consultant-list": NO_PARAMETERS,
    "consultants:consultant-print": NO_PARAMETERS,
    "consultants:consultant-apply": NO_PARAMETERS,
    "consultants:consultant-mine": NO_PARAMETERS,
    "consultants:application-list": NO_PARAMETERS,
    "consultants:application-detail": lambda demo: demo.consultants(status="applicant"),
    "consultants:consultant-detail": lambda demo: [{"pk": demo.member.pk}],
    "consultants:consultant-edit": lambda demo: [{"pk": demo.member.pk}],
    "consultants:consultant-withdraw": lambda demo: [{"pk": demo.member.pk}],
    "consultants:claim-list": NO_PARAMETERS,
    "consultants:claim-create": lambda demo: demo.consultants(
        user=None, status="provisional"
    ),
    "consultants:invitation-accept": lambda demo: demo.invitations(),
    "consultants:invitation-create": lambda demo: demo.consultants(
        user=None, status="provisional"
    ),
    # procurement
    "procurement:tender-list": NO_PARAMETERS,
    "procurement:tender-create": NO_PARAMETERS,
    "procurement:tender-mine": NO_PARAMETERS,
    "procurement:alert-settings": NO_PARAMETERS,
    "procurement:tender-detail": lambda demo: demo.tenders(),
    "procurement:tender-edit": lambda demo: demo.tenders("draft"),
    "procurement:tender-amend": lambda demo: demo.tenders("published"),
    "procurement:bid-submit": lambda demo: demo.tenders("published"),
    "procurement:tender-evaluate": lambda demo: demo.tenders("opened", "evaluated"),
    "procurement:bid-detail": lambda demo: demo.bids(),
    "procurement:tender-committee": lambda demo: demo.tenders("opened"),
    "procurement:interest-express": lambda demo: demo.tenders("interest"),
    "procurement:shortlist": lambda demo: demo.tenders("interest"),
    "procurement:proposals-request": lambda demo: demo.tenders("shortlisted"),
    "procurement:tender-resume": lambda demo: demo.tenders("suspended"),
    "procurement:review-list": NO_PARAMETERS,
    "procurement:review-members": NO_PARAMETERS,
    # consultation requests (the done one rated both ways, the open one)
    "consultations:request-list": NO_PARAMETERS,
    "consultations:request-create": NO_PARAMETERS,
    "consultations:request-detail": lambda demo: demo.consultation_requests(),
    # reports
    "reports:overview": NO_PARAMETERS,
    "reports:report": lambda demo: [{"scope": "all"}, {"scope": "KG-N"}],
    "reports:report-print": lambda demo: [{"scope": "KG-N"}],
    "reports:gap-list": lambda demo: [{"scope": "KG-N"}],
    "reports:flag-tenders": lambda demo: demo.flags(),
    "reports:municipality-detail": lambda demo: demo.report_municipalities(),
    # trainings and certificates
    "trainings:training-list": NO_PARAMETERS,
    "trainings:training-create": NO_PARAMETERS,
    "trainings:training-mine": NO_PARAMETERS,
    "trainings:training-detail": lambda demo: demo.first("trainings.Training"),
    "trainings:training-edit": lambda demo: demo.first("trainings.Training"),
    "trainings:training-attendance": lambda demo: demo.first("trainings.Training"),
    "trainings:training-certify": lambda demo: demo.first("trainings.Training"),
    "trainings:programme-list": NO_PARAMETERS,
    "trainings:programme-create": NO_PARAMETERS,
    "trainings:programme-detail": lambda demo: demo.first(
        "trainings.CertificationProgramme"
    ),
    "trainings:programme-edit": lambda demo: demo.first(
        "trainings.CertificationProgramme"
    ),
    "trainings:certificate-list": NO_PARAMETERS,
    "trainings:certificate-detail": lambda demo: demo.certificates(),
    "trainings:certificate-verify-form": NO_PARAMETERS,
    "trainings:certificate-verify": lambda demo: demo.verify_codes(),
}


def page_paths(demo: Demo) -> tuple[list[str], list[str]]:
    """The paths to walk (in Kyrgyz), and the names without demo data."""
    paths, empty = [], []
    with translation.override("ky"):
        for url in named_urls():
            if exclusion_reason(url) is not None:
                continue
            parameter_sets = PAGES[url.name](demo)
            if not parameter_sets:
                empty.append(url.name)
            for kwargs in parameter_sets:
                paths.append(reverse(url.name, kwargs=kwargs))
    return paths, empty
