"""The export's columns are one declarative list (exports.COLUMNS): the header, the CSV and
XLSX rows, the benchmark's COPY and the registration form's fields all follow it."""

import pytest

from registrations import exports
from registrations.forms import REGISTRANT_FIELDS, RegistrationForm
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def table(event, **options):
    return exports.registrant_table(event.registrations.queue_order(), **options)


@pytest.mark.parametrize("with_event", [False, True])
@pytest.mark.parametrize("local_times", [False, True])
def test_the_header_the_widths_and_every_row_stay_aligned(with_event, local_times):
    event = EventFactory()
    RegistrationFactory(event=event, organization="=1+1", country="MX", interpretation=True)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, country="")

    result = table(event, with_event=with_event, local_times=local_times)
    rows = list(result.rows)

    assert len(result.header) == len(result.widths) == len(exports.COLUMNS) + with_event
    assert [len(row) for row in rows] == [len(result.header)] * 2
    cells = dict(zip(result.header, rows[0], strict=True))
    assert cells["Organization"] == "'=1+1"
    assert cells["Country code"] == "MX"
    assert cells["Country"] == "Mexico"
    assert cells["Interpretation"] == "Yes"
    assert cells["Status"] == "Confirmed"
    if with_event:
        assert cells["Event"] == event.title


def test_a_new_column_is_one_line(monkeypatch):
    event = EventFactory()
    RegistrationFactory(event=event, language="es", job_title="Analista")
    extra = exports.Column("Language code", "language", "text", exports.NARROW)
    monkeypatch.setattr(exports, "COLUMNS", (*exports.COLUMNS, extra))

    result = table(event)
    (row,) = list(result.rows)

    assert result.header[-1] == "Language code"
    assert row[-1] == "es"
    assert len(row) == len(result.header) == len(result.widths)


def test_the_copy_fields_are_those_of_the_columns_each_once():
    assert exports.FIELDS == tuple(dict.fromkeys(column.field for column in exports.COLUMNS))
    assert len(exports.FIELDS) == len(set(exports.FIELDS))
    assert exports.FIELDS.count("country") == 1
    for name in exports.FIELDS:
        Registration._meta.get_field(name)  # a real column, which COPY can select


def test_the_form_asks_the_registrant_fields_and_the_export_shows_them_in_that_order():
    assert RegistrationForm.field_order[: len(REGISTRANT_FIELDS)] == REGISTRANT_FIELDS
    exported = [name for name in exports.FIELDS if name in REGISTRANT_FIELDS]
    assert exported == REGISTRANT_FIELDS
    for name in REGISTRANT_FIELDS:
        Registration._meta.get_field(name)


def test_registration_data_holds_exactly_the_registrant_fields():
    event = EventFactory(mode="in_person")
    form = RegistrationForm(
        {
            "full_name": " Ana García ",
            "email": "ana@example.org",
            "organization": "Sample Motors",
            "sector": "oem",
            "country": "MX",
            "consent": "on",
        },
        event=event,
    )
    assert form.is_valid(), form.errors

    data = form.registration_data()

    assert list(data) == REGISTRANT_FIELDS
    assert data["full_name"] == "Ana García"
    assert data["attendance_mode"] == Registration.AttendanceMode.IN_PERSON
