"""The Celery app: `celery -A taskforce worker --beat --loglevel=INFO` (see README.md).

Its settings are Django's `CELERY_*` settings (taskforce/settings.py). Without a broker
(`CELERY_BROKER_URL` empty: `make run`, tests) every task runs in the web process right
after the transaction that queued it commits (taskforce/core/background.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")

app = Celery("taskforce")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job, each also a manage.py command (README "Background work"). Exactly one
# beat runs per deployment; each job also takes a database lock (taskforce/background/jobs.py),
# so a second beat, or the command run by hand, cannot run it twice at once.
MINUTE, DAY = 60.0, 24 * 3600.0
app.conf.beat_schedule = {
    "sweep-outbox": {"task": "taskforce.background.tasks.sweep_outbox", "schedule": MINUTE},
    "purge-mail-bodies": {"task": "taskforce.background.tasks.purge_mail_bodies", "schedule": DAY},
    "send-event-reminders": {
        "task": "registrations.tasks.send_event_reminders",
        "schedule": 15 * MINUTE,
    },
    "purge-registrations": {"task": "registrations.tasks.purge_registrations", "schedule": DAY},
    "publish-scheduled": {"task": "taskforce.tasks.publish_scheduled", "schedule": MINUTE},
    "send-digests": {"task": "subscriptions.tasks.send_digests", "schedule": 60 * MINUTE},
    "read-pending-documents": {
        "task": "documents.tasks.read_pending_documents",
        "schedule": 10 * MINUTE,
    },
    "delete-expired-exports": {
        "task": "registrations.tasks.delete_expired_exports",
        "schedule": 10 * MINUTE,
    },
}
