"""Sending the outbox: claims, SMTP answers, retries and the sweep.

The rules (README "Background work", and the contract's mail rules):
- A row is claimed before it is sent, with one conditional UPDATE (waiting and due → sending):
  of two workers that try the same row, the database lets exactly one change it, so no
  message is sent twice. A worker that dies while sending leaves its row "sending"; the sweep
  puts it back after STUCK_AFTER and logs that one duplicate may follow.
- The server's answer decides what happens to the message:
  - 5xx to its recipient (RCPT) or to its data (DATA): refused for good. Failed at once, and
    the address is marked (RefusedAddress) so nothing more is sent to it until it registers
    again;
  - 4xx to its recipient or data: this message only waits, 1, 2, 4 ... 60 minutes;
  - no connection, a time-out, or any answer at connection, greeting, sign-in or sender
    (4xx or 5xx, which is a configuration fault): the server is down for everyone. The
    message goes back to the queue and all mail waits for a check of the server: the sweep,
    which beat runs every minute, tries the oldest due message whatever the server's state,
    so everything goes out within a minute of the server's return (the contract allows
    two). Only the per-message tasks wait for SERVER_CHECK, so that a burst of them does
    not knock on a dead server one by one.
- Mail not sent within MAIL_GIVE_UP_HOURS is failed, with the last answer.
Every wait is a time in the row (next_attempt_at), never a broker countdown.
"""

import logging
import re
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from . import reasons, rendering
from .models import ACCOUNT_KIND_PREFIX, Email, MailServer, RefusedAddress, reply_to

logger = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 2, 4, 8, 16, 32, 60)
SERVER_CHECK = timedelta(minutes=1)
STUCK_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500
HEADERS = {"Auto-Submitted": "auto-generated"}
# A 5xx at RCPT that refuses relaying or asks to sign in is the server's configuration.
RELAY_REFUSED = re.compile(r"relay|authenticat", re.IGNORECASE)


class ServerFault(Exception):
    """The mail server cannot take any message now (or is misconfigured)."""


def send_one(pk) -> str | None:
    """Send this row if it is due and the server is not known to be down. Returns the
    row's new status, or None when it was not ours to send (already claimed, not due)."""
    server = MailServer.current()
    if _server_waits(server):
        return None
    email = _claim(pk)
    if email is None:
        return None
    connection = get_connection(fail_silently=False)
    try:
        _open(connection)
        status = deliver(email, connection)
    except ServerFault as fault:
        _server_down(server, email, fault)
        return Email.Status.QUEUED
    finally:
        _close(connection)
    if server.down_since:
        _server_up(server)
    return status


