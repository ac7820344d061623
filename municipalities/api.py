from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from portal.api import ModelSerializer
from portal.pagecache import CachedPublicReadMixin

from .filters import MunicipalityListFilterSet
from .models import District, Municipality, Place, Region


class DistrictSerializer(ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "name_ky", "name_ru", "name_en", "soate"]


class RegionSerializer(ModelSerializer):
    districts = DistrictSerializer(many=True, read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "kind",
            "name",
            "name_ky",
            "name_ru",
            "name_en",
            "soate",
            "districts",
        ]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.prefetch_related("districts")
    serializer_class = RegionSerializer
    lookup_field = "code"
    pagination_class = None


class PlaceSerializer(ModelSerializer):
    class Meta:
        model = Place
        fields = ["soate", "kind", "name", "name_ky", "name_ru", "name_en"]


class MunicipalitySerializer(ModelSerializer):
    region = serializers.CharField(source="region_id")
    district = serializers.IntegerField(source="district_id", allow_null=True)
    district_name = serializers.CharField(
        source="district.name", allow_null=True, default=None
    )
    successor = serializers.IntegerField(source="successor_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "id",
            "soate",
            "kind",
            "name",
            "name_ky",
            "name_ru",
            "name_en",
            "region",
            "district",
            "district_name",
            "website",
            "retired_on",
            "successor",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class MunicipalityDetailSerializer(MunicipalitySerializer):
    places = PlaceSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "places"]


class MunicipalityViewSet(CachedPublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """Every municipality of the register (retired ones with `status=retired`
    or `all`); the same filters as the page."""

    filterset_class = MunicipalityListFilterSet

    def get_queryset(self):
        qs = Municipality.objects.for_listing()
        if self.action == "retrieve":
            return qs.prefetch_related(
                Prefetch("places", queryset=Place.objects.order_by("name_ru", "id"))
            )
        return qs

    def filter_queryset(self, queryset):
        # a retired municipality's own address keeps working
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MunicipalityDetailSerializer
        return MunicipalitySerializer
