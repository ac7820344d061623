"""Questions about a tender and the municipality's answers."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from ..models import (
    Question,
    Tender,
)
from .common import announce, locked


@transaction.atomic
def question_ask(*, tender: Tender, consultant: Consultant, text: str) -> Question:
    tender = locked(tender)
    if not tender.accepts_questions():
        raise DomainError(_("The questions deadline has passed."))
    if not (text or "").strip():
        raise DomainError(_("Write the question."))
    question = Question.objects.create(
        tender=tender, asked_by=consultant, text=text.strip()
    )
    announce("tender.question_asked", tender, question_id=question.pk)
    return question


@transaction.atomic
def question_answer(*, question: Question, by, text: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.answer_with(text, by=by)
    announce("tender.question_answered", question.tender, question_id=question.pk)
    return question
