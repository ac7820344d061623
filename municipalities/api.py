from rest_framework import serializers, viewsets

from .models import District, Region


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "name_ky", "name_ru", "name_en", "soate"]


class RegionSerializer(serializers.ModelSerializer):
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
