from io import StringIO

from celery import shared_task
from django.core.management import call_command

from taskforce.background.jobs import periodic_job


def _send_digests():
    output = StringIO()
    call_command("send_digests", stdout=output)
    return output.getvalue().strip()


@shared_task(name="subscriptions.tasks.send_digests")
def send_digests():
    return periodic_job("send-digests", _send_digests)
