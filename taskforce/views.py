import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from documents.models import Document
from registrations.models import Event
from taskforce.roadmap.models import KeyFigure, Milestone, Theme
from workinggroups.models import WorkingGroup
from workinggroups.views import WorkingGroupDetailView

from . import search as site_search

logger = logging.getLogger(__name__)

# Upcoming events on the home page and on a working group's page.
EVENTS_ON_HOME_PAGE = 3
EVENTS_ON_GROUP_PAGE = 5


class HomeView(TemplateView):
    template_name = "taskforce/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            key_figures=KeyFigure.objects.all(),
            themes=Theme.objects.all(),
            working_groups=WorkingGroup.objects.all(),
            latest_documents=Document.objects.published().real_first()[:3],
            events=Event.objects.published()
            .upcoming()
            .with_seat_counts()
            .select_related("working_group")[:EVENTS_ON_HOME_PAGE],
            milestones=Milestone.objects.select_related("document"),
            **kwargs,
        )


class WorkingGroupPageView(WorkingGroupDetailView):
    """A working group's page with its upcoming meetings: the group app's own page, which
    knows nothing of registrations, and the events added here in the project layer. The
    project's URLs route `workinggroups:detail` to it."""

    template_name = "taskforce/workinggroup_detail.html"

    def get_context_data(self, **kwargs):
        events = self.object.events.published().upcoming().with_seat_counts()
        return super().get_context_data(events=events[:EVENTS_ON_GROUP_PAGE], **kwargs)


class AboutView(TemplateView):
    """What the task force is, who convenes it, its themes and groups, how to take part."""

    template_name = "taskforce/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            themes=Theme.objects.all(), working_groups=WorkingGroup.objects.all(), **kwargs
        )


def search(request):
    query = site_search.clean_query(request.GET.get("q", ""))
    sections = site_search.search(query)
    return render(
        request,
        "taskforce/search.html",
        {
            "query": query,
            "sections": sections,
            "result_count": sum(len(section.results) for section in sections),
            "max_per_section": site_search.MAX_RESULTS_PER_SECTION,
        },
    )


def _rate_limit():
    """The API's throttle (API_RATE_LIMIT, e.g. "120/minute") in words of the page's language."""
    from taskforce.api.policies import ClientThrottle

    requests, seconds = ClientThrottle().parse_rate(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]
    )
    periods = {
        1: gettext("second"),
        60: gettext("minute"),
        3600: gettext("hour"),
        86400: gettext("day"),
    }
    return {"rate_requests": requests, "rate_period": periods[seconds]}


class DevelopersView(TemplateView):
    """How to use the open data API (taskforce/api)."""

    template_name = "taskforce/developers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            api_root=self.request.build_absolute_uri(reverse("api:root")),
            **_rate_limit(),
            **kwargs,
        )


class PrivacyView(TemplateView):
    template_name = "taskforce/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.REGISTRATION_RETENTION_DAYS,
            mail_retention_days=settings.MAIL_RETENTION_DAYS,
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
            privacy_contact_email=settings.PRIVACY_CONTACT_EMAIL,
            **kwargs,
        )


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The load balancer only sees the status; the log says why.
        logger.error("Health check failed, the database does not answer: %r", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def background_health(request):
    """For monitoring: the outbox's backlog, its oldest message, the mail server's state and
    beat's heartbeat, as text; 503 when mail is stuck or beat is silent. No personal data."""
    from .background.status import background_status, describe

    try:
        status = background_status()
    except DatabaseError as error:
        logger.error("Background status: the database does not answer: %r", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse(
        describe(status), status=503 if status.problems else 200, content_type="text/plain"
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/accounts/",
        "Disallow: /es/accounts/",
        "Disallow: /en/search/",
        "Disallow: /es/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database access here: the error may be the database itself.
    return render(request, "500.html", status=500)
