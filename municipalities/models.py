from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

soate_validator = RegexValidator(r"^\d{8,14}$", _("A SOATE code has 8 to 14 digits."))
inn_validator = RegexValidator(r"^\d{14}$", _("An INN has exactly 14 digits."))


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
    def for_region(self, code):
        return self.filter(region_id=code)

    def with_places(self):
        return self.select_related("region", "district")


class Municipality(models.Model):
    """A local self-government body: ayil okmotu, town or city hall."""

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
    inn = models.CharField(
        _("INN"), max_length=14, blank=True, validators=[inn_validator]
    )
    note = models.TextField(_("note"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["region__sort_order", "name_ky"]
        constraints = [
            models.UniqueConstraint(
                "region", Lower("name_ky"), name="municipality_unique_name_in_region"
            ),
            models.UniqueConstraint(
                fields=["soate"],
                condition=~models.Q(soate=""),
                name="municipality_unique_soate",
            ),
            models.UniqueConstraint(
                fields=["inn"],
                condition=~models.Q(inn=""),
                name="municipality_unique_inn",
            ),
        ]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self):
        return self.name


class StaffMembership(models.Model):
    """Links a municipal staff account to the municipality it works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("municipality"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("municipal staff member")
        verbose_name_plural = _("municipal staff")

    def __str__(self):
        return f"{self.user} — {self.municipality}"
