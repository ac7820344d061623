from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters.views import FilterView

from consultants.models import Consultant
from portal.accounts.permissions import RoleRequiredMixin, academy_admin_required
from portal.errors import DomainError

from . import services
from .documents import certificate_pdf
from .filters import CertificateListFilterSet, TrainingListFilterSet
from .forms import (
    AttendanceUploadForm,
    BulkCertifyForm,
    CertificateStatusForm,
    CertificationProgrammeForm,
    CertifyForm,
    ParticipantAddForm,
    TrainingForm,
)
from .models import (
    Certificate,
    CertificationProgramme,
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


@login_required
def training_form(request, pk=None):
    academy_admin_required(request.user)
    training = get_object_or_404(Training, pk=pk) if pk else None
    form = TrainingForm(request.POST or None, instance=training)
    if request.method == "POST" and form.is_valid():
        training = form.save()
        messages.success(request, _("The training has been saved."))
        return redirect(training)
    return render(
        request, "trainings/training_form.html", {"form": form, "training": training}
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
    if request.method == "POST" and form.is_valid():
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


# ---------------------------------------------------------------- programmes
def programme_list(request):
    programmes = CertificationProgramme.objects.prefetch_related(
        Prefetch("required_trainings", queryset=Training.objects.order_by("start_date"))
    )
    if not (request.user.is_authenticated and request.user.is_academy_admin):
        programmes = programmes.active()
    return render(request, "trainings/programme_list.html", {"programmes": programmes})


def programme_detail(request, pk):
    """A programme's rules; academy administrators certify candidates here,
    one by one."""
    programme = get_object_or_404(CertificationProgramme, pk=pk)
    is_admin = request.user.is_authenticated and request.user.is_academy_admin
    if not programme.is_active and not is_admin:
        raise Http404
    form = CertifyForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                certificate = services.certificate_issue(
                    consultant=form.cleaned_data["consultant"],
                    programme=programme,
                    by=request.user,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Certificate %(number)s has been issued.")
                    % {"number": certificate.number},
                )
                return redirect(certificate)
    return render(
        request,
        "trainings/programme_detail.html",
        {
            "programme": programme,
            "trainings": programme.required_trainings.order_by("start_date"),
            "form": form,
            "is_admin": is_admin,
        },
    )


@login_required
def programme_form(request, pk=None):
    academy_admin_required(request.user)
    programme = get_object_or_404(CertificationProgramme, pk=pk) if pk else None
    form = CertificationProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        messages.success(request, _("The programme has been saved."))
        return redirect(programme)
    return render(
        request,
        "trainings/programme_form.html",
        {"form": form, "programme": programme},
    )


# -------------------------------------------------------------- certificates
class CertificateListView(RoleRequiredMixin, FilterView):
    allowed = ("is_academy_admin", "is_coordinator", "is_consultant")
    filterset_class = CertificateListFilterSet
    template_name = "trainings/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        return Certificate.objects.visible_to(self.request.user).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


def _visible_certificate(request, pk) -> Certificate:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        Certificate.objects.visible_to(request.user).for_listing(), pk=pk
    )


@login_required
def certificate_detail(request, pk):
    certificate = _visible_certificate(request, pk)
    is_admin = request.user.is_academy_admin
    form = CertificateStatusForm(request.POST or None)
    if request.method == "POST":
        academy_admin_required(request.user)
        if form.is_valid():
            change = {
                "suspend": services.certificate_suspend,
                "reinstate": services.certificate_reinstate,
                "revoke": services.certificate_revoke,
            }[form.cleaned_data["action"]]
            try:
                change(
                    certificate=certificate,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The certificate has been updated."))
                return redirect(certificate)
    context = {
        "certificate": certificate,
        "is_admin": is_admin,
        "is_holder": certificate.consultant.user_id == request.user.pk,
        "form": form,
    }
    if is_admin:
        context["history"] = certificate.events.select_related("by")
        context["status_history"] = (
            certificate.consultant.status_changes.select_related("changed_by")
        )
    return render(request, "trainings/certificate_detail.html", context)


@login_required
def certificate_download(request, pk):
    """The PDF, for its holder and academy administrators."""
    certificate = _visible_certificate(request, pk)
    is_holder = certificate.consultant.user_id == request.user.pk
    if not (is_holder or request.user.is_academy_admin):
        raise PermissionDenied
    response = HttpResponse(
        certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


def certificate_verify(request, code=None):
    """Public verification by code: what the certificate says and whether it
    is in force; nothing private."""
    if code is None:
        code = (request.GET.get("code") or "").strip().lower()
        if code:
            return redirect("trainings:certificate-verify", code=code)
        return render(request, "trainings/certificate_verify.html", {})
    if code != code.lower():  # typed from paper in capitals
        return redirect("trainings:certificate-verify", code=code.lower())
    certificate = (
        Certificate.objects.select_related("consultant", "programme")
        .filter(public_code=code)
        .first()
    )
    if certificate is None:
        return render(
            request,
            "trainings/certificate_verify.html",
            {"code": code, "unknown": True},
            status=404,
        )
    return render(
        request,
        "trainings/certificate_verify.html",
        {
            "code": code,
            "certificate": certificate,
            "pdf_url": reverse("trainings:certificate-download", args=[certificate.pk])
            if request.user.is_authenticated
            and (
                request.user.is_academy_admin
                or certificate.consultant.user_id == request.user.pk
            )
            else "",
        },
    )
