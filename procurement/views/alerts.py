"""Alert settings and following a tender."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from .. import access, services
from ..forms import AlertSettingsForm


@login_required
def alert_settings(request):
    user = request.user
    form = AlertSettingsForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.alerts_save(
                user=user,
                regions=data["regions"],
                expertise_areas=data["expertise_areas"],
                own_municipality=data.get("own_municipality", False),
                email_alerts=data["email_alerts"],
                in_app_alerts=data["in_app_alerts"],
                rhythm=data["rhythm"],
                digest_hour=data["digest_hour"],
                language=data["language"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your alerts are saved."))
            return redirect("procurement:alert-settings")
    subscriptions = user.tender_subscriptions.select_related(
        "region", "expertise", "municipality"
    )
    return render(
        request,
        "procurement/alert_settings.html",
        {"form": form, "subscriptions": subscriptions},
    )


@login_required
@require_POST
def tender_follow(request, pk):
    tender = access.get_visible_tender(request.user, pk)
    if request.POST.get("follow") == "0":
        services.tender_unfollow(user=request.user, tender=tender)
        messages.success(request, _("You no longer follow this tender."))
    else:
        services.tender_follow(user=request.user, tender=tender)
        messages.success(
            request, _("You follow this tender: you will hear of its changes.")
        )
    return redirect(tender)
