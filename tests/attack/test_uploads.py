"""The hostile upload corpus (tests/attack/corpus) posted to every upload
endpoint of the portal, pages and API: each file refused with a clear message
in the user's language (Kyrgyz here), never a 5xx, nothing saved, no file left
in the media folder or the upload temp folder, nothing written outside them.

The endpoints, found by grep (forms.FileField, serializers.FileField,
request.FILES, parsers): a bid's files (pages and API; a refused submission
keeps its good files as drafts, so the drafts are checked too), a tender's
documents (pages and API), an amendment's document (pages and API), the
municipality names CSV and the training attendance workbook. Consultations,
profiles and the Django admin take no uploads (the admin's document inline is
read-only)."""

import json
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from municipalities.models import Municipality
from portal.errors import DomainError
from portal.uploads import zip_check
from procurement.files import check_upload
from tests.accounts.factories import AcademyAdminFactory
from tests.attack.corpus import CORPUS, Hostile, oversize
from tests.attack.upload_endpoints import (
    BOUNDARY,
    ENDPOINTS,
    Endpoint,
    files_under,
    multipart,
    names_snapshot,
    outside_traces,
    received_name,
    staff_user,
)
from tests.procurement.factories import (
    PDF_BYTES,
)
from tests.procurement.test_api_write import own_tender

ATTENDANCE_MAX_BYTES = 5 * 1024 * 1024  # trainings.forms.AttendanceUploadForm
BIG = Hostile("oversize", "big.pdf", lambda: oversize(ATTENDANCE_MAX_BYTES))
FILES = [*CORPUS, BIG]


def expected_message(endpoint: Endpoint, item: Hostile, name: str) -> str:
    """What the endpoint must say about the item, in Kyrgyz, computed by the
    rule's one home (so a changed wording does not break the test, a missing
    refusal does)."""
    data = item.data
    with translation.override("ky"):
        if not data:
            return translation.gettext("The submitted file is empty.")
        if endpoint.kind == "document":
            try:
                check_upload(SimpleUploadedFile(name, data))
            except DomainError as exc:
                return exc.message
            raise AssertionError(f"{item.key} passes the document check")
        if endpoint.kind == "xlsx":
            if not name.lower().endswith(".xlsx"):
                return translation.gettext("Upload an .xlsx file.")
            if len(data) > ATTENDANCE_MAX_BYTES:
                return translation.gettext("The file is larger than 5 MB.")
            try:
                zip_check(data, name=name)
            except DomainError as exc:
                return exc.message
            return translation.gettext("The file is not an XLSX workbook.")
        if len(data) > 2 * 1024 * 1024:
            return translation.gettext("The file is larger than 2 MB.")
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return translation.gettext("The file is not UTF-8 text.")
        return translation.gettext("Nothing was saved: the file has errors.")


@pytest.fixture
def sandbox(settings, tmp_path):
    """The media folder and the upload temp folder in a fresh directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.MEDIA_ROOT.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    settings.UPLOAD_MAX_BYTES = 1024 * 1024  # the oversize item is 5 MiB
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def post(client, endpoint, url, fields, files):
    body = multipart(fields, files)
    return client.post(
        url,
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ACCEPT_LANGUAGE="ky",
        follow=not endpoint.api,
    )


def said(endpoint, text: str) -> list[str]:
    """The error messages of an answer, for a failure's report."""
    if endpoint.api:
        return [text[:300]]
    return re.findall(
        r'<li[^>]*class="[^"]*(?:error|message)[^"]*"[^>]*>(.*?)</li>', text, re.S
    ) or re.findall(r"errorlist[^>]*>(.*?)</ul>", text, re.S)


