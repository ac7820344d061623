from modeltranslation.translator import TranslationOptions, register

from .models import EvaluationCriterion, Milestone, Tender, TenderDocument


@register(Tender)
class TenderTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EvaluationCriterion)
class EvaluationCriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(TenderDocument)
class TenderDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
