"""Real faults for tests/taskforce/test_faults.py: a TCP link that a test can cut or
silence between the portal and a server (PostgreSQL, a mail server), and the portal itself
served by gunicorn in another process, as in production.

Nothing here is a mock: the portal runs its own code, settings and database driver, and
sees refused, dropped and unanswered connections exactly as it would in production.
"""

import http.client
import os
import signal
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .forms import cookie_header, csrf_token, registration_form_data
from .gunicorn import Gunicorn, unused_port


def _close(sock):
    """Close a socket now, waking any thread blocked on it."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class FaultyLink:
    """A TCP link on 127.0.0.1:`port` to `upstream` (host, port), in one of three states:

    - up (`restore()`): every connection is forwarded to `upstream`;
    - cut (`cut()`, the initial state): the port is closed, so new connections are refused,
      and open connections are dropped: the server is down;
    - silent (`silence()`): new connections are accepted and never answered, and open ones
      are dropped: the server's host no longer answers, and only the client's own
      timeout ends the wait.

    Without `upstream`, "up" accepts and never answers too (a mail server that hangs).
    `accepted` counts the connections accepted, whatever the state.

    Open connections are dropped by both faults, not left hanging: the link runs in user
    space, so the test machine's kernel would still acknowledge the portal's packets on a
    hanging connection, and no TCP-level timeout of the portal's could be exercised.
    """

    def __init__(self, upstream=None):
        self.upstream = upstream
        self.port = unused_port()
        self.mode = "cut"
        self.accepted = 0
        self._lock = threading.Lock()
        self._switching = threading.Lock()
        self._generation = 0
        self._sockets = set()
        self._listener = None
        self._acceptor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cut()

    def restore(self):
        self._switch("up")

    def cut(self):
        self._switch("cut")

    def silence(self):
        self._switch("silent")

    def _switch(self, mode):
        with self._switching:
            with self._lock:
                self.mode = mode
            self._drop_connections()
            if mode == "cut":
                self._stop_listening()
            elif self._listener is None:
                self._listen()

    def _drop_connections(self):
        with self._lock:
            # Connections accepted before this point and not yet tracked are dropped too:
            # _track refuses sockets of an older generation.
            self._generation += 1
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def _track(self, generation, *sockets):
        with self._lock:
            if generation == self._generation:
                self._sockets.update(sockets)
                return True
        for sock in sockets:
            _close(sock)
        return False

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 5
        while True:
            try:
                listener.bind(("127.0.0.1", self.port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    listener.close()
                    raise
                time.sleep(0.05)
        listener.listen(128)
        listener.settimeout(0.05)
        self._listener = listener
        self._acceptor = threading.Thread(
            target=self._accept_loop, args=(listener,), name=f"link-{self.port}", daemon=True
        )
        self._acceptor.start()

    def _stop_listening(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            self._acceptor.join(timeout=5)
            # Connections waiting in the backlog are reset when the listener closes.
            listener.close()

    def _accept_loop(self, listener):
        while self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            with self._lock:
                self.accepted += 1
                generation, mode = self._generation, self.mode
            if mode == "up" and self.upstream is not None:
                threading.Thread(
                    target=self._forward, args=(client, generation), daemon=True
                ).start()
            else:
                self._track(generation, client)  # held open, never read nor answered

    def _forward(self, client, generation):
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _close(client)
            return
        server.settimeout(None)
        if self._track(generation, client, server):
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()
            self._pump(client, server)

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(target)
            _close(source)
            _close(target)


@dataclass
class Answer:
    status: int
    body: str
    headers: list  # (name, value) pairs, as sent
    seconds: float

    def header(self, name):
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    def cookies(self):
        """The cookies set, as a Cookie header to send back."""
        return cookie_header(self.headers)


class Portal:
    """The portal served by gunicorn (`tests.support.faults_wsgi:application`, see there; the
    launcher is tests.support.gunicorn's) in its own process group, with production's
    settings (debug off, gunicorn.conf.py) and `environment` on top of a test set: database
    and mail as given, 2 s database connect and mail timeouts, no rate limit, logs at INFO.
    Its standard output and error are kept in files."""

    # Seconds: psycopg's smallest connect timeout, and as short a mail timeout.
    CONNECT_TIMEOUT = 2
    MAIL_TIMEOUT = 2

    def __init__(self, directory, *, workers=2, **environment):
        self.port = unused_port()
        self.workers = workers
        self.stdout_path = Path(directory) / "portal-stdout.log"
        self.stderr_path = Path(directory) / "portal-stderr.log"
        # The caller's portal and gunicorn settings stay out: only those given here apply.
        portal_variables = ("DJANGO_", "DATABASE_", "CACHE_URL", "EMAIL_", "REGISTRATION_")
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(portal_variables)
            and key not in ("LOG_LEVEL", "PAGE_CACHE_SECONDS", "GUNICORN_CMD_ARGS")
        }
        self.environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "taskforce.settings",
                "DJANGO_SECRET_KEY": "fault-tests-only-not-secret",
                "DJANGO_DEBUG": "false",
                "DJANGO_SECURE": "false",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_CONNECT_TIMEOUT": str(self.CONNECT_TIMEOUT),
                "EMAIL_URL": "dummymail://",
                "EMAIL_TIMEOUT": str(self.MAIL_TIMEOUT),
                "REGISTRATION_RATE_LIMIT": "off",
                "LOG_LEVEL": "INFO",
                **environment,
            }
        )
        self.server = Gunicorn(
            "tests.support.faults_wsgi:application",
            port=self.port,
            workers=workers,
            environment=self.environment,
            log_path=self.stdout_path,
            error_path=self.stderr_path,
            healthy_only=False,  # serving once /healthz answers at all, 503 included
        )

    @property
    def process(self):
        return self.server.process

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self, timeout=30):
        self.server.start()
        try:
            self.server.wait_until_serving(timeout=timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        self.server.stop(signal.SIGINT)  # quick shutdown: the test is over

    def output(self):
        """What the portal wrote on standard output: its log."""
        return self.server.output()

    def errors(self):
        """What gunicorn and the portal wrote on standard error."""
        return self.server.errors()

    def request(self, method, path, *, body=None, headers=None, timeout=15):
        """One request on a new connection. Raises OSError (TimeoutError included) when the
        portal does not answer within `timeout` seconds."""
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        return Answer(
            response.status, content, response.getheaders(), time.perf_counter() - started
        )

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def registration_form(self, slug):
        """GET the form: the cookie and token that a browser would post back."""
        answer = self.get(f"/en/events/{slug}/register/")
        assert answer.status == 200, (answer.status, answer.body[:500])
        return answer.cookies(), csrf_token(answer.body)

    def register(self, slug, email, *, cookie, token, timeout=15):
        fields = registration_form_data(
            csrfmiddlewaretoken=token,
            full_name=f"Participant {email.split('@')[0]}",
            email=email,
        )
        return self.request(
            "POST",
            f"/en/events/{slug}/register/",
            body=urllib.parse.urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            timeout=timeout,
        )
