"""The alert settings: which tenders (regions × expertise areas, and for
municipal staff their municipality's), how (email, in the portal), when
(immediately or a daily digest) and in which language."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consultants.models import ExpertiseArea
from municipalities.access import staff_municipality_id
from municipalities.models import Region
from portal.notifications.models import Preferences, Rhythm

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class AlertSettingsForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the municipality is or the work is done. None: any region."),
    )
    expertise_areas = forms.ModelMultipleChoiceField(
        label=_("Expertise areas"),
        queryset=ExpertiseArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: any expertise area."),
    )
    own_municipality = forms.BooleanField(
        label=_("Follow every tender of my municipality"),
        required=False,
        help_text=_(
            "Amendments, answers, reminders and cancelling, as for a followed tender."
        ),
    )
    email_alerts = forms.BooleanField(label=_("Alerts by email"), required=False)
    in_app_alerts = forms.BooleanField(label=_("Alerts in the portal"), required=False)
    rhythm = forms.ChoiceField(
        label=_("New tenders by email"),
        choices=Rhythm.choices,
        widget=forms.RadioSelect,
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Hour of the daily digest (Bishkek time)"),
        choices=HOURS,
        coerce=int,
        help_text=_("With a section of tenders closing within 7 days."),
    )
    language = forms.ChoiceField(
        label=_("Language of messages"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        preferences = Preferences.of(user)
        subscriptions = list(user.tender_subscriptions.all())
        kwargs.setdefault(
            "initial",
            {
                "regions": {s.region_id for s in subscriptions if s.region_id},
                "expertise_areas": {
                    s.expertise_id for s in subscriptions if s.expertise_id
                },
                "own_municipality": any(s.municipality_id for s in subscriptions),
                "email_alerts": preferences.email_alerts,
                "in_app_alerts": preferences.in_app_alerts,
                "rhythm": preferences.rhythm,
                "digest_hour": preferences.digest_hour,
                "language": user.preferred_language,
            },
        )
        super().__init__(*args, **kwargs)
        if user.is_coordinator:
            self.fields["regions"].queryset = user.coordinated_regions.all()
            self.fields["regions"].help_text = _(
                "Among the regions you coordinate. None: all of them."
            )
        if staff_municipality_id(user) is None:
            del self.fields["own_municipality"]
