from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import Countries

from taskforce.core.validators import validate_sendable_email
from workinggroups.models import Sector

from .models import Event, Registration


def _consent_label():
    """One sentence for translators, so each language puts the link where its grammar wants
    it; evaluated when the form renders, in the registrant's language."""
    return format_html(
        gettext(
            "I agree that the task force keeps these details to organize this meeting, "
            'as the <a href="{privacy_url}">privacy notice</a> explains.'
        ),
        privacy_url=reverse("taskforce:privacy"),
    )


# What a registrant tells us, in the order the form asks it: the fields the form stores on
# a Registration (registration_data), which the export shows too (exports.COLUMNS).
REGISTRANT_FIELDS = [
    "full_name",
    "email",
    "organization",
    "job_title",
    "sector",
    "country",
    "attendance_mode",
    "needs",
    "interpretation",
]


class RegistrantCountries(Countries):
    """The participants come mostly from the two countries of the task force."""

    first = ["MX", "US"]
    first_break = "──────────"


registrant_countries = RegistrantCountries()


def country_choices():
    # Called each time the list is drawn (Django calls a callable's choices anew), so the
    # names are those of the page's language, sorted in it; Countries caches each language.
    return [("", _("Choose a country")), *registrant_countries]


class CountryChoiceField(forms.ChoiceField):
    """The country list, drawn in the page's language; a submitted code is checked by
    looking it up rather than by going through every country's name (a third of the time
    a registration spent validating its form)."""

    def valid_value(self, value):
        return bool(value) and registrant_countries.alpha2(value) == value


class ParticipantDetailsForm(forms.Form):
    """What a registrant may change later from their private link: nothing here moves a
    seat. Every text has a maximum length."""

    organization = forms.CharField(label=_("Organization"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    attendance_mode = forms.ChoiceField(
        label=_("Attendance"),
        choices=Registration.AttendanceMode.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("This event is hybrid: tell us how you will take part."),
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpretation = forms.BooleanField(
        label=_("I need English–Spanish interpretation"), required=False
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        # Only a hybrid event asks how someone takes part; the others have one way.
        if event.mode == Event.Mode.HYBRID:
            self.fields["attendance_mode"].required = True
        else:
            del self.fields["attendance_mode"]
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            # NUL characters cannot be stored (PostgreSQL refuses them) and have no use.
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("Remove the control characters from this field."))
        return cleaned


class RegistrationForm(ParticipantDetailsForm):
    """The public registration form. Nothing is stored unless everything is valid."""

    field_order = [*REGISTRANT_FIELDS, "consent", "website"]

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254, validators=[validate_sendable_email])
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Choose a sector")), *Sector.choices]
    )
    country = CountryChoiceField(label=_("Country"), choices=country_choices)
    consent = forms.BooleanField(
        label=lazy(_consent_label, str)(),
        error_messages={"required": _("You must agree to the privacy notice to register.")},
    )
    # Honeypot: hidden from people (and from screen readers); bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def registration_data(self):
        # Only a hybrid event asks for the attendance; the others have one way.
        data = {name: self.cleaned_data.get(name) for name in REGISTRANT_FIELDS}
        data["full_name"] = data["full_name"].strip()
        data["attendance_mode"] = data["attendance_mode"] or (
            Registration.AttendanceMode.ONLINE
            if self.event.mode == Event.Mode.ONLINE
            else Registration.AttendanceMode.IN_PERSON
        )
        return data
