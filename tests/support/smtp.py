"""A real SMTP server on a local port for the mail tests (aiosmtpd), that can accept,
refuse one recipient (4xx or 5xx), be stopped (connection refused), hang (accept the
connection and never answer), and come back on the same port."""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

from .gunicorn import unused_port


class _Handler:
    def __init__(self):
        self.messages = []
        self.rcpt_answers = {}
        self.data_answer = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.rcpt_answers.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_answer:
            return self.data_answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.host = "127.0.0.1"
        self.port = unused_port()
        self.handler = _Handler()
        self._controller = None
        self._hanging = None
        self._held = []

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def recipients(self):
        return [message["To"] for message in self.messages]

    def refuse_recipient(self, address, answer="550 5.1.1 No such user here"):
        self.handler.rcpt_answers[address.lower()] = answer

    def accept_recipient(self, address):
        self.handler.rcpt_answers.pop(address.lower(), None)

    def start(self):
        self._stop_hanging()
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self):
        """Connections are refused from now on."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hang(self):
        """Connections are accepted and never answered (a mail server that hangs)."""
        self.stop()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self._hanging = listener

        def hold():
            while True:
                try:
                    connection, _address = listener.accept()
                except OSError:
                    return
                self._held.append(connection)

        threading.Thread(target=hold, daemon=True).start()

    def _stop_hanging(self):
        if self._hanging is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not, and
            # the port would stay taken.
            try:
                self._hanging.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._hanging.close()
            self._hanging = None
        for connection in self._held:
            connection.close()
        self._held.clear()

    def close(self):
        self.stop()
        self._stop_hanging()
