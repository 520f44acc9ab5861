import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Organization, Sector, WorkingGroup


def public_countries():
    """Only the countries that have public organizations, named in the active language
    (called each time the form is shown or checked)."""
    codes = set(Organization.objects.public().values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=100)
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=public_countries, empty_label=_("All countries")
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        empty_label=_("All working groups"),
    )

    class Meta:
        model = Organization
        fields = ["q", "sector", "country", "group"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(name_en__icontains=value) | Q(name_es__icontains=value) | Q(acronym__icontains=value)
        )

    def filter_group(self, queryset, name, value):
        return queryset.in_working_group(value)
