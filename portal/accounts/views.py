from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import EmailLanguageForm, LoginLinkRequestForm
from .panels import dashboard_panels


@login_required
def dashboard(request):
    """The signed-in person's start page; the apps above add their panels
    (portal.accounts.panels)."""
    return render(
        request,
        "accounts/dashboard.html",
        {
            "role": request.user.role,
            "panels": dashboard_panels.render(request, request.user),
            "language_form": EmailLanguageForm(instance=request.user),
        },
    )


@login_required
@require_POST
def email_language(request):
    """Choose the language of the portal's emails to the signed-in person."""
    form = EmailLanguageForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("Your emails will now be written in %(language)s.")
            % {"language": request.user.get_preferred_language_display()},
        )
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "role": request.user.role,
            "panels": dashboard_panels.render(request, request.user),
            "language_form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def login_link_request(request):
    """Ask for a sign-in link; the answer is the same whether or not the email
    belongs to an account."""
    form = LoginLinkRequestForm(
        request.POST or None, initial={"email": request.GET.get("email", "")}
    )
    if request.method == "POST" and form.is_valid():
        services.login_link_request(email=form.cleaned_data["email"])
        return redirect("accounts:login-link-sent")
    return render(request, "accounts/login_link_request.html", {"form": form})


def login_link_sent(request):
    return render(request, "accounts/login_link_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def login_link(request, uidb64, token):
    """GET only asks to confirm (mail scanners follow links); POST signs in."""
    user = services.login_link_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/login_link_invalid.html", status=400)
    if request.method == "POST":
        services.login_link_sign_in(request=request, user=user)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/login_link_confirm.html", {"email": user.email})