def answer_text(endpoint, response) -> str:
    if endpoint.api:
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.key)
def test_every_hostile_file_is_refused_by_every_endpoint(endpoint, sandbox, client_for):
    user, url, fields = endpoint.setup()
    client = client_for(user)
    media = sandbox / "media"
    assert not outside_traces()
    failures = []
    for item in FILES:
        name = item.name
        if endpoint.kind == "xlsx" and item.key != "oversize":
            # the attendance form refuses other names outright; the content
            # check is what an attacker must get past
            name = name.rsplit(".", 1)[0] + ".xlsx"
        before_rows, before_media = endpoint.saved(), files_under(media)
        response = post(
            client, endpoint, url, fields, [(endpoint.field, name, item.data)]
        )
        problems = []
        if response.status_code >= 500 or response.status_code not in (200, 400):
            problems.append(f"status {response.status_code}")
        text = answer_text(endpoint, response)
        if "\n" in name:
            # the line break ends the part's header: what name the parser then
            # sees is its own business; the message must still be the rule's
            shown = expected_message(endpoint, item, "\x01").split("\x01")
        else:
            shown = [expected_message(endpoint, item, received_name(name))]
        expected = shown[-1]
        if not all(
            (escape(part) if not endpoint.api else part) in text for part in shown
        ):
            problems.append(f"no message {expected!r}, said {said(endpoint, text)}")
        if endpoint.saved() != before_rows:
            problems.append("rows saved")
        if files_under(media) != before_media:
            problems.append(f"media changed: {files_under(media) - before_media}")
        if files_under(sandbox / "upload-tmp"):
            problems.append("upload temp file left behind")
        if outside_traces():
            problems.append(f"written outside: {outside_traces()}")
        if problems:
            failures.append(f"{item.key} ({name!r}): {'; '.join(problems)}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS[:2], ids=lambda e: e.key)
@pytest.mark.parametrize("crowd", ["files", "fields"])
def test_too_many_parts_in_one_request(endpoint, crowd, sandbox, client_for):
    """More files than DATA_UPLOAD_MAX_NUMBER_FILES or fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400 that says so in Kyrgyz, nothing
    saved, no temp file left."""
    user, url, fields = endpoint.setup()
    limit_files = django_settings.DATA_UPLOAD_MAX_NUMBER_FILES
    limit_fields = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    files = [(endpoint.field, "plan.pdf", PDF_BYTES)]
    if crowd == "files":
        files = files * (limit_files + 1)
    else:
        fields = {**fields, "noise": ["x"] * (limit_fields + 1)}
    before, media = endpoint.saved(), files_under(sandbox / "media")
    body = multipart(fields, files)
    response = client_for(user).post(
        url,
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ACCEPT_LANGUAGE="ky",
    )
    assert response.status_code == 400
    with translation.override("ky"):
        expected = translation.gettext(
            "The request has too many parts: at most %(files)s files and "
            "%(fields)s fields can be sent at once."
        ) % {"files": limit_files, "fields": limit_fields}
    assert "бөлүк" in expected  # the Kyrgyz catalogue has it
    assert escape(expected) in response.content.decode() or (
        endpoint.api and response.json() == {"detail": expected}
    ), response.content.decode()[:500]
    assert endpoint.saved() == before
    assert not files_under(sandbox / "upload-tmp")
    assert files_under(sandbox / "media") == media


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("{soate},Ала\x00Тоо,\n", "a name contains a control character"),
        ("{soate},Ала\u202eТоо,\n", "a name contains a control character"),
        ('{soate},"' + "ы" * 140_000 + '",\n', "the line cannot be read as CSV"),
    ],
    ids=["nul", "rtl-override", "field-past-the-csv-limit"],
)
def test_a_hostile_names_csv_is_refused(rows, problem, sandbox, client_for):
    """Text files that are valid UTF-8 but not what a CSV of names holds: a
    NUL (PostgreSQL refuses it in text), a right-to-left override (a name
    that reads otherwise than it is), a field past the csv module's limit."""
    municipality = Municipality.objects.exclude(soate="").order_by("pk").first()
    body = "soate,name_ky,name_en\n" + rows.format(soate=municipality.soate)
    before = names_snapshot()
    with translation.override("ky"):
        url = reverse("municipalities:names-list")
        expected = translation.gettext("Nothing was saved: the file has errors.")
        problem = translation.gettext(problem)
    assert not problem.isascii()  # the Kyrgyz catalogue has it
    response = client_for(AcademyAdminFactory()).post(
        url,
        multipart({}, [("file", "names.csv", body.encode())]),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ACCEPT_LANGUAGE="ky",
    )
    assert response.status_code == 200
    assert escape(expected) in response.content.decode()
    assert escape(problem) in response.content.decode()
    assert names_snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/hostile-upload-climb.pdf",
        "..\\..\\hostile-upload-climb.pdf",
        "hostile-upload-climb.pdf\x00.exe",
        "hostile-upload-climb\u202efdp.exe",
    ],
    ids=["traversal", "windows-traversal", "nul", "rtl-override"],
)
def test_a_real_document_under_a_hostile_name_lands_in_media(name, sandbox, client_for):
    """The name is only a label: the file is stored under a generated name in
    the media folder, and the label kept has no path and no control mark."""
    staff = staff_user()
    tender = own_tender(staff)
    before = files_under(sandbox / "media")
    with translation.override("ky"):
        url = reverse("procurement:document-add", args=[tender.pk])
    response = client_for(staff).post(
        url,
        multipart({"title": "Жаман аталыш"}, [("file", name, PDF_BYTES)]),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 302
    document = tender.documents.get(title="Жаман аталыш")
    label = document.original_name
    assert "/" not in label and "\\" not in label and ".." not in label
    assert all(char.isprintable() for char in label), repr(label)
    assert label.endswith(".pdf")
    (added,) = files_under(sandbox / "media") - before
    assert (sandbox / "media" / added).read_bytes() == PDF_BYTES
    assert not outside_traces()
