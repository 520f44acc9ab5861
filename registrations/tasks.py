"""The registrations' tasks: building a large export, and the periodic jobs run by beat
(taskforce/celery.py). Each periodic job is also a manage.py command, which is what these
run, under the job lock (one run at a time)."""

from io import StringIO

from celery import shared_task
from django.core.management import call_command

from taskforce.background.jobs import periodic_job

from . import background_exports


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


@shared_task(name="registrations.tasks.build_export")
def build_export(export_id):
    background_exports.export_build(export_id)


@shared_task(name="registrations.tasks.delete_expired_exports")
def delete_expired_exports():
    return periodic_job("delete-expired-exports", _command, "delete_expired_exports")
