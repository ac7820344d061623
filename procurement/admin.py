"""Django admin for procurement. Bids are shown without their content: the
admin is no back door to sealed bids (no price, no texts, no files, and before
the opening not even the bidder's name)."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import (
    OPENED_STATES,
    Amendment,
    Award,
    Bid,
    Complaint,
    Contract,
    EvaluationCriterion,
    Milestone,
    Question,
    Tender,
    TenderDocument,
)


class CriterionInline(TranslationTabularInline):
    model = EvaluationCriterion
    extra = 0


class DocumentInline(admin.TabularInline):
    model = TenderDocument
    extra = 0
    fields = ("title", "original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    fields = ("number", "summary", "made_at", "made_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tender)
class TenderAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "municipality", "status", "submission_deadline")
    list_filter = ("status", "procurement_method", "selection_method")
    search_fields = ("title_ky", "title_ru", "title_en", "state_notice_number")
    list_select_related = ("municipality",)
    filter_horizontal = ("regions", "expertise_areas", "terms_of_reference_authors")
    raw_id_fields = ("municipality", "created_by")
    # state changes go through the pages, which apply the rules
    readonly_fields = (
        "status",
        "status_changed_at",
        "published_at",
        "opened_at",
        "evaluated_at",
        "cancel_reason",
        "cancel_explanation",
        "cancelled_at",
    )
    inlines = [CriterionInline, DocumentInline, AmendmentInline]

    def has_change_permission(self, request, obj=None):
        # a published tender changes only by amendment, which the log records
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)


class SafeLookupsMixin:
    """The changelist's query string is an oracle: Django allows any lookup on
    a local field (``?technical_proposal__startswith=X``) and orders by any
    column (``?o=``). Only the lookups and columns named here are accepted;
    anything else is refused with Django's 400 (DisallowedModelAdminLookup)."""

    safe_lookups: frozenset = frozenset()

    def lookup_allowed(self, lookup, value, request):
        return lookup in self.safe_lookups

    def get_changelist(self, request, **kwargs):
        return SafeOrderingChangeList


class SafeOrderingChangeList(ChangeList):
    """?o= sorts only by the columns in sortable_by (Django applies it to the
    header links only, not to the query string)."""

    def get_ordering_field(self, field_name):
        if field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


def opened_only(queryset, tender_path="tender"):
    """Rows about bids, only once the bids have been opened: before that the
    admin does not even know they exist (superusers included)."""
    return queryset.filter(**{f"{tender_path}__status__in": OPENED_STATES})


@admin.register(Bid)
class BidAdmin(
    AuditedAdminMixin, ReadOnlyAdminMixin, SafeLookupsMixin, admin.ModelAdmin
):
    list_display = ("__str__", "tender", "bidder", "status", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("tender", "consultant")
    fields = ("tender", "bidder", "status", "submitted_at", "withdrawn_at")
    readonly_fields = fields
    safe_lookups = frozenset({"status", "status__exact", "tender", "tender__id__exact"})
    sortable_by = ("status", "submitted_at")
    ordering = ("submitted_at", "id")
    search_fields = ()

    def get_queryset(self, request):
        return opened_only(super().get_queryset(request))

    @admin.display(description=_("consultant"))
    def bidder(self, obj):
        if obj.tender.is_sealed:
            return _("sealed until opening")
        return obj.consultant

    def get_search_results(self, request, queryset, search_term):
        return queryset, False


# Questions, awards, complaints and contracts change only through the pages,
# which apply the procurement rules (who answers, standstill, who decides).
@admin.register(Question)
class QuestionAdmin(
    AuditedAdminMixin, ReadOnlyAdminMixin, SafeLookupsMixin, admin.ModelAdmin
):
    list_display = ("tender", "asked_at", "answered_at")
    # who asked is not published: no ?asked_by= oracle
    safe_lookups = frozenset({"tender", "tender__id__exact"})
    sortable_by = ("asked_at", "answered_at")
    fields = ("tender", "text", "asked_at", "answer", "answered_at")
    readonly_fields = ("tender", "asked_at", "answered_at")


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(Award)
class AwardAdmin(
    AuditedAdminMixin, ReadOnlyAdminMixin, SafeLookupsMixin, admin.ModelAdmin
):
    list_display = ("tender", "status", "amount", "standstill_ends_at")
    list_filter = ("status",)
    safe_lookups = frozenset({"status", "status__exact", "tender", "tender__id__exact"})
    sortable_by = ("status", "amount", "standstill_ends_at")
    readonly_fields = (
        "tender",
        "bid",
        "amount",
        "status",
        "notified_at",
        "standstill_ends_at",
        "final_at",
        "awarded_by",
    )

    def get_queryset(self, request):
        return opened_only(super().get_queryset(request))


@admin.register(Complaint)
class ComplaintAdmin(
    AuditedAdminMixin, ReadOnlyAdminMixin, SafeLookupsMixin, admin.ModelAdmin
):
    list_display = (
        "tender",
        "subject",
        "filed_at",
        "decision",
        "effect",
        "answered_at",
    )
    readonly_fields = (
        "tender",
        "subject",
        "consultant",
        "bid",
        "text",
        "filed_at",
        "explained_by",
        "answered_by",
    )
    safe_lookups = frozenset({"tender", "tender__id__exact"})
    sortable_by = ("filed_at", "decision", "answered_at")

    def get_queryset(self, request):
        return opened_only(super().get_queryset(request))


@admin.register(Contract)
class ContractAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("tender", "amount", "signed_on", "rating")
    readonly_fields = ("tender", "award")
    inlines = [MilestoneInline]
