from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from portal.api import ModelSerializer
from portal.pagecache import CachedPublicReadMixin

from .access import can_see_contacts
from .filters import ConsultantListFilterSet
from .models import Consultant, ExpertiseArea
from .models.queries import LISTED_AS


def _prefetched(consultant, relation: str):
    """A relation's rows as Consultant.objects.for_api_listing() prefetched
    them (a list), or from the database for a consultant fetched otherwise."""
    listed = consultant.__dict__.get(LISTED_AS[relation])
    if listed is not None:
        return listed
    return getattr(consultant, relation).all()


class ExpertiseAreaSerializer(ModelSerializer):
    class Meta:
        model = ExpertiseArea
        fields = ["code", "name", "name_ky", "name_ru", "name_en"]


class ConsultantSerializer(ModelSerializer):
    home_region = serializers.CharField(source="home_region_id")
    regions_served = serializers.SerializerMethodField()
    expertise_areas = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultant
        fields = [
            "id",
            "kind",
            "legal_form",
            "legal_form_note",
            "name",
            "name_ky",
            "name_ru",
            "name_en",
            "bio",
            "home_region",
            "regions_served",
            "expertise_areas",
            "languages",
            "status",
            "member_since",
            "trainings_completed",
            "active_certificates",
            "certified_areas",
            "completed_contracts",
            "rating_average",
            "rating_count",
            "availability",
            "busy_until",
            "website",
            "url",
            "contacts",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions_served(self, obj):
        return [region.code for region in _prefetched(obj, "regions_served")]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_expertise_areas(self, obj):
        return [area.code for area in _prefetched(obj, "expertise_areas")]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_contacts(self, obj):
        """Contact details only for those allowed to see them; null otherwise."""
        request = self.context.get("request")
        if request is None or not can_see_contacts(request.user, obj):
            return None
        return {"email": obj.email, "phone": str(obj.phone or "")}

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class ConsultantViewSet(CachedPublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """The public registry of network members."""

    serializer_class = ConsultantSerializer
    filterset_class = ConsultantListFilterSet

    def get_queryset(self):
        qs = Consultant.objects.for_api_listing()
        if self.action == "retrieve":
            return qs.visible_to(self.request.user)
        return qs.public()


class ExpertiseAreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ExpertiseArea.objects.all()
    serializer_class = ExpertiseAreaSerializer
    lookup_field = "code"
    pagination_class = None
