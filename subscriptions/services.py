"""Subscribing, confirming, changing topics, leaving, and the daily digest."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from registrations.calendar import absolute_url
from registrations.models import Event
from taskforce.background.mail import queue_email

from .models import EVENTS, REPORTS, Subscriber

# A repeated subscription re-sends its email at most this often, so the form cannot be used
# to flood someone's mailbox.
RESEND_INTERVAL = timedelta(minutes=10)
# At most one digest a day (a little less, so a daily run a few minutes early still sends).
DIGEST_INTERVAL = timedelta(hours=20)
MAX_ITEMS = 50


def _email(subscriber, kind, context):
    """Queue one of the subscriber's emails, written in their language."""
    with translation.override(subscriber.language):
        context = {
            "subscriber": subscriber,
            "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
            "manage_url": absolute_url(reverse("subscriptions:manage", args=[subscriber.token])),
            "unsubscribe_url": absolute_url(
                reverse("subscriptions:unsubscribe", args=[subscriber.token])
            ),
            **context,
        }
        subject = render_to_string(f"subscriptions/email/{kind}_subject.txt", context)
        return queue_email(
            kind=f"subscription.{kind}",
            to=subscriber.email,
            language=subscriber.language,
            subject=" ".join(subject.split()),
            text=render_to_string(f"subscriptions/email/{kind}.txt", context),
            html=render_to_string(f"subscriptions/email/{kind}.html", context),
        )


@transaction.atomic
def subscribe(*, email: str, topics: list[str], language: str) -> None:
    """A new address gets the link to confirm; a known one, nothing that says it is known:
    an unconfirmed one gets the link again, a confirmed one a note with its link to manage
    the subscription (each at most every RESEND_INTERVAL). Topics change only through the
    link, never through the public form."""
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().for_email(email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(
            email=email, topics=topics, language=language, consent_at=now
        )
    elif (
        subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_INTERVAL
    ):
        return
    elif subscriber.confirmed_at is None:
        subscriber.topics, subscriber.language, subscriber.consent_at = topics, language, now
    subscriber.confirmation_sent_at = now
    subscriber.save()
    kind = "already" if subscriber.confirmed_at else "confirm"
    _email(
        subscriber,
        kind,
        {"confirm_url": absolute_url(reverse("subscriptions:confirm", args=[subscriber.token]))},
    )


def confirm(subscriber: Subscriber) -> None:
    if subscriber.confirmed_at is None:
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at=None).update(
            confirmed_at=timezone.now()
        )


def unsubscribe(token: str) -> None:
    """One-click: the row goes, with the address. Any number of times."""
    Subscriber.objects.filter(token=token).delete()


def news_for(subscriber, since, until):
    """What became visible on the portal between the two moments, in the subscriber's
    topics: documents and (upcoming) events, by the time they were published here, not by
    their own dates; only what editors published (content loaders set no visible_since)."""
    groups = subscriber.group_slugs
    documents = Document.objects.published().filter(
        visible_since__gt=since, visible_since__lte=until
    )
    events = (
        Event.objects.published()
        .upcoming(until)
        .filter(visible_since__gt=since, visible_since__lte=until)
    )
    if REPORTS not in subscriber.topics:
        documents = documents.filter(working_groups__slug__in=groups)
    if EVENTS not in subscriber.topics:
        events = events.filter(working_group__slug__in=groups)
    return (
        list(documents.distinct().order_by("visible_since")[:MAX_ITEMS]),
        list(events.order_by("starts_at")[:MAX_ITEMS]),
    )


def send_digests(now=None) -> int:
    """Queue each confirmed subscriber's digest when something new is in their topics and
    their last one is a day old. Each is claimed by a conditional UPDATE, so two runs never
    send one twice."""
    now = now or timezone.now()
    due = Subscriber.objects.confirmed().filter(
        Q(digest_sent_at=None) | Q(digest_sent_at__lte=now - DIGEST_INTERVAL)
    )
    sent = 0
    for subscriber in due.iterator():
        since = subscriber.digest_sent_at or subscriber.confirmed_at
        documents, events = news_for(subscriber, since, now)
        if not documents and not events:
            continue
        with transaction.atomic():
            claimed = Subscriber.objects.filter(
                pk=subscriber.pk, digest_sent_at=subscriber.digest_sent_at
            ).update(digest_sent_at=now)
            if claimed:
                _email(subscriber, "digest", {"documents": documents, "events": events})
                sent += 1
    return sent


def personal_data(email: str) -> list[dict]:
    """The address's subscription, for a data-rights export."""
    return list(
        Subscriber.objects.for_email(email).values(
            "email",
            "topics",
            "language",
            "created_at",
            "consent_at",
            "confirmation_sent_at",
            "confirmed_at",
            "digest_sent_at",
        )
    )


def personal_data_erase(email: str) -> int:
    """A data-rights erasure: the subscription goes, as when its owner unsubscribes."""
    deleted, _rows = Subscriber.objects.for_email(email).delete()
    return deleted
