"""Staff drafting a restricted tender or a request for quotations invite
members from the recommendations shown on the draft's page."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultants.models import Consultant

from .. import access, services
from .common import _act, _invalid


@login_required
@require_POST
def tender_invite_recommended(request, pk):
    """Add the ticked members to the draft's invited members (the draft's own
    rules apply: services.tender_save, at least PROCUREMENT_MIN_INVITED)."""
    tender = access.get_managed_tender(request.user, pk)
    if "edit" not in access.staff_actions(request.user, tender) or (
        not tender.invites_members
    ):
        return _invalid(
            request,
            _(
                "Members are invited while drafting a restricted tender or a "
                "request for quotations."
            ),
            tender,
        )
    try:
        ids = {int(value) for value in request.POST.getlist("member")}
    except ValueError:
        ids = set()
    chosen = list(Consultant.objects.public().filter(pk__in=ids)) if ids else []
    if not ids or len(chosen) != len(ids):
        return _invalid(request, _("Choose the members to invite."), tender)
    invited = {*tender.invited_consultants.all(), *chosen}
    return _act(
        request,
        tender,
        _("The chosen members are invited; they may bid once it is published."),
        services.tender_save,
        tender=tender,
        municipality=tender.municipality,
        by=request.user,
        values={"invited_consultants": sorted(invited, key=lambda c: c.pk)},
    )
