from django.db.models import Count
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_countries import countries
from django_filters.views import FilterView

from documents.models import Document
from taskforce.core.pagination import ForgivingPaginationMixin
from taskforce.roadmap.models import Recommendation

from .filters import OrganizationFilter
from .models import Membership, Organization, Sector, WorkingGroup

# A group page names its organizations up to this many; the members directory has them all.
ORGANIZATIONS_ON_GROUP_PAGE = 60
LEADERSHIP_ROLES = [Membership.Role.CHAIR, Membership.Role.CO_CHAIR]


class WorkingGroupListView(ListView):
    model = WorkingGroup
    template_name = "workinggroups/workinggroup_list.html"

    def get_queryset(self):
        return WorkingGroup.objects.with_counts()


class WorkingGroupDetailView(DetailView):
    model = WorkingGroup
    template_name = "workinggroups/workinggroup_detail.html"

    def get_queryset(self):
        return WorkingGroup.objects.with_counts()

    def get_context_data(self, **kwargs):
        group = self.object
        # Real organizations make the group's figures; sample ones are listed apart,
        # under the "Sample" badge, and never counted with them.
        in_group = Organization.objects.public().in_working_group(group)
        organizations = in_group.filter(is_demo=False)
        # Likewise sample chairs appear only inside the sample block, never under "Chairs".
        leaders, sample_leaders = [], []
        for membership in (
            Membership.objects.public()
            .filter(working_group=group, role__in=LEADERSHIP_ROLES)
            .select_related("person__organization")
            .order_by("role", "person__name")
        ):
            person = membership.person
            is_sample = person.is_demo or (person.organization and person.organization.is_demo)
            (sample_leaders if is_sample else leaders).append(membership)
        return super().get_context_data(
            leaders=leaders,
            sample_leaders=sample_leaders,
            organizations=organizations.order_by("name")[:ORGANIZATIONS_ON_GROUP_PAGE],
            sample_organizations=in_group.filter(is_demo=True).order_by("name")[
                :ORGANIZATIONS_ON_GROUP_PAGE
            ],
            by_sector=_count_by(organizations, "sector"),
            by_country=_count_by(organizations, "country"),
            recommendations=Recommendation.objects.for_working_group(group).select_related("theme"),
            documents=Document.objects.published().for_working_group(group).real_first()[:10],
            **kwargs,
        )


def _count_by(organizations, field):
    """Organizations per value of a field, largest first, with the value's display name."""
    rows = (
        Organization.objects.filter(pk__in=organizations.values("pk"))
        .values(field)
        .annotate(count=Count("pk"))
        .order_by("-count", field)
    )
    display = dict(countries) if field == "country" else dict(Sector.choices)
    return [
        {"label": display.get(row[field], row[field]) or _("Not stated"), "count": row["count"]}
        for row in rows
    ]


class MemberListView(ForgivingPaginationMixin, FilterView):
    """The members directory: public organizations, filterable, with a matrix of which
    organization takes part in which working group. Invalid filters show their errors
    and no rows (django-filter's strict mode)."""

    template_name = "workinggroups/organization_list.html"
    filterset_class = OrganizationFilter
    paginate_by = 50

    def get_queryset(self):
        # Real organizations first: sample ones follow, each under its "Sample" badge.
        return Organization.objects.public().order_by("is_demo", "name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(WorkingGroup.objects.all())
        page_ids = [organization.pk for organization in context["object_list"]]
        seats = set(
            Membership.objects.public()
            .filter(person__organization__in=page_ids)
            .values_list("person__organization_id", "working_group_id")
            .distinct()
        )
        context["groups"] = groups
        # The count names real organizations; sample ones are counted apart.
        matching = context["paginator"].object_list
        context["sample_count"] = matching.filter(is_demo=True).count()
        context["real_count"] = context["paginator"].count - context["sample_count"]
        context["rows"] = [
            (organization, [(group, (organization.pk, group.pk) in seats) for group in groups])
            for organization in context["object_list"]
        ]
        return context
