"""Events for editors; registrations for coordinators.

Coordinators (a group, not superusers) view events and registrations, change
registrations and export lists. Whatever moves a seat goes through services.py, as on the
public site: the cancel action promotes from the waiting list, a capacity raised in the
event form fills the freed seats. So a registration's event and status are read-only in
its form, and nobody adds registrations here: they come from the registration form.

The admin by concern: event_admin (events, their times in the event's zone),
registration_admin (the registration list and form), registration_actions (its actions)
data_rights (the data-rights page: find, export or erase an address's data),
access_admin (who looked at registrants' data outside the admin; superusers only) and
export_admin (the lists being built in the background; superusers only).
"""

from .access_admin import AccessRecordAdmin
from .event_admin import EventAdmin
from .export_admin import ExportAdmin
from .registration_admin import RegistrationAdmin

__all__ = ["AccessRecordAdmin", "EventAdmin", "ExportAdmin", "RegistrationAdmin"]
