"""The registrations' tasks: building a large export, and the periodic jobs run by beat
(taskforce/celery.py). Each periodic job is also a manage.py command, which is what these
run, under the job lock (one run at a time)."""

from celery import shared_task

from taskforce.background.jobs import periodic_command

from . import background_exports


@shared_task(name="registrations.tasks.send_event_reminders")
def send_event_reminders():
    return periodic_command("send-event-reminders", "send_event_reminders")


@shared_task(name="registrations.tasks.purge_registrations")
def purge_registrations():
    return periodic_command("purge-registrations", "purge_registrations")


@shared_task(name="registrations.tasks.build_export")
def build_export(export_id):
    background_exports.export_build(export_id)


@shared_task(name="registrations.tasks.delete_expired_exports")
def delete_expired_exports():
    return periodic_command("delete-expired-exports", "delete_expired_exports")
