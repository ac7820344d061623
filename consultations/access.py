"""Who may see or do what with consultation requests: the one home of these
rules, asked by the pages, the API and the templates.

Reading: the academy reads every request, a coordinator the requests of
municipalities in their regions (to follow how the network is used there),
a municipality's confirmed staff their municipality's, a member only the
requests sent to them (ConsultationRequest.objects.visible_to). Acting: the
municipality's confirmed staff write, choose, close, mark done and rate; a
member answers the requests sent to them and rates the municipality after
work they were chosen for."""

from django.http import Http404

from municipalities.access import confirmed_membership, staff_municipality_id

from .models import ConsultationRequest, MunicipalityRating, Recipient, RequestStatus


def can_create_request(user) -> bool:
    """Confirmed staff of a municipality write requests."""
    return confirmed_membership(user) is not None


def can_manage_request(user, request_: ConsultationRequest) -> bool:
    return (
        staff_municipality_id(user) is not None
        and staff_municipality_id(user) == request_.municipality_id
    )


def get_visible_request(user, pk) -> ConsultationRequest:
    """The request if the user may read it; 404 otherwise (its existence is
    not told)."""
    found = (
        ConsultationRequest.objects.visible_to(user)
        .select_related(
            "municipality__region", "expertise_area", "chosen__consultant", "tender"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def recipient_for(user, request_: ConsultationRequest) -> Recipient | None:
    """The user's own row among the request's recipients, if any."""
    if not (user.is_authenticated and user.is_consultant):
        return None
    return (
        Recipient.objects.filter(request=request_, consultant__user=user)
        .select_related("consultant")
        .first()
    )


def can_answer_request(user, request_, recipient: Recipient | None) -> bool:
    return recipient is not None and request_.is_open


def can_see_answers(user, request_) -> bool:
    """Every answer side by side: the municipality's staff, the academy and
    the region's coordinator (who only read)."""
    from municipalities.access import coordinates

    return user.is_authenticated and (
        user.is_academy_admin
        or can_manage_request(user, request_)
        or coordinates(user, request_.municipality.region_id)
    )


def can_rate_municipality(user, request_, recipient: Recipient | None) -> bool:
    """The chosen member rates the municipality once the work is done."""
    return (
        recipient is not None
        and request_.status == RequestStatus.DONE
        and request_.chosen_id == recipient.pk
        and not MunicipalityRating.objects.filter(request=request_).exists()
    )


def can_answer_municipality_rating(user, rating: MunicipalityRating) -> bool:
    """The rated municipality's confirmed staff answer a rating, once."""
    return (
        not rating.is_answered
        and staff_municipality_id(user) is not None
        and staff_municipality_id(user) == rating.municipality_id
    )


def can_list_requests(user) -> bool:
    """The list of requests: the academy, coordinators, confirmed staff and
    members (each their own part); pending staff and others are refused."""
    return user.is_authenticated and (
        user.is_academy_admin
        or user.is_coordinator
        or confirmed_membership(user) is not None
        or user.is_consultant
    )
