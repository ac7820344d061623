from modeltranslation.translator import TranslationOptions, register

from .models import Consultant, ExpertiseArea


@register(ExpertiseArea)
class ExpertiseAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Consultant)
class ConsultantTranslation(TranslationOptions):
    fields = ("name", "bio")
