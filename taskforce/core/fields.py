"""Model fields and date helpers every app shares: sample-data flags and dates known only
to the month or year."""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    """How much of a date the sources give: "November 2022" must not read as 1 November."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def format_partial_date(value, precision):
    """A date shown only as precisely as it is known, in the active language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def machine_readable_date(value, precision):
    """The date for a <time datetime="..."> attribute, no more precise than it is known:
    "2023-02" for February 2023, never "2023-02-01"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def sample_data_flag():
    """The is_demo field of every model that load_demo_data fills, so sample rows can be
    told apart (a "Sample" badge) and replaced without touching real content."""
    return models.BooleanField(
        _("sample data"), default=False, help_text=_("Made by load_demo_data; not real content.")
    )


def date_precision_field():
    return models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Show the date only as precisely as the sources give it."),
    )
