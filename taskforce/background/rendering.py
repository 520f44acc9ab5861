"""Emails whose body is written when they are sent, not when they are queued.

A registration email is queued as a row that names its kind, registration and language;
the worker renders it after the commit, through the renderer registered for its kind, so
the request that caused it never renders a template or an .ics. A renderer raises
NotToBeSent when the email no longer makes sense (a confirmation of a registration that was
cancelled, or anonymised, before it went out): the row is then aborted, not sent.
"""

from dataclasses import dataclass, field
from email.mime.image import MIMEImage

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart

RENDERERS = {}


@dataclass
class InlineImage:
    """An image the HTML shows as <img src="cid:{content_id}"> (a QR code: mail clients
    do not show SVG, nor data: URIs reliably)."""

    content_id: str
    content: bytes
    subtype: str = "png"


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str = ""
    attachment_name: str = ""
    attachment: str = ""
    # Made again at each sending, never stored with the row: the renderer draws them from
    # the registration, as it does the text.
    inline_images: list[InlineImage] = field(default_factory=list)


class EmailWithInlineImages(EmailMultiAlternatives):
    """The HTML alternative and its images as one multipart/related part, as mail clients
    expect (RFC 2387): multipart/mixed(multipart/alternative(text, multipart/related(html,
    images...)), attachments...)."""

    def __init__(self, *args, inline_images=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_images = list(inline_images)

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype != "text/html" or not self.inline_images:
            return part
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding)
        related.attach(part)
        for image in self.inline_images:
            mime = MIMEImage(image.content, _subtype=image.subtype)
            mime["Content-ID"] = f"<{image.content_id}>"
            mime["Content-Disposition"] = f'inline; filename="{image.content_id}.{image.subtype}"'
            related.attach(mime)
        return related


class NotToBeSent(Exception):
    """The email is no longer wanted; its message says why (kept as the row's reason)."""


def register_renderer(kind, renderer):
    """`renderer(email_row) -> RenderedEmail`, called in the row's language."""
    RENDERERS[kind] = renderer


def render(email):
    return RENDERERS[email.kind](email)
