"""Admin helpers shared by the content apps."""

from django.conf import settings


def side_by_side(*fields):
    """Rows of a fieldset with each translated field's English and Spanish versions
    on one line, so editors see both languages together."""
    return [tuple(f"{field}_{code}" for code, _name in settings.LANGUAGES) for field in fields]
