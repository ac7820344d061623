"""The registry's reference lists: expertise areas (a table) and the
choices of a consultant's kind, legal form and languages of work."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import cached_rows, remember_sql


class ExpertiseArea(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @classmethod
    def reference_rows(cls) -> list:
        """Every area in the registry's order, from the cache (portal.choices,
        watched in ConsultantsConfig.ready): fresh instances each call."""
        return cached_rows(_REFERENCE_ROWS)

    @classmethod
    def name_certified_areas(cls, consultants) -> None:
        """Give each consultant its certified_names from the cached areas (a
        page of the registry), instead of a query per row."""
        consultants = list(consultants)
        names = {}
        if any(c.certified_areas for c in consultants):
            names = {a.code: a.name for a in cls.reference_rows()}
        for consultant in consultants:
            consultant.certified_names = [
                names[code] for code in consultant.certified_areas if code in names
            ]


_REFERENCE_ROWS = remember_sql(ExpertiseArea.objects.order_by("sort_order", "code"))


class WorkLanguage(models.TextChoices):
    KYRGYZ = "ky", _("Kyrgyz")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    UZBEK = "uz", _("Uzbek")
    TAJIK = "tg", _("Tajik")


class ConsultantKind(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    INDIVIDUAL = "individual", _("individual consultant")


class LegalForm(models.TextChoices):
    PUBLIC_FOUNDATION = "public_foundation", _("public foundation")
    PUBLIC_ASSOCIATION = "public_association", _("public association")
    BRANCH = "branch", _("branch of a public association")
    ASSOCIATION = "association", _("association (union) of legal entities")
    SOLE_TRADER = "sole_trader", _("sole trader")
    OTHER = "other", _("other")
