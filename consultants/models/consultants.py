"""Consultants (organizations and individuals) and their areas of expertise;
their queryset (the registry's reads) is in queries.py."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Concat, Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from municipalities.models import District, Region, inn_validator
from municipalities.phones import PhoneField
from portal.errors import DomainError
from portal.kept import kept_ids
from portal.rows import ChoiceLabels, id_url
from portal.search import Words, folded_document

from .choices import ConsultantKind, ExpertiseArea, LegalForm, WorkLanguage
from .queries import ConsultantQuerySet, name_sort_key
from .search import SEARCHED_COLUMNS, folded_names
from .statuses import (
    _CERTIFICATION_MOVES,
    ACTIVE_STATUSES,
    NETWORK_TRANSITIONS,
    PUBLIC_STATUSES,
    NetworkStatus,
    StatusChange,
)
from .trust import Availability, full_years_since

# the registry's array filters, each with a GIN index of the active members
ACTIVE_FILTER_ARRAYS = {
    "region_codes": "regions",
    "district_ids": "district",
    "expertise_ids": "areas",
    "languages": "langs",
}


def _search_document():
    """Names, bios (every language) and the expertise areas' names, lowered,
    in one column with a trigram index."""
    parts = []
    for field in ("name", "bio"):
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            parts += [
                Coalesce(
                    f"{field}_{lang}", models.Value(""), output_field=models.TextField()
                ),
                models.Value(" "),
            ]
    parts.append("expertise_text")
    return Lower(Concat(*parts, output_field=models.TextField()))


class Consultant(ChoiceLabels, models.Model):
    """A member of (or applicant to) the network: an NGO or an individual."""

    kind = models.CharField(_("kind"), max_length=16, choices=ConsultantKind.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=32, choices=LegalForm.choices, blank=True
    )
    legal_form_note = models.CharField(
        _("legal form as registered"), max_length=100, blank=True
    )
    name = models.CharField(_("name"), max_length=255)
    bio = models.TextField(_("about"), blank=True)
    home_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="home_consultants",
        verbose_name=_("home region"),
    )
    regions_served = models.ManyToManyField(
        Region, blank=True, related_name="served_by", verbose_name=_("regions served")
    )
    districts_served = models.ManyToManyField(
        District,
        blank=True,
        related_name="served_by",
        verbose_name=_("districts served"),
    )
    expertise_areas = models.ManyToManyField(
        ExpertiseArea,
        blank=True,
        related_name="consultants",
        verbose_name=_("expertise areas"),
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=WorkLanguage.choices),
        verbose_name=_("languages of work"),
        default=list,
        blank=True,
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = PhoneField(_("phone"), blank=True)
    website = models.URLField(_("website"), blank=True)
    inn = models.CharField(
        _("INN"), max_length=14, blank=True, validators=[inn_validator]
    )
    status = models.CharField(
        _("network status"),
        max_length=16,
        choices=NetworkStatus.choices,
        default=NetworkStatus.APPLICANT,
        db_index=True,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultant",
        verbose_name=_("account"),
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        db_default=Availability.AVAILABLE,
    )
    busy_until = models.DateField(_("busy until"), null=True, blank=True)
    # kept by ConsultantRating.refresh_figures (consultants/models/trust.py)
    # database defaults too: bulk loaders (COPY, raw INSERT) need not know them
    rating_count = models.PositiveIntegerField(
        _("ratings"), default=0, db_default=0, editable=False
    )
    rating_average = models.DecimalField(
        _("average rating"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    completed_contracts = models.PositiveIntegerField(
        _("completed contracts"), default=0, db_default=0, editable=False
    )
    # kept by the trainings app's services (certify, suspend, revoke, reinstate,
    # expire, attendance): the codes of the expertise areas the member holds a
    # certificate in force for, the certificates in force and the trainings
    # completed; and the day the member joined the network (kept by accept)
    certified_areas = ArrayField(
        models.SlugField(max_length=64),
        verbose_name=_("certified for"),
        default=list,
        db_default=models.Value([], output_field=ArrayField(models.SlugField())),
        blank=True,
        editable=False,
    )
    active_certificates = models.PositiveIntegerField(
        _("certificates in force"), default=0, db_default=0, editable=False
    )
    trainings_completed = models.PositiveIntegerField(
        _("trainings completed"), default=0, db_default=0, editable=False
    )
    member_since = models.DateField(
        _("member of the network since"), null=True, blank=True, editable=False
    )
    # the names of the expertise areas in every language, written by the
    # database only (triggers of migration 0006: on every write of the row and
    # whenever its areas or their names change), so the search column covers them
    expertise_text = models.TextField(
        editable=False, blank=True, default="", db_default=""
    )
    # the home region and the regions served, written by the database only
    # (triggers of migration 0007), GIN-indexed for the region filter
    region_codes = ArrayField(
        models.CharField(max_length=8),
        editable=False,
        blank=True,
        default=list,
        db_default=models.Value([], output_field=ArrayField(models.CharField())),
    )
    # the ids of the districts served and of the expertise areas, written by
    # the database only (triggers of migration 0015: on every write of these
    # columns and whenever the districts or areas served change), GIN-indexed
    # for the registry's district and expertise filters
    district_ids = kept_ids()
    expertise_ids = kept_ids()
    search_document = models.GeneratedField(
        expression=_search_document(),
        output_field=models.TextField(),
        db_persist=True,
    )
    # the names of the home region and of the regions and districts served, in
    # every language, written by the database only (triggers of migration
    # 0007, on every write of the row and whenever what is served or those
    # names change)
    places_text = models.TextField(
        editable=False, blank=True, default="", db_default=""
    )
    # names, bios, expertise areas and places, folded for loose spelling
    # (portal.search): what the registry's search reads
    search_folded = models.GeneratedField(
        expression=folded_document(*SEARCHED_COLUMNS),
        output_field=models.TextField(),
        db_persist=True,
    )
    # the distinct words of search_folded, first occurrence first (a few
    # hundred characters, kept in the row uncompressed: STORAGE MAIN, migration
    # 0014): the trigram index the search reads and what its hits are
    # checked against (~1 µs a row rather than ~10 for search_folded)
    search_words = models.GeneratedField(
        expression=Words(folded_document(*SEARCHED_COLUMNS)),
        output_field=models.TextField(),
        db_persist=True,
    )
    # the name in each language, folded: the search's exact-name arm (GIN
    # index) and its ranking, without folding names at query time
    folded_names = models.GeneratedField(
        expression=folded_names(),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        ordering = ["name_ky", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inn"], condition=~Q(inn=""), name="consultant_unique_inn"
            ),
            models.CheckConstraint(
                condition=Q(kind="organization")
                | Q(legal_form__in=["", "sole_trader"]),
                name="consultant_individual_legal_form",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="consultant_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(availability="busy") | Q(busy_until__isnull=False),
                name="consultant_busy_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["home_region", "status"]),
            GinIndex(fields=["languages"], name="consultant_languages_gin"),
            GinIndex(fields=["certified_areas"], name="consultant_certified_gin"),
            # the registry's trust sorts (consultants/filters.py SORTS)
            models.Index(
                models.F("rating_average").desc(nulls_last=True),
                models.F("rating_count").desc(),
                models.F("id"),
                name="consultant_rating_sort",
            ),
            models.Index(
                models.F("completed_contracts").desc(),
                models.F("id"),
                name="consultant_contracts_sort",
            ),
            models.Index(
                models.F("member_since").desc(nulls_last=True),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="consultant_newest_sort",
            ),
            GinIndex(fields=["region_codes"], name="consultant_region_codes_gin"),
            GinIndex(fields=["district_ids"], name="consultant_district_ids_gin"),
            GinIndex(fields=["expertise_ids"], name="consultant_expertise_ids_gin"),
            # the same for the registry's default list, the active members: a
            # filter's capped count is one bitmap scan, not an AND with the
            # bitmap of 67,000 active rows (migration 0016)
            *(
                GinIndex(
                    fields=[field],
                    name=f"consultant_active_{short}_gin",
                    condition=Q(status__in=ACTIVE_STATUSES),
                )
                for field, short in ACTIVE_FILTER_ARRAYS.items()
            ),
            # the registry's sorts: ORDER BY … LIMIT reads these in order
            models.Index(models.F("name_ky"), "id", name="consultant_name_ky_id"),
            models.Index(name_sort_key("ru"), "id", name="consultant_name_ru_id"),
            models.Index(name_sort_key("en"), "id", name="consultant_name_en_id"),
            models.Index(fields=["updated_at", "id"], name="consultant_updated_id"),
            models.Index(fields=["status", "id"], name="consultant_status_id"),
            GinIndex(
                fields=["search_document"],
                name="consultant_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["search_words"],
                name="consultant_words_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(fields=["folded_names"], name="consultant_folded_names_gin"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return id_url("consultants:consultant-detail", self.pk)

    def clean(self):
        if self.kind == ConsultantKind.INDIVIDUAL and self.legal_form not in (
            "",
            LegalForm.SOLE_TRADER,
        ):
            raise ValidationError(
                {"legal_form": _("An individual consultant can only be a sole trader.")}
            )
        # the rule of the constraint consultant_busy_has_date, with a message
        if self.availability == Availability.BUSY and not self.busy_until:
            raise ValidationError(
                {"busy_until": _("Give the date until which you are busy.")}
            )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def is_available(self, today=None) -> bool:
        """The one-row form of ConsultantQuerySet.available()."""
        if self.availability == Availability.BUSY:
            today = today or timezone.localdate()
            return self.busy_until is not None and self.busy_until < today
        return self.availability == Availability.AVAILABLE

    @cached_property
    def certified_names(self) -> list[str]:
        """The names (in the reader's language) of the expertise areas the
        member is certified for."""
        ExpertiseArea.name_certified_areas([self])
        return self.__dict__["certified_names"]

    @property
    def years_in_network(self) -> int | None:
        """Whole years since the member joined the network."""
        return full_years_since(self.member_since, timezone.localdate())

    @property
    def is_under_review(self) -> bool:
        """An application waiting for the academy's decision."""
        return self.status == NetworkStatus.APPLICANT

    def available_transitions(self, user) -> list[str]:
        """The moves (names in NETWORK_TRANSITIONS) this user may make now,
        for templates and the API. Certification-driven moves are not offered:
        they follow the certificates."""
        if not getattr(user, "is_authenticated", False):
            return []
        own = self.user_id is not None and self.user_id == user.pk
        allowed = {
            "accept": user.is_academy_admin,
            "decline": user.is_academy_admin,
            "resubmit": own,
            "withdraw": own or user.is_academy_admin,
        }
        return [
            name
            for name, move in NETWORK_TRANSITIONS.items()
            if allowed.get(name) and self.status in move.sources
        ]

    def accept(self, *, by) -> None:
        """Admit an applicant to the network as a provisional member."""
        self.transition("accept", by=by)

    def decline(self, *, by, reason: str) -> None:
        """Refuse an application; the reason is shown to the applicant."""
        self.transition("decline", by=by, reason=reason)

    def withdraw(self, *, by, reason: str = "") -> None:
        """A member leaves the network (at their own wish or recorded by the
        academy). The profile stays in the registry, marked as withdrawn."""
        self.transition("withdraw", by=by, reason=reason)

    def resubmit(self, *, by) -> None:
        """A declined applicant may correct the profile and apply again."""
        self.transition("resubmit", by=by)

    def change_status(
        self,
        new_status: str,
        *,
        by,
        reason: str = "",
        note: str = "",
        note_params: dict | None = None,
    ) -> None:
        """Make the network status follow the certificates (certified,
        suspended, provisional again). Only moves among the member statuses;
        anything else raises DomainError. `reason` (why a certificate was
        suspended or revoked) goes to the status history, not to
        `decision_reason`, which says why an application was declined."""
        name = _CERTIFICATION_MOVES.get(new_status)
        if name is None:
            raise DomainError(_("The network status cannot change this way."))
        self.transition(name, by=by, reason=reason, note=note, note_params=note_params)

    def transition(
        self,
        name: str,
        *,
        by,
        reason: str = "",
        note: str = "",
        note_params: dict | None = None,
    ) -> None:
        """Make the move `name` of NETWORK_TRANSITIONS and keep it in the
        history. Refused with DomainError unless the current status is one of
        the move's sources. `reason` is what a person typed; `note` is an
        English message written by the portal (marked with gettext_noop),
        shown translated to each reader."""
        move = NETWORK_TRANSITIONS[name]
        if self.status not in move.sources:
            raise DomainError(move.refusal)
        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise DomainError(_("Give the reason for declining the application."))
        old_status = self.status
        self.status = move.target
        now = timezone.now()
        changed_by = by if getattr(by, "pk", None) else None
        fields = ["status", "updated_at"]
        if move.is_decision:
            self.decision_reason = reason
            self.decided_at = now
            self.decided_by = changed_by
            fields += ["decision_reason", "decided_at", "decided_by"]
        if name == "accept":
            # the day the member joined the network (Bishkek time)
            self.member_since = timezone.localdate(now)
            fields.append("member_since")
        self.save(update_fields=fields)
        StatusChange.objects.create(
            consultant=self,
            old_status=old_status,
            new_status=move.target,
            reason=reason,
            note=note,
            note_params=note_params or {},
            changed_by=changed_by,
            changed_at=now,
        )
