"""queue_now() against a real broker: a task published to Redis is reported queued, with no
result backend to ask (the production setting: CELERY_TASK_IGNORE_RESULT, no backend)."""

import pytest
from celery import Celery

from taskforce.core.background import queue_now

BROKER = "redis://127.0.0.1:6379/12"


@pytest.mark.redis
def test_a_task_published_to_the_broker_is_reported_queued():
    app = Celery("queue-now-test", broker=BROKER, set_as_current=False)
    app.conf.task_ignore_result = True

    @app.task(name="tests.queue_now.nothing")
    def nothing():
        return None

    try:
        assert queue_now(nothing) is True
        with app.connection_for_write() as connection:
            assert connection.default_channel.client.llen("celery") == 1
    finally:
        app.control.purge()
