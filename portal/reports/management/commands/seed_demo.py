"""Demo accounts and data for `make run`. Lives in the top app because it
touches every app. Idempotent: running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from consultants.demo import seed_claims_demo, seed_trust_demo
from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from consultations.demo import seed_consultations_demo
from municipalities.demo import seed_roles_demo
from municipalities.models import Region
from portal.accounts.models import Role, User
from portal.reports.demo import seed_report_demo
from portal.reports.precomputed import refresh as refresh_figures
from procurement.demo import seed_committee_accounts, seed_complaints, seed_tenders
from procurement.services import subscription_derive_from_profile
from trainings.demo import seed_certification_demo

DEMO_PASSWORD = "demo-portal-2026"

ACCOUNTS = [
    ("admin@demo.kg", Role.ACADEMY_ADMIN, "Академиянын администратору"),
    ("staff@demo.kg", Role.MUNICIPAL_STAFF, "Айгүл Муниципалдык"),
    ("consultant@demo.kg", Role.CONSULTANT, "Жамал Тукеналиева"),
    ("coordinator@demo.kg", Role.COORDINATOR, "Нарын облустук координатору"),
    ("reviewer@demo.kg", Role.REVIEW_BODY, "Даттанууларды кароо комиссиясынын мүчөсү"),
]


class Command(BaseCommand):
    help = "Create demo accounts (one per role) and demo data."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {}
        for email, role, name in ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"role": role, "full_name": name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[role] = user
        extra_accounts = seed_roles_demo(
            admin=users[Role.ACADEMY_ADMIN],
            staff=users[Role.MUNICIPAL_STAFF],
            coordinator=users[Role.COORDINATOR],
            password=DEMO_PASSWORD,
        )
        member = Consultant.objects.get(name_ky="Жамал Тукеналиева")
        if member.user_id is None:
            member.user = users[Role.CONSULTANT]
            member.email = member.email or "consultant@demo.kg"
            member.phone = member.phone or "+996555000111"
            member.bio_ky = member.bio_ky or (
                "Жергиликтүү кызмат көрсөтүүлөрдү уюштуруу жана тарифтерди эсептөө "
                "боюнча жеке консультант."
            )
            member.bio_ru = member.bio_ru or (
                "Индивидуальный консультант по организации местных услуг и расчёту "
                "тарифов."
            )
            member.save()
            member.expertise_areas.add(
                *ExpertiseArea.objects.filter(
                    code__in=["tariffs", "service-types", "budget-transparency"]
                )
            )
            # she works in Chüy too: the demo tenders of Alamüdün reach her
            member.regions_served.add(
                *Region.objects.filter(code__in=[member.home_region_id, "KG-C"])
            )
        self._fill_members()
        extra_accounts += seed_claims_demo(
            admin=users[Role.ACADEMY_ADMIN], password=DEMO_PASSWORD
        )
        for line in seed_certification_demo(
            admin=users[Role.ACADEMY_ADMIN], holder=member
        ):
            self.stdout.write(f"  certificate {line}")
        # the alerts a new member starts with: publishing the draft demo
        # tender (Alamüdün, budget transparency) notifies her
        subscription_derive_from_profile(consultant=member)
        extra_accounts += seed_committee_accounts(
            staff=users[Role.MUNICIPAL_STAFF], password=DEMO_PASSWORD
        )
        tenders = seed_tenders(
            staff=users[Role.MUNICIPAL_STAFF], demo_consultant=member
        )
        self.stdout.write(f"  demo tenders created: {tenders}")
        for line in seed_trust_demo(staff=users[Role.MUNICIPAL_STAFF], member=member):
            self.stdout.write(f"  trust: {line}")
        complaints = seed_complaints(
            staff=users[Role.MUNICIPAL_STAFF],
            reviewer=users[Role.REVIEW_BODY],
            demo_consultant=member,
        )
        self.stdout.write(f"  demo complaints created: {complaints}")
        extra_accounts += seed_consultations_demo(
            staff=users[Role.MUNICIPAL_STAFF], member=member, password=DEMO_PASSWORD
        )
        reported = seed_report_demo(
            admin=users[Role.ACADEMY_ADMIN],
            staff=users[Role.MUNICIPAL_STAFF],
            reviewer=users[Role.REVIEW_BODY],
        )
        self.stdout.write(f"  report demo tenders created: {reported}")
        # the reports read figures counted ahead: count them for the demo now
        # rather than at beat's next refresh
        refresh_figures()
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (password: %s):" % DEMO_PASSWORD)
        )
        for email, role, _ in ACCOUNTS:
            self.stdout.write(f"  {email:<22} {role.label}")
        for email, description in extra_accounts:
            self.stdout.write(f"  {email:<22} {description}")

    def _fill_members(self):
        """Give the first members plausible expertise so that filters show
        something; only where nothing was recorded yet."""
        areas = list(ExpertiseArea.objects.order_by("sort_order"))
        for index, consultant in enumerate(
            Consultant.objects.filter(status=NetworkStatus.PROVISIONAL).order_by("id")
        ):
            if not consultant.expertise_areas.exists():
                consultant.expertise_areas.add(
                    areas[index % len(areas)], areas[(index * 5 + 2) % len(areas)]
                )
