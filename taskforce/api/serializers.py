"""What each public row looks like in the API: the fields its public page shows, in the
language asked for (?lang=), with links to that page. Email addresses, people, registrants
and meeting links are never among them."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document
from registrations.models import Event
from taskforce.roadmap.models import Recommendation, Theme
from workinggroups.models import Organization, WorkingGroup


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The row's public page, absolute, in the language of the request."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


class SampleField(serializers.BooleanField):
    """True for sample data (shown with a "Sample" badge on the pages)."""

    def __init__(self, **kwargs):
        super().__init__(source="is_demo", read_only=True, **kwargs)


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True, **kwargs)


class ThemeSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Theme
        fields = ["slug", "name", "summary", "description", "url"]


class RecommendationSerializer(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    working_groups = slugs()
    sample = SampleField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "theme",
            "title",
            "description",
            "status",
            "status_label",
            "working_groups",
            "sample",
        ]


class WorkingGroupSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = WorkingGroup
        fields = ["slug", "name", "summary", "description", "focus", "participants", "url"]


class OrganizationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    sample = SampleField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "acronym",
            "description",
            "country",
            "country_name",
            "sector",
            "sector_label",
            "website",
            "sample",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    date = serializers.CharField(source="machine_date", read_only=True)
    file_url = serializers.SerializerMethodField()
    themes = slugs()
    working_groups = slugs()
    url = PageUrlField()
    sample = SampleField()

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "kind",
            "kind_label",
            "summary",
            "date",
            "publisher",
            "language",
            "pages",
            "file_url",
            "external_url",
            "themes",
            "working_groups",
            "url",
            "sample",
        ]

    def get_file_url(self, document) -> str | None:
        """The file's download link on the portal, or null when it has no file."""
        if not document.file:
            return None
        path = reverse("documents:download", args=[document.slug])
        return self.context["request"].build_absolute_uri(path)


class EventSerializer(serializers.ModelSerializer):
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    seats_left = serializers.IntegerField(read_only=True, allow_null=True)
    registration = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()
    url = PageUrlField()
    sample = SampleField()

    class Meta:
        model = Event
        # Never online_url: the meeting link goes to confirmed registrants only.
        fields = [
            "slug",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "mode",
            "mode_label",
            "capacity",
            "seats_left",
            "waitlist_enabled",
            "registration",
            "is_cancelled",
            "working_group",
            "calendar_url",
            "url",
            "sample",
        ]

    def get_registration(self, event) -> str:
        """ "open", or why not: "not_yet", "closed" or "past"."""
        return event.registration_state()

    def get_calendar_url(self, event) -> str:
        path = reverse("registrations:event_calendar", args=[event.slug])
        return self.context["request"].build_absolute_uri(path)
