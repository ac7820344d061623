"""The access predicates of procurement.access for templates, so that a page
asks the rule instead of restating it (no status names in templates):

    {% load procurement_access %}
    {% if user|can_manage:tender %}…{% endif %}
    {% if user|can_read_bid:bid %}<a href="{{ bid.get_absolute_url }}">…{% endif %}
    {% staff_actions tender as actions %}{% if "publish" in actions %}…{% endif %}
    {% transitions bid as moves %}{% if "withdraw" in moves %}…{% endif %}
"""

from django import template

from procurement import access

register = template.Library()


@register.filter
def can_manage(user, tender) -> bool:
    return access.can_manage_tender(user, tender)


@register.filter
def can_read_bid(user, bid) -> bool:
    return access.can_read_bid(user, bid)


@register.filter
def can_read_bids_of(user, tender) -> bool:
    return access.can_read_bids_of(user, tender)


@register.filter
def can_complain(user, bid) -> bool:
    return access.can_file_complaint(user, bid)


@register.filter
def can_complain_about_terms(user, tender) -> bool:
    return access.can_file_terms_complaint(user, tender)


@register.filter
def can_explain(user, complaint) -> bool:
    return access.can_explain_complaint(user, complaint)


@register.simple_tag(takes_context=True)
def staff_actions(context, tender):
    return access.staff_actions(context["user"], tender)


@register.simple_tag(takes_context=True)
def transitions(context, obj):
    """The moves the signed-in user may make with a tender, bid, award,
    complaint or contract now (its available_transitions)."""
    return obj.available_transitions(context["user"])
