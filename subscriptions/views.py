"""Following the task force by email: subscribe (double opt-in), confirm by POST, manage,
and leave with one click (RFC 8058)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from taskforce.core.client_address import client_ip
from taskforce.core.private_pages import private, see_other

from . import services
from .forms import SubscribeForm, TopicsForm
from .models import Subscriber

# Subscription POSTs per client address: enough for an office behind one address, too few
# to use the form to mail strangers.
SUBSCRIBE_RATE = "10/h"


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST" and is_ratelimited(
        request,
        group="subscriptions:subscribe",
        key=lambda group, request: client_ip(request),
        rate=SUBSCRIBE_RATE,
        method="POST",
        increment=True,
    ):
        return render(request, "subscriptions/rate_limited.html", status=429)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_bot:
        return see_other("subscriptions:subscribe_done")
    if request.method == "POST" and form.is_valid():
        services.subscribe(
            email=form.cleaned_data["email"],
            topics=form.cleaned_data["topics"],
            language=translation.get_language(),
        )
        return see_other("subscriptions:subscribe_done")
    return render(request, "subscriptions/subscribe.html", {"form": form})


def subscribe_done(request):
    """The same page for every submission: it never says whether the address was known."""
    return render(request, "subscriptions/subscribe_done.html")


def _subscriber(token):
    return get_object_or_404(Subscriber, token=token)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The emailed link shows a button; only its POST confirms (mail scanners open links)."""
    subscriber = _subscriber(token)
    if request.method == "POST":
        services.confirm(subscriber)
        messages.success(request, _("Your subscription is confirmed."))
        return see_other("subscriptions:manage", token)
    return private(render(request, "subscriptions/confirm.html", {"subscriber": subscriber}))


@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscriber = _subscriber(token)
    if subscriber.confirmed_at is None:
        return redirect("subscriptions:confirm", token)
    form = TopicsForm(
        request.POST if request.method == "POST" else None,
        initial={"topics": subscriber.topics},
    )
    if request.method == "POST" and form.is_valid():
        Subscriber.objects.filter(pk=subscriber.pk).update(
            topics=form.cleaned_data["topics"], language=translation.get_language()
        )
        messages.success(request, _("Your topics are saved."))
        return see_other("subscriptions:manage", token)
    return private(
        render(request, "subscriptions/manage.html", {"subscriber": subscriber, "form": form})
    )


@csrf_exempt  # RFC 8058: mail providers POST without cookies or tokens (the only exemption)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button, never unsubscribes. The POST (a person's, or a mail provider's
    one-click, urlencoded or multipart) ends the subscription and answers 200 with no
    redirect, any number of times, whatever the token: it reveals nothing, and it is not
    rate-limited (providers post from shared addresses)."""
    if len(token) > 64:
        raise Http404
    if request.method == "POST":
        services.unsubscribe(token)
        return private(render(request, "subscriptions/unsubscribed.html"))
    return private(render(request, "subscriptions/unsubscribe.html", {"token": token}))
