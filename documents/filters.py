import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from taskforce.core.textsearch import clean_query
from taskforce.roadmap.models import Theme
from workinggroups.models import WorkingGroup

from .models import Document


# Choices computed whenever the form is shown or checked (Django calls callable choices each
# time), never frozen in a form field built earlier (the API schema builds the fields once).
def published_years():
    return [(str(year), str(year)) for year in Document.objects.published().years()]


def published_kinds():
    """Only the types published, so the page promises no presentations or minutes that it
    does not have."""
    kinds = set(Document.objects.published().values_list("kind", flat=True))
    return [(kind, label) for kind, label in Document.Kind.choices if kind in kinds]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=published_kinds, empty_label=_("All types")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        field_name="themes",
        empty_label=_("All themes"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        field_name="working_groups",
        empty_label=_("All working groups"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="published_on__year",
        choices=published_years,
        empty_label=_("All years"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Document.Language.choices, empty_label=_("All languages")
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "theme", "group", "year", "language"]

    def filter_text(self, queryset, name, value):
        """The site search's own match for documents (`DocumentQuerySet.search`): the same
        words find the same ones. A blank query filters nothing."""
        return queryset.search(value, get_language()) if clean_query(value) else queryset
