"""Who may bid on a tender: the one home of the rule, as the check of one
consultant (``Tender.eligibility_problem``) and as lists for many
(``Tender.eligible_consultants()``, ``Tender.objects.biddable_by(user)``),
which alerts, "tenders for me" and digests ask. Two parts: the method's rule
(open: anyone; restricted and request for quotations: the invited; two-stage:
anyone may express interest, then only the shortlisted may submit proposals;
single source: the named member) and the member's standing (certified where
required, not suspended, not an author of the terms of reference).
Eligibility is judged as of
now from the certificate dates (``Certificate.objects.status_as_of_q``), so a
certificate past its date no longer counts even before the daily expiry task
has recorded it. Tests check that the lists agree with the check."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant, NetworkStatus
from trainings.models import Certificate

from .choices import INVITATION_METHODS, Eligibility, ProcurementMethod, TenderStatus
from .methods import Invitation


def _one_level_deeper(ref):
    """A reference to an outer query's row, as seen from a subquery."""
    return models.OuterRef(ref) if isinstance(ref, models.F) else ref


class EligibilityQuerySetMixin:
    """Mixed into TenderQuerySet."""

    def biddable_by(self, user_ref, today=None):
        """Tenders the user may bid on as of today, or the user has no
        consultant profile (staff, coordinators: nothing to be eligible
        for). `user_ref` is a user's pk or an OuterRef to it. The rule of
        eligibility_problem, for many tenders at once (alerts, "tenders for
        me", digests)."""
        tender_level_ref = user_ref
        user_ref = _one_level_deeper(user_ref)
        profile = Consultant.objects.filter(user_id=user_ref)
        as_of = Certificate.objects.status_as_of_q
        certified = NetworkStatus.CERTIFIED
        registered = [NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED]
        author = self.model.terms_of_reference_authors.through.objects.filter(
            tender_id=models.OuterRef("pk"), consultant__user_id=user_ref
        )
        invited = Invitation.objects.filter(
            tender_id=models.OuterRef("pk"), consultant__user_id=user_ref
        )
        method_allows = (
            Q(procurement_method=ProcurementMethod.OPEN)
            | Q(
                procurement_method=ProcurementMethod.TWO_STAGE,
                status=TenderStatus.INTEREST,
            )
            | Q(
                procurement_method=ProcurementMethod.SINGLE_SOURCE,
                single_source_consultant__user_id=tender_level_ref,
            )
            | (
                Q(
                    procurement_method__in=[
                        *INVITATION_METHODS,
                        ProcurementMethod.TWO_STAGE,
                    ]
                )
                & Q(models.Exists(invited))
            )
        )
        return self.filter(
            ~Q(models.Exists(profile))
            | (
                method_allows
                & Q(eligibility=Eligibility.CERTIFIED)
                & Q(models.Exists(profile.filter(as_of([certified], today))))
                & ~Q(models.Exists(author))
            )
            | (
                method_allows
                & ~Q(eligibility=Eligibility.CERTIFIED)
                & Q(models.Exists(profile.filter(as_of(registered, today))))
                & ~Q(models.Exists(author))
            )
        )

    def subscribed_by(self, user_ref):
        """Tenders one of the user's subscriptions matches (`user_ref`: a
        user's pk or an OuterRef to it)."""
        from .alerts import TenderSubscription

        return self.filter(
            models.Exists(
                TenderSubscription.objects.filter(
                    user_id=_one_level_deeper(user_ref)
                ).matching_outer_tender()
            )
        )


class TenderEligibility:
    """Mixed into Tender."""

    def eligible_consultants(self, today=None):
        """The consultants who may bid on this tender as of today: the rule of
        eligibility_problem as a QuerySet (matching alerts ask it)."""
        statuses = [NetworkStatus.CERTIFIED]
        if self.eligibility != Eligibility.CERTIFIED:
            statuses.append(NetworkStatus.PROVISIONAL)
        consultants = Consultant.objects.all()
        if self.is_single_source:
            consultants = consultants.filter(pk=self.single_source_consultant_id)
        elif self.invites_members or (
            self.is_two_stage and self.status != TenderStatus.INTEREST
        ):
            consultants = consultants.filter(
                pk__in=Invitation.objects.filter(tender_id=self.pk).values(
                    "consultant_id"
                )
            )
        return consultants.filter(
            Certificate.objects.status_as_of_q(statuses, today)
        ).exclude(
            pk__in=self.terms_of_reference_authors.through.objects.filter(
                tender_id=self.pk
            ).values("consultant_id")
        )

    def eligibility_problem(self, consultant):
        """Why this consultant may not bid, or None. A read: the network
        status is judged as of now from the certificate dates, so a
        certificate past its date no longer counts even before the daily
        expiry task has recorded it. Answered once for the tender's page
        (the rows it read with the tender for the signed-in user)."""
        page = self._page_rows_of(consultant)
        if page is None:
            return self._eligibility_problem(consultant, None)
        if "eligibility" not in page:
            page["eligibility"] = self._eligibility_problem(consultant, page)
        return page["eligibility"]

    def _page_rows_of(self, consultant):
        page = getattr(self, "page_rows", None)
        if page is None or page["user_id"] != consultant.user_id:
            return None
        return page

    def _eligibility_problem(self, consultant, page):
        problem = self.method_problem(consultant)
        if problem:
            return problem
        status = Certificate.objects.network_status_as_of(consultant)
        if status == NetworkStatus.SUSPENDED:
            return _("A suspended member cannot bid.")
        if self.eligibility == Eligibility.CERTIFIED:
            if status != NetworkStatus.CERTIFIED:
                return _("Only certified network members may bid on this tender.")
        elif status not in (NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED):
            return _("Only registered network members may bid.")
        if (
            page["wrote_terms"]
            if page is not None
            else self.terms_of_reference_authors.filter(pk=consultant.pk).exists()
        ):
            return _(
                "You worked on the terms of reference of this tender, so you "
                "cannot bid on it (conflict of interest)."
            )
        return None

    def method_problem(self, consultant):
        """Why the tender's method shuts this consultant out, or None."""
        if self.is_single_source:
            if self.single_source_consultant_id != consultant.pk:
                return _(
                    "This is a single-source tender: only the named member may submit."
                )
            return None
        if self.is_two_stage and self.status == TenderStatus.INTEREST:
            return None
        if self.invites_members or self.is_two_stage:
            read = getattr(self, "_prefetched_objects_cache", {}).get("invitations")
            invited = (
                any(i.consultant_id == consultant.pk for i in read)
                if read is not None
                else self.invitations.filter(consultant=consultant).exists()
            )
            if not invited and self.is_two_stage:
                return _("Only shortlisted members may submit proposals.")
            if not invited:
                return _("Only members the municipality invited may bid.")
        return None
