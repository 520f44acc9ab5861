"""The open data API's views: read-only, anonymous, JSON only, in the language of ?lang=
(English by default), paginated and filtered like the pages (the same FilterSets), cached
by the page cache like the pages (taskforce/core/pagecache.py) and throttled per client
address. Unpublished rows never appear: each view starts from the public QuerySet its page
uses."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from documents.filters import DocumentFilter
from documents.models import Document
from registrations.models import Event
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.filters import OrganizationFilter
from workinggroups.models import Organization, WorkingGroup

from . import serializers

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    description="The language of the texts and labels (default en).",
)


class OpenDataMixin:
    """Read-only, and in the language asked for."""

    http_method_names = ["get", "head", "options"]

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # REST framework exempts its views from CSRF; these only read, so nothing needs it,
        # and the portal keeps the one exemption the contract allows (unsubscribing).
        view.csrf_exempt = False
        return view

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"lang": [_("Choose en (English) or es (Spanish).")]})
        translation.activate(language)
        super().initial(request, *args, **kwargs)


class ReadOnlyViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    pass


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class ThemeViewSet(ReadOnlyViewSet):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"


class RecommendationFilter(filters.FilterSet):
    theme = filters.CharFilter(field_name="theme__slug")
    group = filters.CharFilter(field_name="working_groups__slug")

    class Meta:
        model = Recommendation
        fields = ["theme", "group", "status"]


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class RecommendationViewSet(ReadOnlyViewSet):
    queryset = Recommendation.objects.select_related("theme").prefetch_related("working_groups")
    serializer_class = serializers.RecommendationSerializer
    filterset_class = RecommendationFilter


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class WorkingGroupViewSet(ReadOnlyViewSet):
    queryset = WorkingGroup.objects.all()
    serializer_class = serializers.WorkingGroupSerializer
    lookup_field = "slug"


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class OrganizationViewSet(ReadOnlyViewSet):
    """Only the organizations listed publicly in the members directory."""

    queryset = Organization.objects.public()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class DocumentViewSet(ReadOnlyViewSet):
    queryset = Document.objects.all()
    serializer_class = serializers.DocumentSerializer
    filterset_class = DocumentFilter
    lookup_field = "slug"

    def get_queryset(self):
        # Made per request: what is published depends on the time (scheduled documents).
        return (
            Document.objects.published()
            .latest_first()
            .prefetch_related(
                Prefetch("themes", Theme.objects.only("slug")),
                Prefetch("working_groups", WorkingGroup.objects.only("slug")),
            )
        )


class EventFilter(filters.FilterSet):
    when = filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")], method="filter_when"
    )
    group = filters.CharFilter(field_name="working_group__slug")

    class Meta:
        model = Event
        fields = ["when", "group", "mode"]

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()


@extend_schema_view(list=extend_schema(parameters=[LANGUAGE_PARAMETER]))
class EventViewSet(ReadOnlyViewSet):
    queryset = Event.objects.all()
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"

    def get_queryset(self):
        # Made per request: what is published depends on the time (scheduled events).
        return Event.objects.published().with_seat_counts().select_related("working_group")


ENDPOINTS = ["themes", "recommendations", "working-groups", "organizations", "documents", "events"]


class RootView(OpenDataMixin, APIView):
    """The API's entry point: a link to each list and to the OpenAPI schema."""

    @extend_schema(exclude=True)
    def get(self, request):
        links = {name: reverse(f"api:{name}-list", request=request) for name in ENDPOINTS}
        links["schema"] = reverse("api:schema", request=request)
        links["documentation"] = request.build_absolute_uri(reverse("taskforce:developers"))
        return Response(links)
