"""The operator's view: one line per request on standard output, with path, status and
time, and errors on one line with their cause."""

import logging
import re
import sys

import pytest

from taskforce.core.request_log import OneLineFormatter
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LINE = re.compile(r"^(GET|POST|HEAD) (\S+) (\d{3}) (\d+)ms$")


def _request_lines(caplog):
    return [
        LINE.match(record.getMessage())
        for record in caplog.records
        if record.name == "taskforce.requests"
    ]


def test_each_request_is_one_line_with_method_path_status_and_time(client, content, caplog):
    caplog.set_level(logging.INFO, logger="taskforce.requests")

    client.get("/en/themes/")
    client.get("/es/no-such-page/")

    lines = _request_lines(caplog)
    assert [(m[1], m[2], m[3]) for m in lines] == [
        ("GET", "/en/themes/", "200"),
        ("GET", "/es/no-such-page/", "404"),
    ]
    assert all(int(m[4]) >= 0 for m in lines)


def test_registrants_links_are_not_written_to_the_log(client, content, caplog):
    registration = RegistrationFactory()
    caplog.set_level(logging.INFO, logger="taskforce.requests")

    client.get(f"/en/registrations/{registration.token}/")

    [line] = _request_lines(caplog)
    assert line[2] == "/en/registrations/<secret>/"
    assert registration.token not in caplog.text


@pytest.mark.parametrize("path", ["join", "check-in"])
def test_attendance_codes_are_not_written_to_the_log(client, content, caplog, path):
    """The code behind a registrant's join link and QR code lets its holder into the
    meeting: whoever reads the logs must not be able to."""
    registration = RegistrationFactory()
    caplog.set_level(logging.INFO, logger="taskforce.requests")

    client.get(f"/es/{path}/{registration.attendance_code}/")

    [line] = _request_lines(caplog)
    assert line[2] == f"/es/{path}/<secret>/"
    assert registration.attendance_code not in caplog.text


def test_an_error_and_its_traceback_make_one_line():
    formatter = OneLineFormatter("%(levelname)s %(name)s %(message)s")
    try:
        raise ConnectionRefusedError("the mail server is down")
    except ConnectionRefusedError:
        record = logging.getLogger("registrations.emails").makeRecord(
            "registrations.emails", logging.ERROR, __file__, 1, "Could not send", (), None
        )
        record.exc_info = sys.exc_info()

    line = formatter.format(record)

    assert "\n" not in line
    assert line.startswith("ERROR registrations.emails Could not send | Traceback")
    assert "ConnectionRefusedError: the mail server is down" in line


def test_a_server_errors_line_does_not_show_the_registrants_link_either():
    formatter = OneLineFormatter("%(levelname)s %(name)s %(message)s")
    record = logging.getLogger("django.request").makeRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/es/registrations/Zx9-secret_token/cancel/",),
        None,
    )

    line = formatter.format(record)

    assert line == "ERROR django.request Internal Server Error: /es/registrations/<secret>/cancel/"
