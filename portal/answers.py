"""A rating the rated party may answer once, in public: a member answers a
municipality's rating of their work (consultants.ConsultantRating), a
municipality's staff answer a member's rating of the municipality
(consultations.MunicipalityRating). The concrete model keeps its own
``answer`` text field (its label names who answers)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError


class AnsweredOnce(models.Model):
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        abstract = True

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def give_answer(self, *, by, text: str, now=None) -> None:
        """The rated party's one public answer; a second one, or an empty one,
        is refused with DomainError and changes nothing."""
        text = (text or "").strip()
        if self.is_answered:
            raise DomainError(_("This rating has already been answered."))
        if not text:
            raise DomainError(_("Write the answer."))
        self.answer = text
        self.answered_at = now or timezone.now()
        self.answered_by = by if getattr(by, "pk", None) else None
        self.save(update_fields=["answer", "answered_at", "answered_by"])
