"""A double click on "Send": two identical posts at the same moment, each on its own
database connection (real threads on PostgreSQL), send the message once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from registrations.models import AccessRecord, Message, MessageRecipient
from taskforce.background.models import Email
from taskforce.core.roles import COORDINATORS
from tests.factories import EventFactory, RegistrationFactory
from tests.registrations.test_concurrency import run_simultaneously


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_identical_sends_write_one_message(settings, django_user_model):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = EventFactory(slug="double-click")
    RegistrationFactory.create_batch(5, event=event)
    user = django_user_model.objects.create_user(username="c", email="c@example.org")
    # The migrations' groups are gone once an earlier transactional test emptied the tables.
    user.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])
    user.user_permissions.add(Permission.objects.get(codename="message_registrants"))
    data = {
        "audience": "confirmed",
        "subject_en": "Room change",
        "body_en": "Dear {name}, we meet in room 4.",
        "action": "send",
    }

    def posting():
        client = Client()
        client.force_login(user)
        return client.post("/en/events/double-click/messages/new/", data, follow=True)

    results, errors = run_simultaneously([posting for _ in range(4)])

    assert errors == []
    assert [response.status_code for response in results] == [200] * 4
    assert Message.objects.count() == 1
    assert MessageRecipient.objects.count() == 5
    assert Email.objects.filter(kind="registration.message").count() == 5
    assert AccessRecord.objects.count() == 1
    said = [b"has not been sent again" in response.content for response in results]
    assert sorted(said) == [False, True, True, True]
