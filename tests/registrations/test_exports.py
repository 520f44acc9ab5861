"""Coordinators download an event's registrants as CSV (for Excel) or XLSX.

What a coordinator opens in a spreadsheet: every registration of the event, whatever its
status, under one header row; nothing a registrant typed can run as a formula.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.test import Client
from pytest_django.asserts import assertRedirects

from registrations.models import AccessRecord, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx"]
# What a spreadsheet would run or misread if a cell started with it.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def export_url(event, extension, language="en"):
    return f"/{language}/events/{event.slug}/registrants.{extension}"


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


def xlsx_rows(response):
    return [
        ["" if value is None else value for value in row]
        for row in xlsx_sheet(response).iter_rows(values_only=True)
    ]


def rows_of(response, extension):
    return csv_rows(response) if extension == "csv" else xlsx_rows(response)


@pytest.mark.parametrize("extension", FORMATS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, event, extension):
    url = export_url(event, extension)

    response = client.get(url)

    assertRedirects(response, f"/en/accounts/login/?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize("extension", FORMATS)
def test_a_logged_in_user_without_the_export_permission_is_refused(
    client, django_user_model, event, extension
):
    client.force_login(django_user_model.objects.create_user("participant", is_staff=True))

    assert client.get(export_url(event, extension)).status_code == 403


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_a_coordinator_downloads_the_list_as_a_dated_attachment(
    coordinator_client, event, extension, content_type
):
    response = coordinator_client.get(export_url(event, extension))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="border-meeting-registrants-20')
    assert disposition.endswith(f'.{extension}"')
    assert len(disposition) == len(
        f'attachment; filename="border-meeting-registrants-YYYYMMDD.{extension}"'
    )


@pytest.mark.parametrize("extension", FORMATS)
def test_an_unpublished_event_still_exports_but_an_unknown_one_is_not_found(
    coordinator_client, extension
):
    draft = EventFactory(slug="draft-meeting", is_published=False)
    RegistrationFactory(event=draft, full_name="Early Bird")

    response = coordinator_client.get(export_url(draft, extension))

    assert response.status_code == 200
    assert "Early Bird" in rows_of(response, extension)[1]
    missing = coordinator_client.get(f"/en/events/no-such-event/registrants.{extension}")
    assert missing.status_code == 404


@pytest.mark.parametrize("extension", FORMATS)
def test_the_list_has_a_header_and_every_registration_of_the_event_whatever_its_status(
    coordinator_client, event, extension
):
    RegistrationFactory(event=event, full_name="Ana Confirmed")
    RegistrationFactory(event=event, full_name="Bo Waiting", status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, full_name="Cy Cancelled", status=Registration.Status.CANCELLED)
    RegistrationFactory(full_name="Someone at another event")

    rows = rows_of(coordinator_client.get(export_url(event, extension)), extension)

    header, *registrants = rows
    assert header[:3] == ["Registered at (America/Mexico_City)", "Status", "Full name"]
    assert len(registrants) == 3
    assert [(row[1], row[2]) for row in registrants] == [
        ("Confirmed", "Ana Confirmed"),
        ("On the waiting list", "Bo Waiting"),
        ("Cancelled", "Cy Cancelled"),
    ]


def test_a_row_holds_the_registration_in_readable_form(coordinator_client, event):
    registration = RegistrationFactory(
        event=event,
        full_name="María José Núñez",
        email="mj@example.mx",
        organization="Autobuses del Norte",
        job_title="Directora",
        sector="public_transport",
        country="MX",
        attendance_mode="online",
        needs="Silla de ruedas",
        interpretation=True,
        language="es",
        attended=True,
        checked_in_at=datetime.datetime(2026, 7, 15, 16, 5, 7, tzinfo=datetime.UTC),
    )

    header, row = csv_rows(coordinator_client.get(export_url(event, "csv")))

    cells = dict(zip(header, row, strict=True))
    created_at = registration.created_at.astimezone(event.zone).isoformat(timespec="seconds")
    assert cells == {
        "Registered at (America/Mexico_City)": created_at,
        "Status": "Confirmed",
        "Full name": "María José Núñez",
        "Email": "mj@example.mx",
        "Organization": "Autobuses del Norte",
        "Job title": "Directora",
        "Sector": "Public transport",
        "Country code": "MX",
        "Country": "Mexico",
        "Attendance": "Online",
        "Accessibility or dietary needs": "Silla de ruedas",
        "Interpretation": "Yes",
        "Language": "Spanish",
        "Consent given at (America/Mexico_City)": registration.consent_at.astimezone(
            event.zone
        ).isoformat(timespec="seconds"),
        "Privacy notice version": registration.privacy_notice_version,
        "Attended": "Yes",
        "Cancelled at (America/Mexico_City)": "",
        "Checked in at (America/Mexico_City)": "2026-07-15T10:05:07-06:00",
        "Joined online at (America/Mexico_City)": "",
    }


def test_times_are_in_the_events_zone_with_the_offset_of_their_date(coordinator_client):
    tijuana = EventFactory(timezone="America/Tijuana")
    winter = datetime.datetime(2026, 1, 15, 18, 0, 59, 250_000, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 15, 18, 0, 1, tzinfo=datetime.UTC)
    RegistrationFactory(event=tijuana, created_at=winter, consent_at=winter)
    RegistrationFactory(
        event=tijuana,
        created_at=summer,
        consent_at=summer,
        status=Registration.Status.CANCELLED,
        cancelled_at=summer + datetime.timedelta(days=1, seconds=1),
    )

    header, *rows = csv_rows(coordinator_client.get(export_url(tijuana, "csv")))

    assert header[0] == "Registered at (America/Tijuana)"
    assert [(row[0], row[13], row[16]) for row in rows] == [
        ("2026-01-15T10:00:59-08:00", "2026-01-15T10:00:59-08:00", ""),
        ("2026-07-15T11:00:01-07:00", "2026-07-15T11:00:01-07:00", "2026-07-16T11:00:02-07:00"),
    ]


@pytest.mark.parametrize("extension", FORMATS)
def test_headers_and_labels_are_in_spanish_on_the_spanish_site(
    coordinator_client, event, extension
):
    RegistrationFactory(event=event, country="MX")

    header, row = rows_of(coordinator_client.get(export_url(event, extension, "es")), extension)

    assert {"Organización", "País", "Idioma"} <= set(header)
    assert "Organization" not in header
    assert "México" in row


@pytest.mark.parametrize("start", FORMULA_STARTS)
@pytest.mark.parametrize("extension", FORMATS)
def test_a_value_that_could_run_as_a_formula_is_neutralised(
    coordinator_client, event, extension, start
):
    dangerous = f'{start}HYPERLINK("http://evil.example","x")'
    RegistrationFactory(event=event, full_name=dangerous, organization=dangerous, needs=dangerous)

    header, row = rows_of(coordinator_client.get(export_url(event, extension)), extension)

    cells = dict(zip(header, row, strict=True))
    for column in ("Full name", "Organization", "Accessibility or dietary needs"):
        # XML reads a carriage return back as a line feed; the quote before it stays.
        assert cells[column].replace("\r", "\n") == f"'{dangerous}".replace("\r", "\n")


def test_every_xlsx_cell_a_person_typed_is_text_never_a_formula_or_an_error(
    coordinator_client, event
):
    RegistrationFactory(event=event, full_name="=1+1", organization="#N/A", job_title="42")
    RegistrationFactory(event=event, full_name="@SUM(A1:A2)", organization="-2", needs="+3")
    RegistrationFactory(event=event, full_name="Bell\x07 Ringer", organization="\x01=1+1")
    RegistrationFactory(event=event, full_name="Org;=1+1", organization="Acme\t=2+2")

    sheet = xlsx_sheet(coordinator_client.get(export_url(event, "xlsx")))

    header = [cell.value for cell in sheet[1]]
    time_columns = {number for number, label in enumerate(header) if " at (" in label}
    cells = [
        cell
        for row in sheet.iter_rows()
        for number, cell in enumerate(row)
        if cell.value is not None and not (cell.row > 1 and number in time_columns)
    ]
    assert cells, "the sheet is empty"
    assert {cell.data_type for cell in cells} == {"s"}
    values = {cell.value for cell in cells}
    assert {"'=1+1", "#N/A", "42", "'@SUM(A1:A2)", "'-2", "'+3", "Bell Ringer"} <= values
    # A value that does not start a cell is kept as typed: a text cell never runs it.
    assert {"Org;=1+1", "Acme\t=2+2"} <= values
    assert not any(value.startswith("=") for value in values)


def test_xlsx_times_are_date_cells_of_the_local_time_in_the_events_zone(coordinator_client):
    tijuana = EventFactory(timezone="America/Tijuana")
    winter = datetime.datetime(2026, 1, 15, 18, 0, 59, 250_000, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 15, 18, 0, 1, tzinfo=datetime.UTC)
    RegistrationFactory(event=tijuana, created_at=winter, consent_at=winter)
    RegistrationFactory(
        event=tijuana,
        created_at=summer,
        consent_at=summer,
        status=Registration.Status.CANCELLED,
        cancelled_at=summer + datetime.timedelta(days=1, seconds=1),
    )

    sheet = xlsx_sheet(coordinator_client.get(export_url(tijuana, "xlsx")))

    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Registered at (America/Tijuana)"
    assert header[13] == "Consent given at (America/Tijuana)"
    assert header[16] == "Cancelled at (America/Tijuana)"
    winter_row, summer_row = (list(row) for row in sheet.iter_rows(min_row=2))
    assert [winter_row[0].value, winter_row[13].value, winter_row[16].value] == [
        datetime.datetime(2026, 1, 15, 10, 0, 59),
        datetime.datetime(2026, 1, 15, 10, 0, 59),
        None,
    ]
    assert [summer_row[0].value, summer_row[16].value] == [
        datetime.datetime(2026, 7, 15, 11, 0, 1),
        datetime.datetime(2026, 7, 16, 11, 0, 2),
    ]
    for cell in (winter_row[0], summer_row[0], summer_row[13], summer_row[16]):
        assert cell.is_date, cell.coordinate
        assert "h:mm" in cell.number_format


def test_the_xlsx_has_readable_widths_a_filter_and_a_frozen_header(coordinator_client, event):
    RegistrationFactory.create_batch(3, event=event)

    sheet = xlsx_sheet(coordinator_client.get(export_url(event, "xlsx")))

    header = [cell.value for cell in sheet[1]]
    widths = {
        label: sheet.column_dimensions[cell.column_letter].width
        for label, cell in zip(header, sheet[1], strict=True)
    }
    # Every header fits its column; times, names, addresses and needs have room.
    for label, width in widths.items():
        assert len(label) < width <= 60, label
    assert widths["Registered at (America/Mexico_City)"] >= 19  # "2026-05-04 11:03:09"
    assert widths["Email"] >= 25
    assert widths["Full name"] >= 20
    assert widths["Accessibility or dietary needs"] >= 35
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.auto_filter.ref == "A1:S4"
    assert sheet.freeze_panes == "A2"


def test_the_xlsx_of_an_event_without_registrations_has_its_header_and_filter(
    coordinator_client, event
):
    sheet = xlsx_sheet(coordinator_client.get(export_url(event, "xlsx")))

    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:S1"


@pytest.mark.parametrize(
    ("typed", "in_csv"),
    [
        ("Org;=1+1", "Org;'=1+1"),
        ("Org; x;+1", "Org; x;'+1"),
        ("Dept;-5;@cmd", "Dept;'-5;'@cmd"),
        ("Acme\t=2+2", "Acme\t'=2+2"),
        ('Org;"=1+1"', 'Org;"\'=1+1"'),
        ("=A1;=B1", "'=A1;'=B1"),
        ("Ciencia; Tecnología", "Ciencia; Tecnología"),
        ("García-López", "García-López"),
    ],
)
def test_in_csv_a_formula_after_a_semicolon_or_tab_is_neutralised_too(
    coordinator_client, event, typed, in_csv
):
    RegistrationFactory(event=event, organization=typed, needs=typed)

    header, row = csv_rows(coordinator_client.get(export_url(event, "csv")))

    cells = dict(zip(header, row, strict=True))
    assert cells["Organization"] == in_csv
    assert cells["Accessibility or dietary needs"] == in_csv


def test_a_csv_opened_with_semicolons_as_separators_has_no_cell_that_runs(
    coordinator_client, event
):
    """What a spreadsheet whose list separator is ";" makes of the file: every line split
    at ";" (and tab), quotes stripped. No piece may start a formula."""
    RegistrationFactory(
        event=event, full_name='Ana;=HYPERLINK("http://evil.example")', organization="Org;+1"
    )
    RegistrationFactory(event=event, full_name="Bo\t@SUM(1)", job_title='x;"-2"')

    content = b"".join(coordinator_client.get(export_url(event, "csv")).streaming_content)

    text = content.decode("utf-8-sig")
    pieces = [piece.strip('"') for line in text.splitlines() for piece in re.split("[;\t]", line)]
    assert not [piece for piece in pieces if piece.startswith(tuple(FORMULA_STARTS))]


def test_the_xlsx_header_row_names_every_column(coordinator_client, event):
    RegistrationFactory(event=event)

    header, row = xlsx_rows(coordinator_client.get(export_url(event, "xlsx")))

    assert len(header) == len(row) == 19
    assert header[-3:] == [
        "Cancelled at (America/Mexico_City)",
        "Checked in at (America/Mexico_City)",
        "Joined online at (America/Mexico_City)",
    ]


def test_superusers_export_too(admin_user, event):
    client = Client()
    client.force_login(admin_user)
    RegistrationFactory(event=event)

    assert len(csv_rows(client.get(export_url(event, "csv")))) == 2


@pytest.mark.parametrize("extension", FORMATS)
def test_each_export_is_logged_with_who_took_it(
    coordinator_client, coordinator, event, extension, caplog
):
    caplog.set_level("INFO", logger="registrations.coordinator_views")

    coordinator_client.get(export_url(event, extension))

    assert (
        f"Registrant list of border-meeting exported as {extension.upper()} "
        f"by user {coordinator.pk} (coordinator)"
    ) in caplog.messages


@pytest.mark.parametrize("extension", FORMATS)
def test_each_export_is_an_access_record_with_its_format_and_row_count(
    coordinator_client, coordinator, event, extension
):
    RegistrationFactory.create_batch(3, event=event)

    coordinator_client.get(export_url(event, extension))

    record = AccessRecord.objects.get()
    assert (record.action, record.user, record.event) == (
        AccessRecord.Action.EXPORT,
        coordinator,
        event,
    )
    assert record.detail == f"{extension.upper()}, 3 rows"


def test_a_refused_export_logs_no_export(client, django_user_model, event, caplog):
    caplog.set_level("INFO", logger="registrations.coordinator_views")
    client.force_login(django_user_model.objects.create_user("participant"))

    client.get(export_url(event, "csv"))

    assert not [message for message in caplog.messages if "exported" in message]
    assert not AccessRecord.objects.exists()
