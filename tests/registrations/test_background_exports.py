"""A long registrant list is built by the worker: the XLSX URL answers at once with a page
that follows the build and then offers the file, for one hour, to the coordinator who asked.

EXPORT_BACKGROUND_ROWS is set to 2 here, so three registrations make a "long" list. Without
a broker the build task runs in the test's process when the request's transaction commits
(django_capture_on_commit_callbacks stands for that commit).
"""

import datetime
import io
import logging
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from registrations.models import Export, Registration
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.EXPORT_BACKGROUND_ROWS = 2


@pytest.fixture
def registrants(event):
    return [
        RegistrationFactory(event=event, full_name="Ana Confirmed", organization="=1+1"),
        RegistrationFactory(
            event=event, full_name="Bo Waiting", status=Registration.Status.WAITLISTED
        ),
        RegistrationFactory(
            event=event, full_name="Cy Cancelled", status=Registration.Status.CANCELLED
        ),
    ]


def xlsx_url(event, language="en"):
    return f"/{language}/events/{event.slug}/registrants.xlsx"


def ask(client, event, capture, language="en"):
    """Ask for the XLSX, let the request's transaction commit (the build runs), and return
    the response and the export it made."""
    with capture(execute=True):
        response = client.get(xlsx_url(event, language))
    return response, Export.objects.order_by("created_at").last()


