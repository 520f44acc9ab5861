from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from taskforce.core.validators import validate_sendable_email
from workinggroups.models import WorkingGroup

from .models import EVENTS, GROUP_PREFIX, REPORTS


def topic_choices():
    """New reports, new events, and each working group (named in the page's language)."""
    return [
        (REPORTS, _("New reports and documents")),
        (EVENTS, _("New events and meetings")),
        *(
            (f"{GROUP_PREFIX}{group.slug}", _("Working group: %(name)s") % {"name": group.name})
            for group in WorkingGroup.objects.all()
        ),
    ]


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("What to follow"),
        choices=topic_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )


def _consent_label():
    return format_html(
        _(
            "I agree that the task force keeps my address to send me these emails, as the "
            '<a href="{}">privacy notice</a> says. I can unsubscribe at any time.'
        ),
        reverse("taskforce:privacy"),
    )


class SubscribeForm(TopicsForm):
    field_order = ["email", "topics", "consent", "website"]

    email = forms.EmailField(label=_("Email"), max_length=254, validators=[validate_sendable_email])
    consent = forms.BooleanField(
        label=lazy(_consent_label, str)(),
        error_messages={"required": _("You must agree to the privacy notice to subscribe.")},
    )
    # Honeypot: hidden from people (and from screen readers); bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
