from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from taskforce.core.admin_site import HTTPS_URLS, side_by_side
from taskforce.core.content_admin import ContentAdmin

from .models import Membership, Organization, Person, WorkingGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ContentAdmin):
    list_display = ["name", "slug", "contact_email", "order", "member_count"]
    list_editable = ["order"]
    search_fields = ["name_en", "name_es", "focus_en", "focus_es"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *side_by_side("name", "summary", "focus", "participants", "description"),
                    ("slug", "order"),
                    "contact_email",
                ]
            },
        )
    ]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("public members"), ordering="member_count")
    def member_count(self, group):
        return group.member_count


@admin.register(Organization)
class OrganizationAdmin(ContentAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "acronym", "country", "sector", "is_public", "is_demo"]
    list_filter = ["sector", "country", "is_public", "is_demo"]
    list_editable = ["is_public"]
    search_fields = ["name_en", "name_es", "acronym"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *side_by_side("name", "description"),
                    "acronym",
                    ("country", "sector"),
                    "website",
                    ("is_public", "is_demo"),
                ]
            },
        )
    ]


class PersonMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ["name", "organization", "is_public", "is_demo"]
    list_filter = ["is_public", "memberships__working_group", "organization__sector", "is_demo"]
    list_select_related = ["organization"]
    search_fields = ["name", "email", "organization__name_en", "organization__acronym"]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    *side_by_side("title"),
                    "organization",
                    "email",
                    ("is_public", "is_demo"),
                ]
            },
        )
    ]
    inlines = [PersonMembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "working_group", "role"]
    list_filter = ["working_group", "role"]
    list_select_related = ["person", "working_group"]
    search_fields = ["person__name", "person__organization__name_en"]
    autocomplete_fields = ["person"]