def sheet_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def download(client, export):
    response = client.get(f"/en/exports/{export.pk}/download/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return response, content


def private_path(export):
    return Path(storages["private"].path(export.file_name))


def test_a_short_list_still_downloads_directly(coordinator_client, event, registrants):
    Registration.objects.filter(full_name="Cy Cancelled").delete()

    response = coordinator_client.get(xlsx_url(event))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert not Export.objects.exists()


def test_a_long_list_answers_with_a_redirect_to_its_export_page(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)

    assertRedirects(response, f"/en/exports/{export.pk}/", fetch_redirect_response=False)
    assert export.row_count == 3
    assert export.requested_by.username == "coordinator"


def test_while_it_is_built_the_page_shows_the_progress_and_refreshes_itself(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    # No commit: the task has not run, as when the worker has not taken it yet.
    response = coordinator_client.get(xlsx_url(event))
    export = Export.objects.get()
    assert export.status == Export.Status.QUEUED

    page = coordinator_client.get(response["Location"])

    assertContains(page, "The list of 3 registrations is being prepared.")
    assertContains(page, "0 of 3 rows written")
    assertContains(page, '<meta http-equiv="refresh" content="3">')
    assert b"<script>" not in page.content
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_progress_page_speaks_spanish(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    response = coordinator_client.get(xlsx_url(event, "es"))

    page = coordinator_client.get(response["Location"])

    assert response["Location"].startswith("/es/exports/")
    assertContains(page, "Se está preparando la lista de 3 registros.")


def test_the_built_file_holds_the_same_rows_as_the_direct_download(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks, settings
):
    response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    page = coordinator_client.get(response["Location"])
    background, content = download(coordinator_client, export)
    settings.EXPORT_BACKGROUND_ROWS = 5000
    direct = coordinator_client.get(xlsx_url(event))

    assertContains(page, "The list of 3 registrations is ready.")
    assertContains(page, "valid for one hour")
    assertContains(page, f'href="/en/exports/{export.pk}/download/"')
    assert background["Content-Type"] == XLSX_CONTENT_TYPE
    assert background["Content-Disposition"].startswith(
        'attachment; filename="border-meeting-registrants-20'
    )
    rows = sheet_rows(content)
    assert rows == sheet_rows(b"".join(direct.streaming_content))
    assert len(rows) == 4
    assert rows[1][2:5] == ["Ana Confirmed", registrants[0].email, "'=1+1"]


def test_a_list_asked_in_spanish_has_spanish_headers(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks, "es")

    _download, content = download(coordinator_client, export)

    assert sheet_rows(content)[0][1:3] == ["Estado", "Nombre completo"]


def test_asking_twice_while_it_waits_makes_one_export(coordinator_client, event, registrants):
    first = coordinator_client.get(xlsx_url(event))
    second = coordinator_client.get(xlsx_url(event))

    assert first["Location"] == second["Location"]
    assert Export.objects.count() == 1


def test_another_coordinator_is_told_the_export_does_not_exist(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks, django_user_model
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    colleague.groups.add(Group.objects.get(name=COORDINATORS))
    other = Client()
    other.force_login(colleague)

    assert other.get(f"/en/exports/{export.pk}/").status_code == 404
    assert other.get(f"/en/exports/{export.pk}/download/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(
    client, coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    url = f"/en/exports/{export.pk}/download/"

    response = Client().get(url)

    assertRedirects(response, f"/en/accounts/login/?next={url}", fetch_redirect_response=False)


def test_a_user_without_the_export_permission_is_refused(
    coordinator, event, registrants, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(coordinator)
    _response, export = ask(client, event, django_capture_on_commit_callbacks)
    coordinator.groups.clear()

    assert client.get(f"/en/exports/{export.pk}/").status_code == 403


@pytest.mark.parametrize(
    "export_id", ["not-an-id", "123", "00000000-0000-0000-0000-000000000000", "9" * 40]
)
def test_an_unknown_or_malformed_id_is_not_found(coordinator_client, export_id):
    assert coordinator_client.get(f"/en/exports/{export_id}/").status_code == 404
    assert coordinator_client.get(f"/en/exports/{export_id}/download/").status_code == 404


def test_after_an_hour_the_download_is_gone_and_the_page_says_to_export_again(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    Export.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = coordinator_client.get(f"/en/exports/{export.pk}/download/")
    page = coordinator_client.get(f"/en/exports/{export.pk}/")

    assert response.status_code == 410
    assertContains(response, "Please export the list again.", status_code=410)
    assertContains(page, "This export has expired", status_code=410)
    assertContains(page, f'href="{xlsx_url(event)}"', status_code=410)


def test_the_export_is_valid_for_one_hour_after_it_is_ready(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)

    export.refresh_from_db()
    assert export.status == Export.Status.READY
    assert export.expires_at - export.finished_at == datetime.timedelta(hours=1)


def test_cleanup_deletes_expired_files_and_rows_and_keeps_the_others(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    _response, expired = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    Export.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _response, fresh = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert private_path(expired).exists() and private_path(fresh).exists()

    output = io.StringIO()
    call_command("delete_expired_exports", stdout=output)

    assert "Deleted 1 expired exports;" in output.getvalue()
    assert not private_path(expired).exists()
    assert not Export.objects.filter(pk=expired.pk).exists()
    assert private_path(fresh).exists()
    assert Export.objects.filter(pk=fresh.pk).exists()


def test_cleanup_deletes_stuck_exports_and_files_no_export_names(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    coordinator_client.get(xlsx_url(event))  # queued, never built
    Export.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    storage = storages["private"]
    orphan = storage.save(f"exports/{uuid.uuid4()}.xlsx", io.BytesIO(b"left behind"))

    call_command("delete_expired_exports", stdout=io.StringIO())

    assert not Export.objects.exists()
    assert not storage.exists(orphan)


def test_the_file_is_kept_apart_from_media_and_not_served_under_its_url(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks
):
    """Even with DEBUG's media route (tests/registrations/debug_media_urls.py): the file
    is in the private folder, and its name under MEDIA_URL finds nothing."""
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    path = private_path(export).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    (media / "exports").mkdir(parents=True, exist_ok=True)
    (media / "exports" / "control.txt").write_text("public")

    with override_settings(ROOT_URLCONF="tests.registrations.debug_media_urls"):
        served = coordinator_client.get(f"{settings.MEDIA_URL}exports/control.txt")
        private = coordinator_client.get(f"{settings.MEDIA_URL}{export.file_name}")

    assert path.exists()
    assert media not in path.parents
    assert served.status_code == 200  # the route is there...
    assert private.status_code == 404  # ...and does not reach the export


def test_a_failed_build_says_so_and_is_logged(
    coordinator_client,
    event,
    registrants,
    django_capture_on_commit_callbacks,
    caplog,
    settings,
    tmp_path,
):
    # The private folder cannot be made (a file stands in its way), as with a full or
    # read-only disk: the build fails when it stores the file.
    (tmp_path / "occupied").write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "occupied" / "private")},
        },
    }

    with caplog.at_level(logging.ERROR, logger="registrations.background_exports"):
        _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    page = coordinator_client.get(f"/en/exports/{export.pk}/")

    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert f"Export {export.pk} of the registrants of border-meeting failed" in caplog.text
    assertContains(page, "The list could not be prepared.")
    download = coordinator_client.get(f"/en/exports/{export.pk}/download/")
    assertRedirects(download, f"/en/exports/{export.pk}/", fetch_redirect_response=False)


def test_asking_and_downloading_are_logged_with_who(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.INFO, logger="registrations.coordinator_views"):
        _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
        download(coordinator_client, export)

    user = export.requested_by
    assert (
        f"Registrant list of border-meeting exported as XLSX by user {user.pk} (coordinator)"
        f": asked, export {export.pk}" in caplog.text
    )
    assert f"(coordinator): downloaded export {export.pk}" in caplog.text


def test_with_the_second_factor_required_the_page_asks_for_it_first(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks, settings
):
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)
    settings.ADMIN_REQUIRE_2FA = True

    for url in (f"/en/exports/{export.pk}/", f"/en/exports/{export.pk}/download/"):
        response = coordinator_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/2fa/"


def test_an_export_whose_task_was_lost_is_queued_again_by_the_cleanup(
    coordinator_client, event, registrants
):
    coordinator_client.get(xlsx_url(event))  # no commit: its task never ran
    Export.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))

    output = io.StringIO()
    call_command("delete_expired_exports", stdout=output)

    assert "queued 1 waiting ones again" in output.getvalue()
    assert Export.objects.get().status == Export.Status.READY


def test_a_private_folder_inside_the_media_folder_is_refused_at_start(settings):
    from django.core import checks

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(Path(settings.MEDIA_ROOT) / "private")},
        },
    }

    errors = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]

    assert "taskforce.E001" in errors


def test_whoever_runs_the_site_sees_the_exports_being_built_and_nobody_else(
    coordinator_client, event, registrants, django_capture_on_commit_callbacks, admin_client
):
    """Superusers list the exports (who asked, for which event, how far along, when each
    goes), read-only and without a link to the file, which is its coordinator's alone."""
    _response, export = ask(coordinator_client, event, django_capture_on_commit_callbacks)

    listing = admin_client.get("/admin/registrations/export/", {"status__exact": "ready"})
    page = admin_client.get(f"/admin/registrations/export/{export.pk}/change/")

    assertContains(listing, "coordinator")
    assertContains(listing, str(event))
    assert "/download/" not in page.content.decode()
    assert admin_client.get("/admin/registrations/export/add/").status_code == 403
    deleting = admin_client.post(f"/admin/registrations/export/{export.pk}/delete/", {"post": "1"})
    assert deleting.status_code == 403
    assert Export.objects.filter(pk=export.pk).exists()
    assert coordinator_client.get("/admin/registrations/export/").status_code == 403
