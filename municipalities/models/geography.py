from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Concat, Lower, NullIf
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.search import folded_document, folded_words

soate_validator = RegexValidator(r"^\d{8,14}$", _("A SOATE code has 8 to 14 digits."))
inn_validator = RegexValidator(r"^\d{14}$", _("An INN has exactly 14 digits."))
LANGUAGES = ("ky", "ru", "en")


def name_in(language: str | None = None):
    """The name shown in a language, with modeltranslation's fallbacks (the
    register gives Russian names only): the expression lists sort by, each
    language with its own index."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language not in LANGUAGES:
        language = settings.LANGUAGE_CODE
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [language, *fallbacks.get(language, fallbacks["default"])]
    order = list(dict.fromkeys(order))
    return Coalesce(
        *(NullIf(f"name_{lang}", models.Value("")) for lang in order),
        output_field=models.CharField(),
    )


def search_document(*fields):
    """Lower-cased names in every language and the code, for trigram search
    (a database with a UTF-8 locale folds Cyrillic and ө, ү, ң)."""
    parts = []
    for field in fields:
        parts += [
            Coalesce(field, models.Value(""), output_field=models.TextField()),
            models.Value(" "),
        ]
    return Lower(Concat(*parts, output_field=models.TextField()))


def words(text: str) -> list[str]:
    return [word for word in (text or "").lower().split() if word]


class RegionKind(models.TextChoices):
    OBLAST = "oblast", _("region (oblast)")
    CITY = "city", _("city of republican significance")


class Region(models.Model):
    """An oblast or a city of republican significance, keyed by ISO 3166-2:KG."""

    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=8,
        primary_key=True,
        validators=[RegexValidator(r"^KG-[A-Z]{1,2}$")],
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RegionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    soate = models.CharField(
        _("SOATE code"), max_length=14, blank=True, validators=[soate_validator]
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_regions",
        verbose_name=_("oblast coordinators"),
        limit_choices_to={"role": "coordinator"},
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    def neighbours(self):
        """The regions bordering this one (municipalities/adjacency.py)."""
        from ..adjacency import neighbour_codes

        return Region.objects.filter(code__in=neighbour_codes(self.code))


class District(models.Model):
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("region"),
    )
    name = models.CharField(_("name"), max_length=120)
    soate = models.CharField(
        _("SOATE code"), max_length=14, blank=True, validators=[soate_validator]
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region__sort_order", "name_ky"]
        constraints = [
            models.UniqueConstraint(
                "region", Lower("name_ky"), name="district_unique_name_in_region"
            ),
        ]

    def __str__(self):
        return self.name


class MunicipalityKind(models.TextChoices):
    AYIL_OKMOTU = "ayil_okmotu", _("ayil okmotu")
    TOWN = "town", _("town")
    CITY_HALL = "city_hall", _("city hall")


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        """Municipalities of the register in force (not retired by a merger)."""
        return self.filter(retired_on__isnull=True)

    def retired(self):
        return self.filter(retired_on__isnull=False)

    def for_region(self, code):
        return self.filter(region_id=code)

    def for_district(self, district_id):
        return self.filter(district_id=district_id)

    def search(self, text: str):
        """Every word in the municipality's names or code, or in the name of a
        place it serves; in any language, case and loose spelling (Latin or
        Cyrillic: portal.search), on trigram indexes."""
        qs = self
        for word in folded_words(text):
            # a union, so that each side is answered from its own index
            named = Municipality.objects.filter(search_folded__contains=word)
            serving = Place.objects.filter(search_folded__contains=word)
            qs = qs.filter(
                pk__in=named.order_by()
                .values("pk")
                .union(serving.order_by().values("municipality_id"))
            )
        return qs

    def by_name(self, language: str | None = None, descending: bool = False):
        expression = name_in(language)
        return self.order_by(
            expression.desc() if descending else expression.asc(), "id"
        )

    def with_places(self):
        return self.select_related("region", "district")

    def for_listing(self):
        return self.select_related("region", "district", "successor")


class Municipality(models.Model):
    """A local self-government body: ayil okmotu, town or city hall.

    Those of the SOATE register carry its code and the register's Russian name
    (`soate_name`); the names shown are per language and fall back to Russian.
    A municipality that disappears from a newer register is retired, never
    deleted: tenders, staff and history keep pointing at it, and `successor`
    says which municipality took it over."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MunicipalityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    soate = models.CharField(
        _("SOATE code"), max_length=14, blank=True, validators=[soate_validator]
    )
    soate_name = models.CharField(_("name in the register"), max_length=200, blank=True)
    inn = models.CharField(
        _("INN"), max_length=14, blank=True, validators=[inn_validator]
    )
    note = models.TextField(_("note"), blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("succeeded by"),
    )
    search_document = models.GeneratedField(
        expression=search_document("name_ky", "name_ru", "name_en", "soate"),
        output_field=models.TextField(),
        db_persist=True,
    )
    # the same, folded for loose spelling (portal.search)
    search_folded = models.GeneratedField(
        expression=folded_document("name_ky", "name_ru", "name_en", "soate"),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["region__sort_order", "name_ru", "id"]
        constraints = [
            # two ayil aimaks of one oblast may share a name; of one district not
            models.UniqueConstraint(
                "district",
                Lower("name_ky"),
                condition=Q(retired_on__isnull=True) & ~Q(name_ky=""),
                name="municipality_unique_name_in_district",
                violation_error_message=_(
                    "Another municipality of this district has this Kyrgyz name."
                ),
            ),
            models.UniqueConstraint(
                fields=["soate"],
                condition=~Q(soate=""),
                name="municipality_unique_soate",
            ),
            models.UniqueConstraint(
                fields=["inn"],
                condition=~Q(inn=""),
                name="municipality_unique_inn",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(retired_on__isnull=False),
                name="municipality_successor_only_when_retired",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["kind", "retired_on"]),
            GinIndex(
                fields=["search_document"],
                name="municipality_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["search_folded"],
                name="municipality_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            *(
                models.Index(name_in(language), name=f"municipality_name_{language}")
                for language in LANGUAGES
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:municipality-detail", args=[self.pk])

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class PlaceKind(models.TextChoices):
    VILLAGE = "village", _("village")
    SETTLEMENT = "settlement", _("urban-type settlement")


class Place(models.Model):
    """A village or settlement of the register, and the municipality that
    serves it. Reloaded with each register: nothing else refers to it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="places",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=PlaceKind.choices, default=PlaceKind.VILLAGE
    )
    name = models.CharField(_("name"), max_length=200)
    soate = models.CharField(
        _("SOATE code"), max_length=14, unique=True, validators=[soate_validator]
    )
    search_document = models.GeneratedField(
        expression=search_document("name_ky", "name_ru", "name_en"),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_folded = models.GeneratedField(
        expression=folded_document("name_ky", "name_ru", "name_en"),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name_ru", "id"]
        indexes = [
            GinIndex(
                fields=["search_document"],
                name="place_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["search_folded"],
                name="place_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self):
        return self.name