def sweep(now=None) -> dict:
    """The periodic sweep: stuck rows back to the queue, old ones given up, then every due
    row sent on one connection (the first of them is the server check while it is down).

    It does not wait for the server's next_check_at: that time is a minute after whatever
    failed last (often a message's own task), which is out of step with beat's minute, so
    waiting for it would skip a sweep now and then and leave mail two minutes or more
    after the server's return (measured: 118 s). Beat's schedule is the check's rhythm."""
    now = now or timezone.now()
    counts = {"requeued": requeue_stuck(now), "given_up": give_up_old(now), "sent": 0}
    server = MailServer.current()
    pks = list(
        Email.objects.due(now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if not pks:
        return counts
    connection = get_connection(fail_silently=False)
    try:
        try:
            _open(connection)
        except ServerFault as fault:
            _server_down(server, None, fault)
            return counts
        for pk in pks:
            email = _claim(pk)
            if email is None:
                continue
            try:
                status = deliver(email, connection)
            except ServerFault as fault:
                _server_down(server, email, fault)
                break
            except Exception:
                # A fault of this row (or of the database): logged, the row waits, and the
                # rest of the batch goes on.
                logger.exception("Email %s could not be sent", pk)
                _retry_later(email, gettext_noop("Could not be sent; see the server log."))
                continue
            if server.down_since:
                _server_up(server)
            counts["sent"] += status == Email.Status.SENT
    finally:
        _close(connection)
    return counts


def requeue_stuck(now):
    stuck = Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - STUCK_AFTER)
    pks = list(stuck.values_list("pk", flat=True))
    for pk in pks:
        logger.warning(
            "Email %s was still 'sending' after %s (its worker died?): queued again; "
            "its recipient may receive it twice",
            pk,
            STUCK_AFTER,
        )
    return stuck.filter(pk__in=pks).update(status=Email.Status.QUEUED, next_attempt_at=now)


def give_up_old(now):
    limit = now - timedelta(hours=settings.MAIL_GIVE_UP_HOURS)
    # One UPDATE, each row keeping its own last answer after the explanation.
    return (
        Email.objects.waiting()
        .filter(created_at__lt=limit)
        .update(
            status=Email.Status.FAILED,
            claimed_at=None,
            last_error=Concat(
                _text(reasons.GIVEN_UP_PREFIX.format(hours=settings.MAIL_GIVE_UP_HOURS)),
                Coalesce(NullIf("last_error", _text("")), _text(reasons.NO_ANSWER)),
            ),
        )
    )


def _text(value):
    return Value(value, output_field=TextField())


def _claim(pk):
    now = timezone.now()
    claimed = Email.objects.filter(
        pk=pk, status__in=Email.WAITING, next_attempt_at__lte=now
    ).update(status=Email.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return Email.objects.select_related("registration__event").get(pk=pk)


def deliver(email, connection) -> str:
    """Render if needed, send, and record the outcome. Raises ServerFault."""
    refused = RefusedAddress.objects.filter(email=email.to.lower()).first()
    if refused is not None:
        if not _registered_since(email, refused):
            return _finish(
                email,
                Email.Status.FAILED,
                gettext_noop("The mail server refused this address earlier."),
            )
        refused.delete()
    try:
        message = _message(email, connection)
    except rendering.NotToBeSent as reason:
        return _finish(email, Email.Status.ABORTED, str(reason))
    except Exception as exc:
        logger.exception("Email %s (%s) could not be prepared", email.pk, email.kind)
        return _retry_later(email, f"{reasons.NOT_PREPARED}: {exc!r}")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        code, answer = next(iter(exc.recipients.values()))
        if RELAY_REFUSED.search(_describe_answer(code, answer)):
            # Refusing to relay for us is the server's configuration, not this address.
            raise ServerFault(_describe_answer(code, answer)) from exc
        return _answer_about_message(email, code, answer)
    except smtplib.SMTPDataError as exc:
        return _answer_about_message(email, exc.smtp_code, exc.smtp_error)
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        logger.warning(
            "Email %s: the connection broke while sending; if the server had taken it, "
            "its recipient may receive it twice",
            email.pk,
        )
        raise ServerFault(_describe(exc)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise ServerFault(_describe(exc)) from exc
    except Exception as exc:
        logger.exception("Email %s (%s) could not be sent", email.pk, email.kind)
        return _retry_later(email, f"{reasons.NOT_SENT}: {type(exc).__name__}")
    logger.info(
        "Sent email %s (%s) to registration %s", email.pk, email.kind, email.registration_id
    )
    sent = {"status": Email.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.kind.startswith(ACCOUNT_KIND_PREFIX):
        # allauth's messages hold sign-in keys: once sent, nobody needs to read them.
        sent |= {"body_text": "", "body_html": "", "body_deleted_at": sent["sent_at"]}
    Email.objects.filter(pk=email.pk).update(claimed_at=None, **sent)
    return Email.Status.SENT


def _registered_since(email, refused):
    """Registering anew after a refusal is the owner's word that the address works again."""
    registration = email.registration
    return (
        email.kind.startswith("registration.")
        and registration is not None
        and registration.created_at > refused.refused_at
    )


def _message(email, connection):
    inline_images = []
    if email.kind in rendering.RENDERERS:
        with translation.override(email.language):
            rendered = rendering.render(email)
        email.subject = " ".join(rendered.subject.split())
        email.body_text, email.body_html = rendered.text, rendered.html
        email.attachment_name, email.attachment = rendered.attachment_name, rendered.attachment
        inline_images = rendered.inline_images
        # Kept with the row, so coordinators see what went out (until the retention purge),
        # unless an erasure scrubbed the row meanwhile.
        Email.objects.filter(pk=email.pk, body_deleted_at=None).update(
            subject=email.subject,
            body_text=email.body_text,
            body_html=email.body_html,
            attachment_name=email.attachment_name,
            attachment=email.attachment,
        )
    message = rendering.EmailWithInlineImages(
        inline_images=inline_images,
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else reply_to(),
        headers={**HEADERS, **email.headers},
        connection=connection,
    )
    if email.body_html and email.body_text:
        message.attach_alternative(email.body_html, "text/html")
    elif email.body_html:
        message.body, message.content_subtype = email.body_html, "html"
        message.inline_images = []  # an HTML-only email (allauth's) has none
    if email.attachment:
        message.attach(email.attachment_name, email.attachment, "text/calendar; charset=utf-8")
    return message


def _answer_about_message(email, code, answer):
    text = _describe_answer(code, answer)
    if 500 <= code < 600:
        RefusedAddress.objects.update_or_create(
            email=email.to.lower(), defaults={"reason": text, "refused_at": timezone.now()}
        )
        logger.warning("Email %s: the server refused its recipient for good (%s)", email.pk, code)
        return _finish(email, Email.Status.FAILED, text)
    return _retry_later(email, text)


def _retry_later(email, reason):
    minutes = BACKOFF_MINUTES[min(email.attempts, len(BACKOFF_MINUTES)) - 1]
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.RETRYING,
        next_attempt_at=timezone.now() + timedelta(minutes=minutes),
        last_error=reason,
        claimed_at=None,
    )
    # The reason stays in the row: a server's answer may repeat the address.
    logger.warning("Email %s: not sent; next try in %d minutes", email.pk, minutes)
    return Email.Status.RETRYING


def _finish(email, status, reason, expected=Email.Status.SENDING):
    Email.objects.filter(pk=email.pk, status=expected).update(
        status=status, last_error=reason, claimed_at=None
    )
    return status


def _server_waits(server, now=None):
    return server.next_check_at is not None and server.next_check_at > (now or timezone.now())


def _server_down(server, email, fault):
    now = timezone.now()
    # Not this message's fault: it goes back to the queue, due at the next server check (the
    # next sweep, or a task once SERVER_CHECK is over), and its attempt does not count.
    Email.objects.filter(pk=getattr(email, "pk", None), status=Email.Status.SENDING).update(
        status=Email.Status.QUEUED,
        next_attempt_at=now,
        last_error=str(fault),
        claimed_at=None,
        attempts=F("attempts") - 1,
    )
    server.down_since = server.down_since or now
    server.next_check_at = now + SERVER_CHECK
    server.last_error = str(fault)
    server.save()
    logger.error("The mail server cannot take mail (%s); checking again in a minute", fault)


def _server_up(server):
    logger.info("The mail server takes mail again (down since %s)", server.down_since)
    server.down_since = server.next_check_at = None
    server.last_error = ""
    server.save()


def _describe_answer(code, answer):
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return f"{code} {answer}".strip()


def _describe(exc):
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {_describe_answer(exc.smtp_code, exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _open(connection):
    """Connect and sign in once, for every message sent on this connection. The greeting
    and sign-in wait EMAIL_TIMEOUT (a server that hangs is found quickly); then the socket
    waits MAIL_DATA_TIMEOUT, since a server that scans a message may answer its end late,
    and giving up then would send it twice."""
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        raise ServerFault(_describe(exc)) from exc
    sock = getattr(getattr(connection, "connection", None), "sock", None)
    if sock is not None:
        sock.settimeout(settings.MAIL_DATA_TIMEOUT)


def _close(connection):
    try:
        connection.close()
    except Exception:  # a connection that broke mid-send has nothing left to close
        logger.debug("Closing the SMTP connection failed", exc_info=True)
