"""The registrations app's models, a module each; imported here so that
`registrations.models.X` (and the migrations' references) keep working."""

from .audit import AccessRecord
from .event import REFERENCE_ZONES, Event, EventQuerySet, validate_timezone
from .export import Export, ExportQuerySet
from .message import Message, MessageRecipient
from .registration import (
    Registration,
    RegistrationQuerySet,
    current_privacy_notice_version,
    new_attendance_code,
    new_token,
)

__all__ = [
    "AccessRecord",
    "Message",
    "MessageRecipient",
    "REFERENCE_ZONES",
    "Event",
    "EventQuerySet",
    "Export",
    "ExportQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "current_privacy_notice_version",
    "new_attendance_code",
    "new_token",
    "validate_timezone",
]
