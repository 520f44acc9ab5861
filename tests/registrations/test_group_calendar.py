"""A working group's meetings as a calendar to subscribe to, read by an independent client
(icalendar): each event with a stable UID whose SEQUENCE grows with every edit, a called-off
one as CANCELLED, unpublished ones never."""

import pytest
from icalendar import Calendar

from tests.factories import EventFactory
from tests.registrations.test_plans_change import _save

pytestmark = pytest.mark.django_db


def _feed(client, slug, language="en"):
    response = client.get(f"/{language}/working-groups/{slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_group_feed_holds_its_upcoming_published_meetings_only(client, content):
    group = content.groups["light-duty-vehicles"]
    EventFactory(title_en="Light-duty plenary", working_group=group)
    EventFactory(title_en="Freight plenary", working_group=content.groups["public-transport"])
    EventFactory(title_en="Draft meeting", working_group=group, is_published=False)
    EventFactory(title_en="Called-off meeting", working_group=group, is_cancelled=True)

    calendar, events = _feed(client, group.slug)

    assert set(events) == {"Light-duty plenary", "Called-off meeting"}
    assert events["Called-off meeting"]["status"] == "CANCELLED"
    assert events["Light-duty plenary"]["status"] == "CONFIRMED"
    assert group.name in str(calendar["x-wr-calname"])
    page = client.get(f"/en/working-groups/{group.slug}/").content.decode()
    assert f'href="/en/working-groups/{group.slug}/calendar.ics"' in page


def test_an_edit_keeps_the_uid_and_raises_the_sequence(client, content, editor_client):
    group = content.groups["light-duty-vehicles"]
    event = EventFactory(title_en="Light-duty plenary", working_group=group)
    _calendar, before = _feed(client, group.slug, "es")

    _save(editor_client, event, description_en="Agenda attached.", working_group=group.pk)
    _calendar, after = _feed(client, group.slug, "es")

    [old], [new] = before.values(), after.values()
    assert str(new["uid"]) == str(old["uid"])
    assert int(new["sequence"]) == int(old["sequence"]) + 1


def test_an_unknown_group_has_no_feed(client, db):
    assert client.get("/en/working-groups/nowhere/calendar.ics").status_code == 404
