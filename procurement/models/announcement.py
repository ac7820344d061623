"""What is published with a tender: documents, amendments, questions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from .tenders import Tender


def tender_document_path(instance, filename):
    return f"procurement/tenders/{instance.tender_id}/{uuid.uuid4().hex}"


class TenderDocument(models.Model):
    """Terms of reference and other tender documents: public once published."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=tender_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("tender document")
        verbose_name_plural = _("tender documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:document-download", args=[self.pk])


class Amendment(models.Model):
    """A change to a published tender, in the change log everyone can read."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    summary = models.TextField(_("what changed and why"))
    changes = models.JSONField(_("changed fields"), default=dict)
    old_submission_deadline = models.DateTimeField(_("previous deadline"))
    new_submission_deadline = models.DateTimeField(_("new deadline"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("amended"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "number"], name="amendment_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.tender_id} #{self.number}"


class Question(models.Model):
    """A consultant's question; the answer is published without the asker."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey(
        Consultant,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    text = models.TextField(_("question"), max_length=4000)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="question_answered_has_text",
            )
        ]

    def __str__(self):
        return self.text[:60]

    def answer_with(self, text: str, *, by) -> None:
        if self.answered_at:
            raise DomainError(_("This question has already been answered."))
        if not (text or "").strip():
            raise DomainError(_("Write the answer."))
        self.answer = text.strip()
        self.answered_at = timezone.now()
        self.answered_by = by
        self.save()
