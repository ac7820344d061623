"""Pages of trainings: the lists, a training, its attendance sheet and
certifying its completers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultants.models import Consultant
from portal.accounts.permissions import academy_admin_required
from portal.errors import DomainError

from .. import services
from ..filters import TrainingListFilterSet
from ..forms import (
    AttendanceUploadForm,
    BulkCertifyForm,
    ParticipantAddForm,
    TrainingForm,
)
from ..models import (
    Certificate,
    Participant,
    Training,
)

PAST_PAGE_SIZE = 20


# ----------------------------------------------------------------- trainings
def training_list(request):
    """Upcoming trainings (soonest first), then past ones (latest first, by
    pages), under the same filters."""
    filterset = TrainingListFilterSet(
        request.GET or None, queryset=Training.objects.for_listing()
    )
    trainings = filterset.qs if filterset.is_bound else filterset.queryset
    today = timezone.localdate()
    past = Paginator(trainings.past(today), PAST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "trainings/training_list.html",
        {
            "filter": filterset,
            "upcoming": trainings.upcoming(today),
            "past": past,
            "querystring": query.urlencode(),
        },
    )


def training_detail(request, pk):
    training = get_object_or_404(
        Training.objects.select_related("region").prefetch_related("expertise_areas"),
        pk=pk,
    )
    participants = (
        Participant.objects.filter(training=training)
        .visible_to(request.user)
        .for_sheet()
    )
    return render(
        request,
        "trainings/training_detail.html",
        {
            "training": training,
            "participants": participants,
            "programmes": training.programmes.all(),
            "is_admin": request.user.is_authenticated and request.user.is_academy_admin,
        },
    )


def academy_form(request, form_class, pk, *, name: str, saved: str):
    """Create (pk None) or edit a training or a programme: academy
    administrators only; the form runs the model's clean()."""
    academy_admin_required(request.user)
    model = form_class._meta.model
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        instance = form.save()
        services.trust_figures_refresh_for(instance)
        messages.success(request, saved)
        return redirect(instance)
    return render(
        request, f"trainings/{name}_form.html", {"form": form, name: instance}
    )


@login_required
def training_form(request, pk=None):
    return academy_form(
        request,
        TrainingForm,
        pk,
        name="training",
        saved=_("The training has been saved."),
    )


@login_required
def attendance_sheet(request, pk):
    """The attendance sheet: one row per participant, one checkbox per day;
    participants are added one by one or from an XLSX file."""
    academy_admin_required(request.user)
    training = get_object_or_404(Training, pk=pk)
    add_form = ParticipantAddForm(training=training)
    upload_form = AttendanceUploadForm()
    file_errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = ParticipantAddForm(request.POST, training=training)
                if add_form.is_valid():
                    services.participant_add(training=training, **add_form.cleaned_data)
                    messages.success(request, _("The participant has been added."))
                    return redirect("trainings:training-attendance", pk=training.pk)
            elif action == "upload":
                upload_form = AttendanceUploadForm(request.POST, request.FILES)
                if upload_form.is_valid():
                    rows = services.attendance_import_xlsx(
                        training=training,
                        upload=upload_form.cleaned_data["file"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        ngettext(
                            "Attendance of %(count)s participant has been saved.",
                            "Attendance of %(count)s participants has been saved.",
                            rows,
                        )
                        % {"count": rows},
                    )
                    return redirect("trainings:training-attendance", pk=training.pk)
            elif action == "save":
                sheet, representatives = _read_sheet(request.POST, training)
                services.attendance_record(
                    training=training,
                    sheet=sheet,
                    representatives=representatives,
                    by=request.user,
                )
                messages.success(request, _("The attendance sheet has been saved."))
                return redirect("trainings:training-attendance", pk=training.pk)
        except services.AttendanceFileError as exc:
            file_errors = exc.errors
        except DomainError as exc:
            messages.error(request, exc.message)
    participants = list(Participant.objects.filter(training=training).for_sheet())
    for participant in participants:
        participant.present = participant.attended_dates
    return render(
        request,
        "trainings/training_attendance.html",
        {
            "training": training,
            "participants": participants,
            "days": training.days,
            "open_days": training.begun_days(),
            "add_form": add_form,
            "upload_form": upload_form,
            "file_errors": file_errors,
            "places_left": training.places_left(len(participants)),
        },
    )


def _read_sheet(post, training):
    """The checkboxes are named attended-<participant id> with the day as
    value; every participant row carries its id in `participant`."""
    sheet, representatives = {}, {}
    days = {day.isoformat(): day for day in training.days}
    for value in post.getlist("participant"):
        try:
            pk = int(value)
        except ValueError as exc:
            raise DomainError(_("The sheet could not be read.")) from exc
        marks = post.getlist(f"attended-{pk}")
        if any(mark not in days for mark in marks):
            raise DomainError(_("The sheet marks a day outside the training's dates."))
        sheet[pk] = {days[mark] for mark in marks}
        if f"representative-{pk}" in post:
            representatives[pk] = post[f"representative-{pk}"][:200]
    return sheet, representatives


@login_required
def attendance_download(request, pk):
    academy_admin_required(request.user)
    training = get_object_or_404(Training, pk=pk)
    response = HttpResponse(
        services.attendance_workbook(training=training),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{training.pk}-{training.start_date}.xlsx"'
    )
    return response


@login_required
def training_certify(request, pk):
    """Certify a training's completers in bulk under a programme."""
    academy_admin_required(request.user)
    training = get_object_or_404(Training, pk=pk)
    participants = Participant.objects.filter(training=training).for_sheet()
    completers = [p.consultant for p in participants if p.completed]
    form = BulkCertifyForm(
        request.POST or None, training=training, completers=completers
    )
    if request.method == "POST" and not training.has_ended:
        messages.error(request, training.not_ended_refusal())
    elif request.method == "POST" and form.is_valid():
        result = services.certificates_issue_for_completers(
            training=training,
            programme=form.cleaned_data["programme"],
            consultants=form.cleaned_data["consultants"],
            by=request.user,
        )
        if result.issued:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate has been issued.",
                    "%(count)s certificates have been issued.",
                    len(result.issued),
                )
                % {"count": len(result.issued)},
            )
        for consultant, reason in result.refused:
            messages.error(
                request,
                _("Not certified: %(name)s — %(reason)s")
                % {"name": consultant, "reason": reason},
            )
        return redirect("trainings:training-detail", pk=training.pk)
    return render(
        request,
        "trainings/training_certify.html",
        {"training": training, "form": form, "completers": completers},
    )


@login_required
def training_mine(request):
    """A consultant's own trainings and certificates."""
    consultant = Consultant.objects.filter(user=request.user).first()
    if consultant is None:
        raise PermissionDenied
    return render(
        request,
        "trainings/training_mine.html",
        {
            "consultant": consultant,
            "participations": Participant.objects.history_of(consultant),
            "certificates": Certificate.objects.of_holder(consultant),
        },
    )
