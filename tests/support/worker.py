"""The Celery worker of the tests, started as in production: the contract's command
`celery -A taskforce worker --beat --loglevel=INFO` from the project root, with the
environment the web servers get (database, broker, mail), in its own process group, with
its output kept in a file.

    with CeleryWorker("first", environment=portal.environment, directory=tmp_path) as worker:
        ...

Only what a test needs is added to the command: a node name (two workers on one machine
need two), and beat's schedule file in the test's folder instead of the project root.
Plain Python and the standard library only, like tests/support/gunicorn.py.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from .gunicorn import PROJECT_ROOT, ServerFailed, ServerProcess

# Written by the worker (celery.worker.consumer) once it consumes, and by the embedded
# beat once it schedules.
READY = " ready."
BEAT_STARTED = "beat: Starting..."


class WorkerFailed(ServerFailed):
    """The worker exited, or did not get ready in time."""


class CeleryWorker(ServerProcess):
    """`celery -A taskforce worker` named `name`, with `--beat` unless `beat=False` (exactly
    one worker of a deployment runs the scheduler). `environment` is the whole environment
    it gets; its output goes to `directory`/worker-`name`.log."""

    label = "the worker"
    failure = WorkerFailed

    def __init__(self, name, *, environment, directory, beat=True, concurrency=2):
        self.name = name
        self.environment = dict(environment)
        self.directory = Path(directory)
        self.beat = beat
        self.concurrency = concurrency
        self.log_path = self.directory / f"worker-{name}.log"
        self.process = None

    def command(self):
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]
        command += ["-A", "taskforce", "worker"]
        if self.beat:
            command += ["--beat", "--schedule", str(self.directory / f"beat-{self.name}")]
        return [
            *command,
            "--loglevel=INFO",
            "--hostname",
            f"{self.name}@%h",
            "--concurrency",
            str(self.concurrency),
        ]

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=PROJECT_ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_until_ready(self, timeout=60):
        self.wait_for_output(READY, timeout=timeout)
        if self.beat:
            self.wait_for_output(BEAT_STARTED, timeout=timeout)

    def stop(self, timeout=20):
        """A warm shutdown (SIGTERM: running tasks finish); whatever is left of its process
        group (pool processes, beat) is killed after `timeout` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the whole group has exited
        self.process.wait(timeout=5)
