"""The registrations' periodic jobs, run by beat (CELERY_BEAT_SCHEDULE). Each is also a
manage.py command, which is what these run, under the job lock (one run at a time)."""

from io import StringIO

from celery import shared_task
from django.core.management import call_command

from taskforce.background.jobs import periodic_job


def _command(name):
    output = StringIO()
    call_command(name, stdout=output)
    return output.getvalue().strip()


@shared_task(name="registrations.tasks.send_event_reminders")
def send_event_reminders():
    return periodic_job("send-event-reminders", _command, "send_event_reminders")


@shared_task(name="registrations.tasks.purge_registrations")
def purge_registrations():
    return periodic_job("purge-registrations", _command, "purge_registrations")
