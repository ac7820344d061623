from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    # the role of one person (the same English words also name the group)
    MUNICIPAL_STAFF = "municipal_staff", pgettext_lazy("role", "municipal staff")
    CONSULTANT = "consultant", _("consultant")
    ACADEMY_ADMIN = "academy_admin", _("academy administrator")
    COORDINATOR = "coordinator", _("oblast coordinator")
    REVIEW_BODY = "review_body", _("member of the complaint review commission")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ACADEMY_ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an email address.

    The role says what the person does on the portal; the link to what the role
    is about (a municipality, a consultant profile, regions) is kept by the app
    that owns that thing, so this model stays at the bottom of the dependency graph.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, blank=True, db_index=True
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="ky",
        choices=[("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")],
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Email addresses are compared case-insensitively everywhere.
        self.email = (self.email or "").strip().lower()
        # Django's admin is for academy administrators and superusers only.
        self.is_staff = self.is_superuser or self.role == Role.ACADEMY_ADMIN
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_academy_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ACADEMY_ADMIN)

    @property
    def is_municipal_staff(self) -> bool:
        return self.is_active and self.role == Role.MUNICIPAL_STAFF

    @property
    def is_consultant(self) -> bool:
        return self.is_active and self.role == Role.CONSULTANT

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_review_body(self) -> bool:
        """Appointed by the academy to the independent commission that
        decides procurement complaints."""
        return self.is_active and self.role == Role.REVIEW_BODY


class LoginThrottle(models.Model):
    """Failed sign-ins counted per account (normalized email) or per client
    address, in PostgreSQL so the brake holds when Redis is down.

    The counting window starts at the first failure; reaching the limit locks the
    key until ``locked_until``, which later attempts never move.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("address")

    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    key = models.CharField(_("email or address"), max_length=254)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_started_at = models.DateTimeField(_("first failure"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="accounts_loginthrottle_scope_key"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"
