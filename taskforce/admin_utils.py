"""Admin helpers shared by the content apps."""

from django.conf import settings
from django.db import models

# Links typed without a scheme are taken as https (Django 6 default, opted into now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def side_by_side(*fields):
    """Rows of a fieldset with each translated field's English and Spanish versions
    on one line, so editors see both languages together."""
    return [tuple(f"{field}_{code}" for code, _name in settings.LANGUAGES) for field in fields]
