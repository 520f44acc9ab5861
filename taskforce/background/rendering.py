"""Emails whose body is written when they are sent, not when they are queued.

A registration email is queued as a row that names its kind, registration and language;
the worker renders it after the commit, through the renderer registered for its kind, so
the request that caused it never renders a template or an .ics. A renderer raises
NotToBeSent when the email no longer makes sense (a confirmation of a registration that was
cancelled, or anonymised, before it went out): the row is then aborted, not sent.
"""

from dataclasses import dataclass

RENDERERS = {}


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str = ""
    attachment_name: str = ""
    attachment: str = ""


class NotToBeSent(Exception):
    """The email is no longer wanted; its message says why (kept as the row's reason)."""


def register_renderer(kind, renderer):
    """`renderer(email_row) -> RenderedEmail`, called in the row's language."""
    RENDERERS[kind] = renderer


def render(email):
    return RENDERERS[email.kind](email)
