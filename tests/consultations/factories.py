"""Requests built through the services, as the pages make them."""

from datetime import date

from consultations import services
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import StaffMembershipFactory


def tariffs():
    return ExpertiseAreaFactory(code="tariffs")


def member(**kwargs):
    """A provisional member with an account, in Naryn, with tariffs."""
    kwargs.setdefault("expertise_areas", [tariffs()])
    return ConsultantFactory(user=ConsultantUserFactory(), **kwargs)


def staff(**kwargs):
    return StaffMembershipFactory(**kwargs).user


def send(staff_user, members, **values):
    data = {
        "topic": "Суу тарифин эсептөө",
        "expertise_area": tariffs(),
        "description": "Ичүүчү суунун тарифин кайра эсептөө керек.",
        "starts_on": date(2027, 1, 10),
        "ends_on": date(2027, 2, 10),
        "timeframe": "",
        "budget": None,
    }
    data.update(values)
    return services.request_send(
        municipality=staff_user.staff_membership.municipality,
        by=staff_user,
        values=data,
        audience="chosen",
        members=members,
    )


def offer(request_, consultant, price=None, text="Эки жумада эсептеп берем."):
    return services.request_answer(
        request=request_,
        by=consultant.user,
        interested=True,
        offer=text,
        price=price,
    )
