"""The outbox around the sending: what gets queued and when, allauth's messages, the
retention purge, erasure, the admin, the status page, and queuing when the broker fails."""

import io
import logging
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from registrations import services
from taskforce.background.models import Email, JobRun
from taskforce.core.background import queue_now
from taskforce.core.roles import COORDINATORS
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def run(command, **options):
    output = io.StringIO()
    call_command(command, stdout=output, **options)
    return output.getvalue()


def test_allauths_messages_go_through_the_outbox_in_the_visitors_language(client, outbox):
    client.post(
        "/es/accounts/signup/",
        {
            "email": "nueva@example.mx",
            "password1": "corredor-verde-2026",
            "password2": "corredor-verde-2026",
        },
    )

    (email,) = Email.objects.all()
    assert (email.kind, email.to, email.language) == (
        "account.email_confirmation_signup",
        "nueva@example.mx",
        "es",
    )
    (message,) = outbox
    assert message.subject.startswith("[Grupo de Trabajo para la Electrificación del Transporte]")
    assert Email.objects.get().status == Email.Status.SENT


def test_sent_mail_loses_its_body_after_the_retention_period_and_keeps_its_status(settings):
    settings.MAIL_RETENTION_DAYS = 30
    old, recent = (
        Email.objects.create(
            kind="test",
            to="ana@example.org",
            subject="Your registration",
            body_text="Your private link: https://example.org/x",
            attachment="BEGIN:VCALENDAR",
            status=Email.Status.SENT,
            sent_at=timezone.now() - timedelta(days=days),
        )
        for days in (31, 29)
    )

    assert "Deleted the bodies of 1 emails." in run("purge_mail_bodies")

    old.refresh_from_db()
    assert (old.body_text, old.attachment, old.status) == ("", "", Email.Status.SENT)
    assert (old.subject, old.to) == ("Your registration", "ana@example.org")
    recent.refresh_from_db()
    assert recent.body_text.startswith("Your private link")
    assert JobRun.objects.get(name="purge-mail-bodies").finished_at is not None


def test_erasing_an_address_erases_its_mail_and_stops_what_is_waiting(outbox):
    registration = RegistrationFactory(email="ana@example.org")
    sent = Email.objects.create(
        kind="registration.confirmed",
        registration=registration,
        to="ana@example.org",
        body_text="link",
        status=Email.Status.SENT,
    )
    waiting = Email.objects.create(
        kind="account.password_reset", to="ANA@example.org", body_text="x"
    )

    services.personal_data_erase(email="ana@example.org")

    for email in (sent, waiting):
        email.refresh_from_db()
        assert (email.to, email.subject, email.body_text) == ("erased@invalid", "", "")
    assert waiting.status == Email.Status.ABORTED
    assert sent.status == Email.Status.SENT  # the count of what went out stays


def test_queuing_with_the_broker_down_fails_fast_is_logged_and_never_raises(caplog):
    dead = Celery("dead-broker", broker="redis://127.0.0.1:9/0", set_as_current=False)
    dead.conf.update(
        broker_connection_timeout=1,
        broker_transport_options={"socket_connect_timeout": 1},
        task_publish_retry=False,
    )

    @dead.task(name="tests.never_runs")
    def never_runs():
        raise AssertionError("ran without a broker")

    started = time.monotonic()
    with caplog.at_level(logging.ERROR):
        assert queue_now(never_runs) is False
    assert time.monotonic() - started < 3
    assert "the periodic sweep will pick it up" in caplog.text


def test_a_task_that_fails_in_process_is_logged_not_raised(caplog):
    from taskforce.celery import app

    @app.task(name="tests.fails_in_process")
    def fails():
        raise RuntimeError("template missing")

    with caplog.at_level(logging.ERROR):
        assert queue_now(fails) is False
    assert "failed in-process" in caplog.text and "template missing" in caplog.text


def test_send_queued_mail_sends_what_is_due_and_records_the_heartbeat(outbox):
    Email.objects.create(kind="test", to="ana@example.org", subject="Hi", body_text="Text")

    assert "Sent 1; 0 stuck queued again; 0 given up." in run("send_queued_mail")
    assert [message.to for message in outbox] == [["ana@example.org"]]
    assert JobRun.objects.get(name="sweep-outbox").started_at is not None


# The status page


def test_the_status_page_reports_the_backlog_and_is_ok_while_mail_moves(client):
    Email.objects.create(kind="test", to="ana@example.org")

    response = client.get("/healthz/background")

    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("ok\n")
    assert "outbox waiting: 1" in text
    assert "mode: in-process (no broker)" in text
    assert "ana@example.org" not in text  # no personal data


def test_the_status_page_answers_503_when_mail_due_half_an_hour_ago_is_not_sent(client):
    half_an_hour_ago = timezone.now() - timedelta(minutes=31)
    greylisted = Email.objects.create(
        kind="test",
        to="luis@example.org",
        status=Email.Status.RETRYING,
        created_at=half_an_hour_ago,
        next_attempt_at=timezone.now() + timedelta(minutes=30),
    )
    # A message that waits on purpose is not late.
    assert client.get("/healthz/background").status_code == 200

    Email.objects.filter(pk=greylisted.pk).update(next_attempt_at=half_an_hour_ago)
    response = client.get("/healthz/background")

    assert response.status_code == 503
    assert "mail due for over 30 minutes is not sent" in response.content.decode()


