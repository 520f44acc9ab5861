"""Access records in the admin: superusers read who exported, wrote to, looked up or
checked in registrants; nobody else sees them, and nobody edits them."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations.models import AccessRecord
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

RECORDS = "/admin/registrations/accessrecord/"


@pytest.fixture
def records(coordinator, event, django_user_model):
    other = django_user_model.objects.create_user(username="desk-two", email="two@example.org")
    registration = RegistrationFactory(event=event, full_name="Ana Torres")
    return [
        AccessRecord.objects.create(
            user=coordinator, action=AccessRecord.Action.EXPORT, event=event, detail="CSV, 1 rows"
        ),
        AccessRecord.objects.create(
            user=other,
            action=AccessRecord.Action.CHECK_IN,
            event=event,
            registration=registration,
            detail="checked in",
        ),
    ]


def test_a_superuser_lists_access_records_filtered_by_action_and_searched_by_user(
    admin_client, records
):
    everything = admin_client.get(RECORDS)
    check_ins = admin_client.get(RECORDS, {"action__exact": "check_in"})
    by_user = admin_client.get(RECORDS, {"q": "desk-two"})
    this_year = admin_client.get(RECORDS, {"at__year": timezone.now().year})
    last_year = admin_client.get(RECORDS, {"at__year": timezone.now().year - 1})

    assertContains(everything, "CSV, 1 rows")
    assertContains(everything, "checked in")
    assertContains(check_ins, "checked in")
    assertNotContains(check_ins, "CSV, 1 rows")
    assertContains(by_user, "checked in")
    assertNotContains(by_user, "CSV, 1 rows")
    assertContains(this_year, "CSV, 1 rows")
    assertNotContains(last_year, "CSV, 1 rows")


def test_access_records_cannot_be_added_changed_or_deleted(admin_client, records):
    record = records[0]

    assert admin_client.get(f"{RECORDS}add/").status_code == 403
    page = admin_client.get(f"{RECORDS}{record.pk}/change/")
    assert page.status_code == 200
    assertNotContains(page, 'name="_save"')
    assert admin_client.post(f"{RECORDS}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_staff_who_are_not_superusers_never_see_them_even_with_the_permission(
    coordinator_client, coordinator, records
):
    coordinator.user_permissions.add(Permission.objects.get(codename="view_accessrecord"))

    assert coordinator_client.get(RECORDS).status_code == 403
    assertNotContains(coordinator_client.get("/admin/"), "Access records")
