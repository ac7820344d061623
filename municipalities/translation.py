from modeltranslation.translator import TranslationOptions, register

from .models import District, Municipality, Place, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "note")


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)
