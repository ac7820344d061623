"""The 2022 training behind the first network members, loaded from the data the
consultants app ships (consultants/data/*.yaml, copied from the academy's
published sources). The source gives the title in Kyrgyz and English and the
topics in English; the Russian title and the descriptions below are this
project's translations of the same facts."""

import re
from datetime import timedelta

import yaml

from consultants.reference import DATA_DIR

TITLE_RU = (
    "Создание сети поставщиков консультационных услуг для органов МСУ: "
    "организация местных услуг"
)
DESCRIPTION = {
    "ky": (
        "Ош, Жалал-Абад, Нарын жана Ысык-Көл облустарынын коммерциялык эмес "
        "уюмдары жана жеке консультанттары үчүн беш күндүк тренинг. Темалар: ЖӨБ "
        "органдары менен долбоордун кызматташтыгы; кызмат көрсөтүүлөрдү уюштуруунун "
        "ченемдик-укуктук базасы; кызмат көрсөтүүлөрдү уюштуруунун этаптары; "
        "кызмат көрсөтүүлөрдүн стандарттары жана алардын наркын эсептөө; "
        "жергиликтүү кызмат көрсөтүүлөрдү уюштуруу пландарын даярдоо; ЖӨБ "
        "системасындагы гендердик маселелер; мамлекеттик сатып алуулар порталы "
        "жана консультациялык кызматтарды сатып алуу; жергиликтүү деңгээлде "
        "биргелешкен мониторинг жана баалоо системасын уюштуруу; муниципалдык "
        "ишкананы түзүү, кызмат көрсөтүүлөрдү уюштуруу стратегиясы, катуу "
        "тиричилик калдыктары жана ичүүчү суу үчүн тарифтер (башка КЭУлардын "
        "тажрыйбасы)."
    ),
    "ru": (
        "Пятидневный тренинг для некоммерческих организаций и индивидуальных "
        "консультантов Ошской, Джалал-Абадской, Нарынской и Иссык-Кульской "
        "областей. Темы: сотрудничество органов МСУ с проектом; нормативно-правовая "
        "база организации услуг; этапы организации услуг; стандарты услуг и расчёт "
        "их стоимости; подготовка планов организации местных услуг; гендерные "
        "вопросы в системе МСУ; портал государственных закупок и закупка "
        "консультационных услуг; организация системы совместного мониторинга и "
        "оценки на местном уровне; создание муниципального предприятия, стратегия "
        "организации услуг, тарифы на ТБО и питьевую воду (опыт других НКО)."
    ),
}
ORGANIZER = {
    "ru": "Проект USAID «Успешный аймак 2»",
    "en": "USAID Successful Aimak 2 project",
}
PARTNERS = {
    "ru": "Академия местного управления Центральной Азии",
    "en": "Central Asian Academy of Local Governance (BAZhBA)",
}
# The expertise areas its topics cover (codes of expertise_areas in the data).
EXPERTISE = [
    "service-types",
    "service-improvement",
    "legal-framework",
    "service-standards",
    "gender",
    "procurement",
    "joint-monitoring",
    "municipal-enterprise",
    "tariffs",
]


def _read(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def load_training_2022(
    *, Training, Participant, Attendance, Consultant, ExpertiseArea
) -> None:
    """The five-day training of 29 May - 2 June 2022: the 23 first members
    attended every day and completed it; the other participants are counted.
    Idempotent: matched on the Kyrgyz title and the first day."""
    source = next(t for t in _read("expertise_and_trainings.yaml")["trainings"])
    total = int(re.match(r"\s*(\d+)", source["participants"]).group(1))
    members = _read("network_2022.yaml")["members"]
    description_en = (
        "A five-day training for NGOs and individual consultants from Osh, "
        "Jalal-Abad, Naryn and Issyk-Kul oblasts. Topics: "
        + "; ".join(source["topics"])
        + "."
    )
    training, _ = Training.objects.update_or_create(
        title_ky=source["title"]["ky"],
        start_date=source["start"],
        defaults={
            "title": source["title"]["ky"],
            "title_ru": TITLE_RU,
            "title_en": source["title"]["en"],
            "description": DESCRIPTION["ky"],
            "description_ky": DESCRIPTION["ky"],
            "description_ru": DESCRIPTION["ru"],
            "description_en": description_en,
            "end_date": source["end"],
            "organizer": source["organizer"],
            "organizer_ky": source["organizer"],
            "organizer_ru": ORGANIZER["ru"],
            "organizer_en": ORGANIZER["en"],
            "partners": source["partner"],
            "partners_ky": source["partner"],
            "partners_ru": PARTNERS["ru"],
            "partners_en": PARTNERS["en"],
            "external_participant_count": total - len(members),
        },
    )
    training.expertise_areas.set(ExpertiseArea.objects.filter(code__in=EXPERTISE))
    days = [
        training.start_date + timedelta(days=n)
        for n in range((training.end_date - training.start_date).days + 1)
    ]
    if len(days) != source["days"]:
        raise ValueError("the source's dates and day count of the training differ")
    for item in members:
        consultant = Consultant.objects.get(
            home_region_id=item["region"], name_ky=item.get("name_ky") or item["name"]
        )
        participant, _ = Participant.objects.get_or_create(
            training=training, consultant=consultant
        )
        for day in days:
            Attendance.objects.get_or_create(participant=participant, date=day)
