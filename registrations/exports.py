"""Registrant lists for coordinators, as CSV (for Excel: UTF-8 with a BOM) and XLSX.

Both formats hold the same table: one header row, then one row per registration, every
status included. Lists can be long, so neither is built in memory: the CSV is streamed
while the database is read in chunks (values_list rows, no model instances), and the XLSX
is written row by row by openpyxl's write-only mode into a temporary file, then streamed.

Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" as a formula
(and tab or carriage return can hide such a start), and what registrants type ends up
in these cells: every cell goes through neutralise(). A spreadsheet whose list separator
is ";" (Spanish and most European settings) splits a CSV line at ";" and tabs too, so in
CSV a trigger after one of them is neutralised as well (`Org;=1+1` → `Org;'=1+1`). In
XLSX every cell a person typed is also typed as text, so nothing is ever a formula or an
error value; times there are real date cells, in the event's zone, which the headers name
(Excel has no time zones: the cells hold the local time).
"""

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from taskforce.core import personal_data as personal_data_elsewhere
from workinggroups.models import Sector

from .models import Event, Registration

CHUNK_SIZE = 2000
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# In CSV, a trigger after a ";" or a tab starts a cell where ";" separates them; quotes
# between them are CSV syntax that such a spreadsheet may strip.
SEPARATED_TRIGGER = re.compile(r'([;\t]"*)(?=[=+\-@\t\r])')
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: str) -> str:
    """The value, with a leading ' if a spreadsheet could take it for a formula."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_for_csv(value: str) -> str:
    """neutralise()d value (as every cell of the table is), with a ' also before each
    trigger that follows a ";" or a tab, for spreadsheets that split CSV lines there."""
    if ";" in value or "\t" in value:
        return SEPARATED_TRIGGER.sub(r"\1'", value)
    return value


class _Labels(dict):
    """Display labels by stored value, neutralised once when built; a value without a
    label is shown as it is stored, neutralised."""

    def __missing__(self, value):
        return neutralise(value)


def _labels(pairs) -> _Labels:
    return _Labels((value, neutralise(str(label))) for value, label in pairs)


def _as_text(field):
    # Django reads PostgreSQL timestamps through a pure-Python loader (some 10 µs a value:
    # most of an export's time). Their ISO text read by datetime.fromisoformat costs a
    # tenth of that; psycopg reads timestamps in the ISO date style only anyway, and
    # SQLite stores that very text.
    return Cast(field, TextField())


# Spreadsheet column widths, in characters, wide enough for a typical value of each column
# (a header wider than that widens its column).
TIME_WIDTH = 20  # "2026-05-04 11:03:09"
NARROW, SHORT, MEDIUM, WIDE = 10, 16, 26, 40


@dataclass(frozen=True)
class Column:
    """One column of the export: its header (a time's names the zone: "%(zone)s"), the
    Registration field it shows, how a stored value becomes a cell (`cell`: "text",
    "time", or the name of a table of labels, see registrant_table) and its width."""

    header: str
    field: str
    cell: str
    width: int

    def title(self, zone_name: str) -> str:
        """The header, in the active language."""
        header = str(self.header)
        return header % {"zone": zone_name} if self.cell == "time" else header


# The export, in its order: header, CSV and XLSX rows, and the benchmark's COPY all come
# from this list. A new column is one line here.
COLUMNS = (
    Column(gettext_lazy("Registered at (%(zone)s)"), "created_at", "time", TIME_WIDTH),
    Column(gettext_lazy("Status"), "status", "status", SHORT),
    Column(gettext_lazy("Full name"), "full_name", "text", MEDIUM),
    Column(gettext_lazy("Email"), "email", "text", MEDIUM),
    Column(gettext_lazy("Organization"), "organization", "text", MEDIUM),
    Column(gettext_lazy("Job title"), "job_title", "text", MEDIUM),
    Column(gettext_lazy("Sector"), "sector", "sector", MEDIUM),
    Column(gettext_lazy("Country code"), "country", "text", NARROW),
    Column(gettext_lazy("Country"), "country", "country", SHORT),
    Column(gettext_lazy("Attendance"), "attendance_mode", "attendance", NARROW),
    Column(gettext_lazy("Accessibility or dietary needs"), "needs", "text", WIDE),
    Column(gettext_lazy("Interpretation"), "interpretation", "yes_no", NARROW),
    Column(gettext_lazy("Language"), "language", "language", NARROW),
    Column(gettext_lazy("Consent given at (%(zone)s)"), "consent_at", "time", TIME_WIDTH),
    Column(gettext_lazy("Privacy notice version"), "privacy_notice_version", "text", NARROW),
    Column(gettext_lazy("Attended"), "attended", "attended", NARROW),
    Column(gettext_lazy("Cancelled at (%(zone)s)"), "cancelled_at", "time", TIME_WIDTH),
    Column(gettext_lazy("Checked in at (%(zone)s)"), "checked_in_at", "time", TIME_WIDTH),
    Column(gettext_lazy("Joined online at (%(zone)s)"), "joined_online_at", "time", TIME_WIDTH),
)


def fields_of(columns=COLUMNS) -> tuple[str, ...]:
    """The Registration fields behind `columns`, each once, in the columns' order."""
    return tuple(dict.fromkeys(column.field for column in columns))


# What benchmarks/export_benchmark.py asks PostgreSQL's COPY for (the country, which
# gives two cells, is read once).
FIELDS = fields_of()


@dataclass
class RegistrantTable:
    header: list[str]
    rows: Iterator[list]
    widths: list[int]  # of the columns in a spreadsheet, in characters


def registrant_table(
    registrations,
    *,
    zone: datetime.tzinfo = datetime.UTC,
    with_event: bool = False,
    local_times: bool = False,
) -> RegistrantTable:
    """The export of `registrations` (a queryset): every cell a neutralised string, but
    the times with `local_times`.

    Labels and headers are resolved now, in the active language: the rows are produced
    later, while the response streams, when the request's language may be gone. Times are
    in `zone`, which the headers name: ISO 8601 text with the offset, or with
    `local_times` naive datetimes of the local time (for date cells in a spreadsheet).
    `with_event` adds the event's title first (for lists that span several events).
    """
    zone_name = str(zone)
    columns = [(column.title(zone_name), column.width) for column in COLUMNS]
    labels = {
        "status": _labels(Registration.Status.choices),
        "sector": _labels(Sector.choices),
        "attendance": _labels(Registration.AttendanceMode.choices),
        "language": _labels(settings.LANGUAGES),
        "country": _labels(countries),
        "yes_no": _labels([(True, _("Yes")), (False, _("No"))]),
        "attended": _labels([(True, _("Yes")), (False, _("No")), (None, "")]),
    }
    event_titles = {}
    if with_event:
        columns.insert(0, (_("Event"), WIDE))
        event_ids = registrations.order_by().values_list("event_id", flat=True).distinct()
        event_titles = _labels(
            (event.pk, event) for event in Event.objects.filter(pk__in=event_ids)
        )

    local_minutes = {}

    def local_time(text):
        """The naive local time in `zone`, to the second, of the database's text of a UTC
        time (see when()); one conversion per minute, as there."""
        if text is None:
            return None
        minute = text[:16]
        start = local_minutes.get(minute)
        if start is None:
            moment = datetime.datetime.fromisoformat(text)
            if moment.utcoffset():  # not UTC after all: no shortcut
                return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)
            start = moment.replace(second=0, microsecond=0, tzinfo=datetime.UTC)
            start = start.astimezone(zone).replace(tzinfo=None)
            if len(local_minutes) >= 1024:
                local_minutes.clear()
            local_minutes[minute] = start
        return start.replace(second=int(text[17:19]))

    def when(text):
        """ISO 8601 in `zone`, to the second (starting with the year: nothing to
        neutralise), of the database's text of a UTC time: "2026-05-04 17:03:09.123+00"
        from PostgreSQL (Django's sessions are in UTC), without the offset from SQLite.

        Formatting was the dearest part of a row. Offsets change only on the minute, so
        each minute is converted once and then only its seconds are copied in."""
        if text is None:
            return ""
        minute = text[:16]
        parts = local_minutes.get(minute)
        if parts is None:
            moment = datetime.datetime.fromisoformat(text)
            if moment.utcoffset():  # not UTC after all: no shortcut
                return moment.astimezone(zone).isoformat(timespec="seconds")
            local = moment.replace(second=0, microsecond=0, tzinfo=datetime.UTC)
            local = local.astimezone(zone).isoformat()  # "2026-05-04T11:03:00-06:00"
            if len(local_minutes) >= 1024:  # however spread the times, memory stays flat
                local_minutes.clear()
            parts = local_minutes[minute] = local[:17], local[19:]
        return parts[0] + text[17:19] + parts[1]

    converters = {"text": neutralise, "time": local_time if local_times else when}
    converters.update((name, table.__getitem__) for name, table in labels.items())
    fields = fields_of(COLUMNS)
    times = {column.field for column in COLUMNS if column.cell == "time"}
    # Each cell: its converter and the place of its field in a values_list row (after
    # the event's id).
    cells = [(converters[column.cell], 1 + fields.index(column.field)) for column in COLUMNS]

    def rows():
        values = registrations.annotate(
            **{f"{name}_text": _as_text(name) for name in times}
        ).values_list("event_id", *(f"{name}_text" if name in times else name for name in fields))
        for stored in values.iterator(chunk_size=CHUNK_SIZE):
            row = [convert(stored[place]) for convert, place in cells]
            if with_event:
                row.insert(0, event_titles[stored[0]])
            yield row

    return RegistrantTable(
        header=[neutralise(label) for label, _width in columns],
        rows=rows(),
        widths=[max(width, len(label) + 2) for label, width in columns],
    )


