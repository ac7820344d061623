"""Demo consultation requests for `make run` (called by seed_demo): one agreed,
done and rated both ways with two answers, and one open, waiting for the demo
member's answer. Made through the services, as the pages make them.
Idempotent: does nothing when demo requests exist."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from consultants.models import Consultant, ConsultantRating, ExpertiseArea, RatedWork
from consultants.services import answer_rating
from portal.accounts.models import Role, User

from . import services
from .models import ConsultationRequest

SECOND_MEMBER_EMAIL = "tariffs@demo.kg"


def _second_member(*, demo_member, password: str):
    """A second member with an account, for the second answer."""
    user, created = User.objects.get_or_create(
        email=SECOND_MEMBER_EMAIL,
        defaults={"full_name": "Тарифтер боюнча консультант", "role": Role.CONSULTANT},
    )
    if created:
        user.set_password(password)
        user.save()
    second = Consultant.objects.filter(user=user).first()
    if second is None:
        second = (
            Consultant.objects.members()
            .filter(user=None)
            .exclude(pk=demo_member.pk)
            .order_by("pk")
            .first()
        )
        second.user = user
        second.save(update_fields=["user"])
    second.expertise_areas.add(ExpertiseArea.objects.get(code="tariffs"))
    return second


# earlier consultations, done and rated, so that the members' ratings, the
# registry's sorts and badges show something: (member, stars, topic, the
# municipality's comment, the member's public answer)
EARLIER = [
    (
        "demo",
        4,
        "Ичүүчү суунун тарифин кайра эсептөө",
        "Жакшы иштеди, бирок отчет эки күнгө кечикти.",
        "Рахмат! Кечиккенибиз үчүн кечирим сурайбыз: маалыматтар кеч келген.",
    ),
    (
        "second",
        5,
        "Биргелешкен мониторингди уюштуруу",
        "Биргелешкен мониторингди жакшы уюштурду.",
        "",
    ),
    ("second", 3, "Өнүгүү планына сунуштар", "Сунуштар жалпы мүнөздө болду.", ""),
]


def _earlier(staff, municipality, member, stars, topic, comment, answer, today):
    """One consultation asked, answered, agreed, done and rated."""
    area = member.expertise_areas.order_by("sort_order").first()
    request_ = services.request_send(
        municipality=municipality,
        by=staff,
        values={
            "topic": topic,
            "expertise_area": area or ExpertiseArea.objects.get(code="tariffs"),
            "description": topic + ": кеңеш жана жазуу жүзүндөгү сунуштар.",
            "timeframe": "эки жума",
        },
        audience="chosen",
        members=[member],
    )
    offer = services.request_answer(
        request=request_,
        by=member.user,
        interested=True,
        offer="Эки жумада аткарам.",
        price="40000",
    )
    services.request_agree(request=request_, by=staff, recipient_id=offer.pk)
    services.request_complete(request=request_, by=staff, rating=stars, comment=comment)
    if answer:
        rating = ConsultantRating.objects.get(
            work=RatedWork.CONSULTATION, work_id=request_.pk
        )
        answer_rating(rating=rating, by=member.user, text=answer)


def seed_consultations_demo(*, staff, member, password: str) -> list[tuple[str, str]]:
    if ConsultationRequest.objects.exists():
        return [(SECOND_MEMBER_EMAIL, "member who answered the demo consultation")]
    second = _second_member(demo_member=member, password=password)
    municipality = staff.staff_membership.municipality
    today = timezone.localdate()
    tariffs = ExpertiseArea.objects.get(code="tariffs")
    done = services.request_send(
        municipality=municipality,
        by=staff,
        values={
            "topic": "Таштанды чогултуу кызматынын тарифин эсептөө",
            "expertise_area": tariffs,
            "description": (
                "Катуу тиричилик калдыктарын чогултуунун тарифин эсептеп, "
                "жергиликтүү кеңешке негиздемесин даярдоо керек."
            ),
            "starts_on": today - timedelta(days=60),
            "ends_on": today - timedelta(days=20),
            "budget": Decimal("80000"),
        },
        audience="chosen",
        members=[member, second],
    )
    chosen = services.request_answer(
        request=done,
        by=member.user,
        interested=True,
        offer="Тарифтин эсебин жана негиздемесин үч жумада даярдайм.",
        price="70000",
        starts_on=today - timedelta(days=55),
        ends_on=today - timedelta(days=25),
    )
    services.request_answer(
        request=done,
        by=second.user,
        interested=True,
        offer="Эсеп, негиздеме жана коомдук угуу: бир ай.",
        price="95000",
    )
    services.request_agree(request=done, by=staff, recipient_id=chosen.pk)
    services.request_complete(
        request=done,
        by=staff,
        rating=5,
        comment="Эсеп так жана өз убагында даярдалды.",
    )
    services.municipality_rate(
        request=done,
        by=member.user,
        overall=5,
        clarity=4,
        payment=5,
        comment="Тапшырма түшүнүктүү болчу, акы өз убагында төлөндү.",
    )
    for who, stars, topic, comment, answer in EARLIER:
        rated = member if who == "demo" else second
        _earlier(staff, municipality, rated, stars, topic, comment, answer, today)
    services.request_send(
        municipality=municipality,
        by=staff,
        values={
            "topic": "Жарандык бюджетти даярдоого кеңеш",
            "expertise_area": ExpertiseArea.objects.get(code="budget-transparency"),
            "description": "Жарандык бюджеттин түзүлүшү боюнча эки консультация.",
            "timeframe": "кийинки айда эки жолугушуу",
        },
        audience="chosen",
        members=[member],
    )
    return [(SECOND_MEMBER_EMAIL, "member who answered the demo consultation")]
