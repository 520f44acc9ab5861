"""The one gunicorn launcher of the tests and the benchmarks: the portal's production
command (`gunicorn <app>` from the project root, so with the project's gunicorn.conf.py) in
its own process group, with its output kept in files.

    with Gunicorn(port=unused_port(), workers=2, log_path=path) as server:
        server.get("/healthz")

Plain Python and the standard library only: benchmarks/ imports it as well.
"""

import http.client
import os
import random
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


class ServerFailed(RuntimeError):
    """A server of the tests exited, or did not get ready in time; the message ends with
    its output."""


class GunicornFailed(ServerFailed):
    """gunicorn exited, or did not answer in time."""


def unused_port():
    """A free port on 127.0.0.1 below the kernel's range of ephemeral ports: while a fault
    test's link is cut, no outgoing connection can take its port, so the link listens on it
    again."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    candidates = [random.randrange(10_000, low) for _ in range(100)] if low > 11_000 else []
    for port in [*candidates, 0]:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


class ServerProcess:
    """What the tests' servers share (gunicorn below, the Celery worker in worker.py): a
    process in its own group with its output in `log_path`. As a context manager it starts,
    waits until ready and stops on the way out. Subclasses define start(),
    wait_until_ready() and stop(), and name themselves (`label`) and their `failure`."""

    label = "the server"
    failure = ServerFailed

    def __enter__(self):
        self.start()
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def output(self):
        """What it wrote on standard output (and error, when not kept apart)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def errors(self):
        """What it wrote on standard error."""
        return self.output()

    def _failed(self, reason):
        return self.failure(f"{reason}; {self.label}'s output ({self.log_path}):\n{self.errors()}")

    def wait_for_output(self, text, count=1, timeout=60):
        """Until `text` shows `count` times in the output, e.g. each gunicorn worker's
        "Booting worker"."""
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.process.poll() is not None:
                raise self._failed(f"{self.label} exited with status {self.process.returncode}")
            if time.monotonic() > deadline:
                raise self._failed(f"{text!r} not {count} times within {timeout} s")
            time.sleep(0.2)


class Gunicorn(ServerProcess):
    """gunicorn serving `app` on 127.0.0.1:`port` (or on the Unix socket `socket_path`).

    `environment` is the whole environment it gets (default: this process's). Standard
    output goes to `log_path`, standard error to `error_path` (default: the same file).
    As a context manager it starts, waits until /healthz answers (200 and "ok", or any
    answer with `healthy_only=False`: 503 is an answer while the database is down) and
    stops on the way out.
    """

    def __init__(
        self,
        app="taskforce.wsgi:application",
        *,
        port=None,
        socket_path=None,
        workers=2,
        threads=1,
        max_requests=None,
        environment=None,
        log_path,
        error_path=None,
        certfile=None,
        keyfile=None,
        healthy_only=True,
    ):
        self.app = app
        self.port = port
        self.socket_path = socket_path
        self.workers = workers
        self.threads = threads
        self.max_requests = max_requests
        self.environment = dict(os.environ if environment is None else environment)
        self.log_path = Path(log_path)
        self.error_path = Path(error_path) if error_path else None
        self.certfile = certfile
        self.keyfile = keyfile
        self.healthy_only = healthy_only
        self.process = None

    @property
    def scheme(self):
        return "https" if self.certfile else "http"

    def command(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        bind = f"unix:{self.socket_path}" if self.socket_path else f"127.0.0.1:{self.port}"
        command += [
            self.app,
            "--workers",
            str(self.workers),
            "--bind",
            bind,
            # Otherwise every gunicorn on the machine shares one control socket in $HOME.
            "--no-control-socket",
        ]
        if self.max_requests is not None:
            command += ["--max-requests", str(self.max_requests)]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]
        if self.certfile:
            command += ["--certfile", str(self.certfile), "--keyfile", str(self.keyfile)]
        return command

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            errors = self.error_path.open("wb") if self.error_path else None
            try:
                self.process = subprocess.Popen(
                    self.command(),
                    cwd=PROJECT_ROOT,
                    env=self.environment,
                    stdout=log,
                    stderr=errors or subprocess.STDOUT,
                    start_new_session=True,
                )
            finally:
                if errors:
                    errors.close()
        return self

    label = "gunicorn"
    failure = GunicornFailed

    def errors(self):
        """What gunicorn wrote on standard error."""
        path = self.error_path or self.log_path
        return path.read_text(errors="replace") if path.exists() else ""

    def connection(self, timeout=5):
        if self.certfile:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout, context=context
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self._failed(f"gunicorn exited with status {self.process.returncode}")
            try:
                connection = self.connection(timeout=5)
                try:
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    body = response.read()
                finally:
                    connection.close()
                if not self.healthy_only or (response.status == 200 and body.strip() == b"ok"):
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        raise self._failed(f"/healthz did not answer within {timeout} s")

    wait_until_ready = wait_until_serving

    def stop(self, sig=signal.SIGTERM):
        """SIGTERM (graceful) by default, SIGINT to stop at once; the whole process group
        is killed if it has not exited within 15 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
