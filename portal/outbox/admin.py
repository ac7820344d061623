from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "topic", "created_at", "dispatched_at", "attempts", "dead")
    list_filter = ("topic", "dead")
    readonly_fields = [f.name for f in Event._meta.fields]
