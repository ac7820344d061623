from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from portal.api import ModelSerializer

from .filters import TrainingListFilterSet
from .models import Certificate, CertificateStatus, Training


class TrainingSerializer(ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)
    expertise_areas = serializers.SerializerMethodField()
    participant_count = serializers.IntegerField(source="participant_total")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "title_ky",
            "title_ru",
            "title_en",
            "description",
            "start_date",
            "end_date",
            "is_online",
            "region",
            "venue",
            "organizer",
            "partners",
            "expertise_areas",
            "capacity",
            "participant_count",
            "external_participant_count",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_expertise_areas(self, obj):
        return [area.code for area in obj.expertise_areas.all()]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    """Trainings of the academy and its partners (public)."""

    serializer_class = TrainingSerializer
    filterset_class = TrainingListFilterSet

    def get_queryset(self):
        return Training.objects.for_listing().order_by("-start_date", "-id")


class CertificateSerializer(ModelSerializer):
    """What anyone may know about a certificate: the same as its public
    verification page."""

    holder = serializers.CharField(source="consultant.name")
    programme = serializers.CharField(source="programme.name")
    status = serializers.ChoiceField(
        source="effective_status", choices=CertificateStatus.choices
    )
    status_display = serializers.CharField(source="get_effective_status_display")
    verification_url = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField(
        help_text="The moves the requesting user may make now "
        "(suspend, reinstate, revoke); empty for anyone but the academy."
    )

    class Meta:
        model = Certificate
        fields = [
            "number",
            "holder",
            "programme",
            "issued_on",
            "expires_on",
            "status",
            "status_display",
            "verification_url",
            "available_transitions",
        ]

    def get_verification_url(self, obj) -> str:
        return obj.get_verification_url()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, obj):
        request = self.context.get("request")
        return obj.available_transitions(getattr(request, "user", None))


class CertificateViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verify a certificate by its public code."""

    serializer_class = CertificateSerializer
    lookup_field = "public_code"
    lookup_url_kwarg = "code"
    queryset = Certificate.objects.select_related("consultant", "programme")
