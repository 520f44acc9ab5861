from celery import shared_task

from taskforce.background.jobs import periodic_command


@shared_task(name="subscriptions.tasks.send_digests")
def send_digests():
    return periodic_command("send-digests", "send_digests")