def filename(stem: str, extension: str) -> str:
    """`<stem>-YYYYMMDD.<extension>`, dated today in the portal's zone."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


def _csv_chunks(table: RegistrantTable) -> Iterator[bytes]:
    """The CSV in pieces of a few thousand rows: few enough to keep memory flat, enough
    to keep the per-piece overhead of the server and the generator small."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # The BOM tells Excel the file is UTF-8.
    writer.writerow([neutralise_for_csv(cell) for cell in table.header])
    pending = 0
    for row in table.rows:
        writer.writerow([neutralise_for_csv(cell) for cell in row])
        pending += 1
        if pending == CHUNK_SIZE:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()


def csv_response(table: RegistrantTable, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_chunks(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _text_cells(sheet, values: Iterable, font=None) -> Iterator:
    """The row's cells, each string typed as text (times stay date cells). openpyxl takes
    a string for a formula when it starts with "=" and for an error value when it reads
    like "#N/A"; those become cells forced to text. It refuses control characters, so they
    are dropped (and the value neutralised again, in case one hid a leading "=")."""
    for value in values:
        if value is None or isinstance(value, datetime.datetime):
            yield value  # openpyxl writes a datetime as a date cell
            continue
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        if value == "":
            yield None
            continue
        if font is None and not value.startswith("=") and value not in ERROR_CODES:
            yield value  # openpyxl types a plain string as text: no cell object needed.
            continue
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        yield cell


def write_xlsx(table: RegistrantTable, output, title: str = "", progress=None) -> int:
    """Write the table as an XLSX workbook into `output` (a binary file); the number of
    rows written. Write-only mode keeps one row in memory and the sheet in a temporary
    file, so memory stays flat however long the list. `progress(rows)` is called every
    CHUNK_SIZE rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or _("Registrants"))[:31])
    # Column widths go before the first row (write-only mode writes them first); the
    # header row stays in view while scrolling, and carries the filter buttons.
    for number, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(list(_text_cells(sheet, table.header, font=Font(bold=True))))
    rows = 0
    for row in table.rows:
        sheet.append(list(_text_cells(sheet, row)))
        rows += 1
        if progress is not None and rows % CHUNK_SIZE == 0:
            progress(rows)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{rows + 1}"
    workbook.save(output)
    return rows


def xlsx_response(table: RegistrantTable, name: str, title: str = "") -> FileResponse:
    # The zip goes to a temporary file, kept in memory up to 1 MB, deleted when the
    # response is closed.
    output = tempfile.SpooledTemporaryFile(max_size=2**20)
    write_xlsx(table, output, title)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response


# A data-rights export gives the person what the registrant table holds, and the record
# kept beside it; never the private link's token, which is a key rather than data about them.
PERSONAL_DATA_FIELDS = (*FIELDS, "reminder_sent_at", "link_resent_at", "is_anonymised")


def personal_data(*, email: str, registrations, accounts) -> dict:
    """Everything the portal holds about one address, for a JSON file: its registrations
    (with their event) and the accounts that carry it (their addresses, dates and which
    second factors are on; never the password hash or the factors' secrets)."""
    return {
        **personal_data_elsewhere.export_all(email),
        "email": email,
        "exported_at": timezone.now(),
        "registrations": [
            {
                "event": {
                    "title": registration.event.title,
                    "slug": registration.event.slug,
                    "starts_at": registration.event.starts_at,
                },
                **{field: getattr(registration, field) for field in PERSONAL_DATA_FIELDS},
                "country": registration.country.code,
            }
            for registration in registrations
        ],
        "accounts": [
            {
                "email": account.email,
                "addresses": [
                    {
                        "email": address.email,
                        "verified": address.verified,
                        "primary": address.primary,
                    }
                    for address in account.emailaddress_set.all()
                ],
                "date_joined": account.date_joined,
                "last_login": account.last_login,
                "is_staff": account.is_staff,
                "second_factors": sorted(
                    authenticator.type for authenticator in account.authenticator_set.all()
                ),
            }
            for account in accounts
        ],
    }
