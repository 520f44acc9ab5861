"""Coordinators' messages to an event's registrants: the form (preview, test to oneself,
send) and the list of what was sent with each recipient's delivery. Both need the
registrations.message_registrants permission (and a second factor when required)."""

from collections import Counter

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from taskforce.background.admin import delivery_text
from taskforce.background.models import Email
from taskforce.core.private_pages import see_other

from . import messaging
from .coordinator_views import coordinator_permission_required
from .message_forms import MessageForm
from .models import Event, MessageRecipient

PERMISSION = "registrations.message_registrants"


def _preview(form):
    """The email as the chosen registrant reads it, in their language (link masked)."""
    registration = form.preview_registration()
    with translation.override(registration.language):
        rendered = messaging.render_for(form.texts(), registration, link=messaging.masked_link())
    return {"registration": registration, "email": rendered}


def _send(request, event, form):
    try:
        message = messaging.message_send(
            event=event,
            audience=form.cleaned_data["audience"],
            texts=form.texts(),
            sent_by=request.user,
        )
    except messaging.DuplicateMessage:
        messages.info(request, _("This message was sent a moment ago; it has not been sent again."))
    except messaging.EmptyAudience:
        form.add_error(None, _("Nobody is in this audience: there is no one to write to."))
        return None
    else:
        messages.success(
            request,
            ngettext(
                "Your message is on its way to %(count)d registrant.",
                "Your message is on its way to %(count)d registrants.",
                message.recipient_count,
            )
            % {"count": message.recipient_count},
        )
    return see_other(_list_url(event))


def _list_url(event):
    return reverse("registrations:message_list", args=[event.slug])


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_permission_required(PERMISSION)
def message_new(request, slug):
    event = get_object_or_404(Event, slug=slug)
    form = MessageForm(request.POST if request.method == "POST" else None, event=event)
    action = request.POST.get("action", "preview")
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "send":
            response = _send(request, event, form)
            if response is not None:
                return response
        elif action == "test":
            if request.user.email:
                messaging.message_test(
                    texts=form.texts(),
                    registration=form.preview_registration(),
                    user=request.user,
                )
                messages.success(
                    request,
                    _("A test was sent to %(email)s, as %(name)s would read it.")
                    % {
                        "email": request.user.email,
                        "name": form.preview_registration().full_name,
                    },
                )
            else:
                form.add_error(None, _("Your account has no email address to send a test to."))
        else:
            preview = _preview(form)
    return render(
        request,
        "registrations/coordinator/message_form.html",
        {"event": event, "form": form, "preview": preview},
    )


def _deliveries(message):
    """Each recipient with their email's delivery, in the outbox's words."""
    rows, counts = [], Counter()
    for recipient in message.recipients.all():
        email = recipient.email
        if email is None:
            status, text = "", _("No email")
        else:
            status = email.status
            text = delivery_text(email.status, email.next_attempt_at, email.last_error)
        counts[status] += 1
        rows.append({"registration": recipient.registration, "status": status, "text": text})
    totals = [(label, counts[value]) for value, label in Email.Status.choices if counts[value]]
    return rows, totals


@never_cache
@coordinator_permission_required(PERMISSION)
def message_list(request, slug):
    event = get_object_or_404(Event, slug=slug)
    sent = list(
        event.messages.select_related("sent_by").prefetch_related(
            Prefetch(
                "recipients",
                queryset=MessageRecipient.objects.select_related("registration", "email"),
            )
        )
    )
    for message in sent:
        message.deliveries, message.delivery_totals = _deliveries(message)
    return render(
        request,
        "registrations/coordinator/message_list.html",
        {"event": event, "sent": sent},
    )
