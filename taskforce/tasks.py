from celery import shared_task

from taskforce.background.jobs import periodic_command


@shared_task(name="taskforce.tasks.publish_scheduled")
def publish_scheduled():
    return periodic_command("publish-scheduled", "publish_scheduled")
