from modeltranslation.translator import TranslationOptions, register

from .models import CertificationProgramme, Training


@register(Training)
class TrainingTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "organizer", "partners")


@register(CertificationProgramme)
class CertificationProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")
