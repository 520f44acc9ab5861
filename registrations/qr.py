"""The QR code of a registrant's badge: the absolute check-in URL of their attendance code
(segno). It opens the check-in page for coordinators only; to anyone else, a photo of it
gives nothing but the sign-in page. SVG on the private page; PNG in emails, since mail
clients do not show SVG."""

import io

import segno
from django.utils.translation import gettext as _

from .calendar import absolute_url

EMAIL_IMAGE_ID = "check-in-qr"


def _code(registration):
    return segno.make(absolute_url(registration.get_check_in_url()), error="m", micro=False)


def check_in_svg(registration) -> str:
    """An inline <svg> with a title, black on white (readable in a dark theme too)."""
    return _code(registration).svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=_("QR code for check-in"),
        svgclass="qr-code",
    )


def check_in_png(registration) -> bytes:
    buffer = io.BytesIO()
    _code(registration).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()
