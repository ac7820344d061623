"""The signed-in person's own in-app notifications in the API."""

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from portal.api import ModelSerializer

from . import services
from .models import Notification


class NotificationSerializer(ModelSerializer):
    url = serializers.CharField(source="path", help_text="The page concerned.")
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "topic",
            "title",
            "reason",
            "url",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_unread(self, obj) -> bool:
        return obj.read_at is None


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.ChoiceFilter(
        label="unread",
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        help_text="true: unread only; false: read only",
    )

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value: str):
        return queryset.filter(read_at__isnull=value == "true")


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your own notifications in the portal, newest first; someone else's is
    not found (404)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Notification.objects.in_app_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one of your notifications read."""
        notification = self.get_object()
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification.pk
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "NotificationsReadAll", {"marked": serializers.IntegerField()}
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all your notifications read; says how many were unread."""
        return Response(
            {"marked": services.notifications_mark_all_read(user=request.user)}
        )
