"""Members who could help a municipality, with the reasons each is shown: what
the municipality's page, a tender draft's page and the API show. The ranking
is ``Consultant.objects.recommended_for`` (consultants/models/recommendations.py,
its formula in the docstring); this module only words its flags."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Consultant, ExpertiseArea
from .models.recommendations import RECOMMENDED_SHOWN


@dataclass
class Recommendation:
    member: Consultant
    score: float
    reasons: list[str] = field(default_factory=list)
    # the flags behind the reasons, for the API
    expertise_areas: list[str] = field(default_factory=list)
    certified_for: list[str] = field(default_factory=list)
    serves_district: bool = False
    serves_region: bool = False
    based_in_region: bool = False
    available: bool = True
    busy_until: date | None = None


def _names(codes, names: dict) -> str:
    return ", ".join(str(names[code]) for code in codes if code in names)


def _reasons(member, municipality, codes, names) -> Recommendation:
    """Word the flags the database computed for one member (no query)."""
    own_areas = set(member.expertise_codes)
    matched = [code for code in codes if code in own_areas]
    certified = [
        code for code in (codes or sorted(names)) if code in member.certified_areas
    ]
    reasons = []
    if matched:
        reasons.append(_("expertise: %(areas)s") % {"areas": _names(matched, names)})
    if member.serves_district:
        reasons.append(
            _("serves the district: %(district)s") % {"district": municipality.district}
        )
    if member.based_in_region:
        reasons.append(
            _("based in the region: %(region)s") % {"region": municipality.region}
        )
    elif member.serves_region:
        reasons.append(
            _("serves the region: %(region)s") % {"region": municipality.region}
        )
    if member.certified and certified:
        reasons.append(
            _("certified for: %(areas)s") % {"areas": _names(certified, names)}
        )
    if member.completed_contracts:
        reasons.append(
            ngettext(
                "%(count)d completed contract",
                "%(count)d completed contracts",
                member.completed_contracts,
            )
            % {"count": member.completed_contracts}
        )
    if member.rating_count:
        reasons.append(
            ngettext(
                "★ %(average)s from %(count)d rating",
                "★ %(average)s from %(count)d ratings",
                member.rating_count,
            )
            % {
                "average": formats.number_format(member.rating_average, 1),
                "count": member.rating_count,
            }
        )
    if member.busy:
        reasons.append(
            _("busy until %(day)s")
            % {"day": formats.date_format(member.busy_until, "SHORT_DATE_FORMAT")}
        )
    else:
        reasons.append(_("available"))
    return Recommendation(
        member=member,
        score=round(member.score, 2),
        reasons=reasons,
        expertise_areas=matched,
        certified_for=certified if member.certified else [],
        serves_district=member.serves_district,
        serves_region=member.serves_region,
        based_in_region=member.based_in_region,
        available=not member.busy,
        busy_until=member.busy_until if member.busy else None,
    )


def recommend(municipality, expertise_codes=(), today=None) -> list[Recommendation]:
    """The members who could help, best first, with their reasons: two queries
    whatever the number shown (the areas' names, the ranked members with
    their home regions and expertise codes)."""
    today = today or timezone.localdate()
    codes = sorted({code for code in expertise_codes if code})
    names = {area.code: area.name for area in ExpertiseArea.objects.all()}
    members = (
        Consultant.objects.recommended_for(
            municipality=municipality, expertise_codes=codes, today=today, limit=0
        )
        .select_related("home_region")
        .annotate(
            expertise_codes=ArraySubquery(
                ExpertiseArea.objects.filter(consultants=OuterRef("pk"))
                .order_by("code")
                .values("code")
            )
        )
    )[:RECOMMENDED_SHOWN]
    return [_reasons(member, municipality, codes, names) for member in members]


class ExpertiseChoiceForm(forms.Form):
    """The municipality page's "who could help with …" choice (GET)."""

    expertise = forms.ModelChoiceField(
        label=gettext_lazy("Who could help with"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("any expertise area"),
    )