def test_the_status_page_says_when_the_last_sweep_failed(client):
    JobRun.objects.create(
        name="sweep-outbox", started_at=timezone.now(), last_error="OperationalError()"
    )

    response = client.get("/healthz/background")

    assert response.status_code == 503
    assert "the last sweep of the outbox failed" in response.content.decode()


def test_with_a_worker_the_status_page_answers_503_when_beat_is_silent(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    JobRun.objects.create(name="sweep-outbox", started_at=timezone.now() - timedelta(minutes=6))

    response = client.get("/healthz/background")

    assert response.status_code == 503
    assert "beat silent" in response.content.decode()

    JobRun.objects.update(started_at=timezone.now())
    assert client.get("/healthz/background").status_code == 200


# The admin


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="coordinator", email="coordinator@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(user)
    return client


def test_coordinators_see_the_outbox_send_failed_mail_again_and_stop_waiting_mail(
    coordinator_client, outbox
):
    failed = Email.objects.create(
        kind="test",
        to="ana@example.org",
        subject="Hi",
        body_text="x",
        status=Email.Status.FAILED,
        last_error="550 5.1.1 User unknown",
    )
    waiting = Email.objects.create(
        kind="test",
        to="luis@example.org",
        subject="Hi",
        body_text="x",
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )

    listing = coordinator_client.get("/admin/background/email/?delivery=undelivered")
    assertContains(listing, "Failed: 550 5.1.1 User unknown")
    assertContains(listing, "luis@example.org")
    assertNotContains(listing, "/admin/background/email/add/")

    response = coordinator_client.post(
        "/admin/background/email/",
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assertContains(response, "1 email queued to be sent again.")
    assert [message.to for message in outbox] == [["ana@example.org"]]

    response = coordinator_client.post(
        "/admin/background/email/",
        {"action": "abort", "_selected_action": [waiting.pk]},
        follow=True,
    )
    assertContains(response, "1 email stopped.")
    waiting.refresh_from_db()
    assert waiting.status == Email.Status.ABORTED
    assert "coordinator" in waiting.last_error


def test_coordinators_read_why_mail_was_not_sent_in_their_language_and_the_servers_words_as_said(
    coordinator_client,
):
    """The worker stores the portal's own reasons in English; the admin shows them in the
    reader's language. A mail server's answer is its own words: shown as it came."""

    def failed(to, reason):
        return Email.objects.create(
            kind="test", to=to, subject="Hi", body_text="x", status="failed", last_error=reason
        )

    refused = failed("ana@example.org", "The mail server refused this address earlier.")
    failed("luis@example.org", "Not sent within 48 hours. Last answer: none")
    failed("eva@example.org", "550 5.1.1 <eva@example.org>: User unknown")
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es"}

    listing = coordinator_client.get("/admin/background/email/", **spanish)
    detail = coordinator_client.get(f"/admin/background/email/{refused.pk}/change/", **spanish)

    assertContains(listing, "El servidor de correo ya rechazó esta dirección.")
    assertContains(listing, "No se envió en 48 horas. Última respuesta: ninguna")
    assertContains(listing, "550 5.1.1 &lt;eva@example.org&gt;: User unknown")
    assertContains(detail, "El servidor de correo ya rechazó esta dirección.")
    english = coordinator_client.get("/admin/background/email/", HTTP_ACCEPT_LANGUAGE="en")
    assertContains(english, "The mail server refused this address earlier.")


def test_coordinators_never_see_allauths_mail_which_holds_sign_in_keys(
    coordinator_client, admin_client
):
    secret = Email.objects.create(
        kind="account.password_reset",
        to="admin@example.org",
        subject="Password reset",
        body_text="/en/accounts/password/reset/key/1-secret/",
    )

    listing = coordinator_client.get("/admin/background/email/")
    assertNotContains(listing, "admin@example.org")
    page = coordinator_client.get(f"/admin/background/email/{secret.pk}/change/", follow=True)
    assertNotContains(page, "1-secret")

    assertContains(admin_client.get("/admin/background/email/"), "admin@example.org")


def test_sending_again_leaves_a_refused_address_marked(coordinator_client, outbox):
    from taskforce.background.models import RefusedAddress

    RefusedAddress.objects.create(email="gone@example.org", reason="550 unknown")
    failed = Email.objects.create(
        kind="test", to="gone@example.org", body_text="x", status=Email.Status.FAILED
    )

    coordinator_client.post(
        "/admin/background/email/",
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )

    assert [m.to for m in outbox] == []
    assert RefusedAddress.is_refused("gone@example.org")
    failed.refresh_from_db()
    assert failed.status == Email.Status.FAILED
    assert "refused this address earlier" in failed.last_error
