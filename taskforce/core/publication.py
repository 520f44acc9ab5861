"""Scheduled publication, shared by documents and events: a row is visible when it is
published and its publication time (if it has one) has passed, decided when a page is read.
A beat job (`publish_scheduled`) renews the cached pages when that time comes."""

from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone


def published_by_now(prefix="", now=None):
    """Published, and its `publish_at` (if any) passed: the Q of visibility."""
    now = now or timezone.now()
    return models.Q(**{f"{prefix}is_published": True}) & (
        models.Q(**{f"{prefix}publish_at": None}) | models.Q(**{f"{prefix}publish_at__lte": now})
    )


def visible_from(now):
    """When a row published at `now` becomes visible: now, or its later publication time
    (the moment subscribers' digests count it from)."""
    return Greatest(Coalesce(models.F("publish_at"), models.Value(now)), models.Value(now))
