"""Read-only JSON of the requests a person may read (the same rule as the
pages: ConsultationRequest.objects.visible_to)."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from portal.api import ModelSerializer

from .models import ConsultationRequest, Recipient, RequestStatus


class RequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)

    class Meta:
        model = ConsultationRequest
        fields = ["status"]


class RecipientSerializer(ModelSerializer):
    consultant = serializers.IntegerField(source="consultant_id")
    consultant_name = serializers.CharField(source="consultant.name")

    class Meta:
        model = Recipient
        fields = [
            "id",
            "consultant",
            "consultant_name",
            "reply",
            "offer",
            "price",
            "starts_on",
            "ends_on",
            "decline_reason",
            "answered_at",
        ]


class RequestSerializer(ModelSerializer):
    municipality = serializers.IntegerField(source="municipality_id")
    expertise_area = serializers.CharField(source="expertise_area.code")
    chosen = serializers.IntegerField(source="chosen_id", allow_null=True)
    answers = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationRequest
        fields = [
            "id",
            "topic",
            "municipality",
            "expertise_area",
            "description",
            "starts_on",
            "ends_on",
            "timeframe",
            "budget",
            "audience",
            "status",
            "created_at",
            "chosen",
            "answers",
            "url",
        ]

    @extend_schema_field(RecipientSerializer(many=True))
    def get_answers(self, obj):
        """Every answer for the municipality's side (staff, the region's
        coordinator, the academy); a member's own answer only."""
        from . import access

        user = self.context["request"].user
        rows = obj.recipients.all()
        if not access.can_see_answers(user, obj):
            rows = [r for r in rows if r.consultant.user_id == user.pk]
        return RecipientSerializer(rows, many=True).data

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class ConsultationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultation requests the signed-in person may read."""

    serializer_class = RequestSerializer
    filterset_class = RequestFilterSet
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (
            ConsultationRequest.objects.visible_to(self.request.user)
            .select_related("expertise_area", "municipality__region")
            .prefetch_related("recipients__consultant")
            .order_by("-created_at", "-id")
        )
