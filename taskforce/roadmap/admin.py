from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from taskforce.core.admin_site import side_by_side
from taskforce.core.content_admin import ContentAdmin

from .models import KeyFigure, Milestone, Recommendation, Theme


class RecommendationInline(TranslationStackedInline):
    model = Recommendation
    extra = 0
    fields = [*side_by_side("title", "description"), ("status", "order"), "working_groups"]
    filter_horizontal = ["working_groups"]


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ["name", "slug", "order", "recommendation_count"]
    list_editable = ["order"]
    search_fields = ["name_en", "name_es", "summary_en", "summary_es"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [*side_by_side("name", "summary", "description"), ("slug", "order")]})
    ]
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_recommendation_count()

    @admin.display(description=_("recommendations"), ordering="recommendation_count")
    def recommendation_count(self, theme):
        return theme.recommendation_count


@admin.register(Recommendation)
class RecommendationAdmin(ContentAdmin):
    list_display = ["title", "theme", "status", "is_demo"]
    list_filter = ["status", "theme", "working_groups", "is_demo"]
    list_select_related = ["theme"]
    search_fields = ["title_en", "title_es", "description_en", "description_es"]
    filter_horizontal = ["working_groups"]
    fieldsets = [
        (None, {"fields": [*side_by_side("title", "description")]}),
        (None, {"fields": ["theme", ("status", "order"), "working_groups", "is_demo"]}),
    ]


@admin.register(Milestone)
class MilestoneAdmin(ContentAdmin):
    list_display = ["title", "date", "date_precision"]
    search_fields = ["title_en", "title_es"]
    date_hierarchy = "date"
    autocomplete_fields = ["document"]
    fieldsets = [
        (None, {"fields": [*side_by_side("title", "description"), ("date", "date_precision")]}),
        (None, {"fields": ["document"]}),
    ]


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    list_display = ["value", "label", "order"]
    list_editable = ["order"]
    search_fields = ["label_en", "label_es"]
    fieldsets = [(None, {"fields": [*side_by_side("value", "label", "source"), "order"]})]
