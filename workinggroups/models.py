from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from taskforce.core.fields import sample_data_flag


class Sector(models.TextChoices):
    """Who a participant or organization represents; shared with registrations."""

    OEM = "oem", _("Vehicle manufacturer (OEM)")
    SUPPLIER = "supplier", _("Parts supplier")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    GOVERNMENT_US = "government_us", _("US federal government")
    GOVERNMENT_MX = "government_mx", _("Mexican federal government")
    GOVERNMENT_STATE_LOCAL = "government_state_local", _("State or local government")
    UTILITY = "utility", _("Electric utility")
    FREIGHT = "freight", _("Freight transport")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")
    ACADEMIA = "academia", _("Academia and research")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


def shown_publicly(person=""):
    """The one rule of who a visitor may see, as a Q expression on a person: listed
    themselves, with a listed organization or none. `person` is the path to the person
    from the rows filtered ("" for people, "person__" for memberships,
    "memberships__person__" for groups); every public page, list, count and the search ask
    it, through `Person.objects.public()`, `Membership.objects.public()`,
    `Organization.objects.in_working_group()` and `WorkingGroup.objects.with_counts()`."""
    return models.Q(**{f"{person}is_public": True}) & (
        models.Q(**{f"{person}organization__isnull": True})
        | organization_shown_publicly(f"{person}organization__")
    )


def organization_shown_publicly(organization=""):
    """An organization a visitor may see (the members directory, the search): listed."""
    return models.Q(**{f"{organization}is_public": True})


class WorkingGroupQuerySet(models.QuerySet):
    def with_counts(self):
        """Public members and their organizations per group, counted in the database.

        A member counts as `shown_publicly` says, the same rule as every public list:
        someone without an organization counts as a member, not as an organization. Real
        and sample rows are counted apart (member_count and organization_count are real
        ones only; sample_member_count and sample_organization_count the load_demo_data
        ones), so that made-up people never swell a real group's figures."""
        public = shown_publicly("memberships__person__")
        real_person = models.Q(memberships__person__is_demo=False)
        sample_person = models.Q(memberships__person__is_demo=True)
        real_organization = models.Q(memberships__person__organization__is_demo=False)
        sample_organization = models.Q(memberships__person__organization__is_demo=True)
        organizations = "memberships__person__organization"
        return self.annotate(
            member_count=models.Count("memberships", filter=public & real_person, distinct=True),
            organization_count=models.Count(
                organizations, filter=public & real_organization, distinct=True
            ),
            sample_member_count=models.Count(
                "memberships", filter=public & sample_person, distinct=True
            ),
            sample_organization_count=models.Count(
                organizations, filter=public & sample_organization, distinct=True
            ),
        )


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    focus = models.TextField(_("focus"), help_text=_("What the group studies."))
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("The kinds of organizations that take part.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workinggroups:detail", args=[self.slug])


class OrganizationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(organization_shown_publicly())

    def in_working_group(self, group):
        """The organizations of the group's public members."""
        memberships = Membership.objects.public().filter(working_group=group)
        return self.filter(people__memberships__in=memberships).distinct()


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    description = models.CharField(_("role in the task force"), max_length=300, blank=True)
    # Blank when no public source states it: the pages then say "Not stated".
    country = CountryField(_("country"), blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Only public organizations appear in the members directory."),
    )
    is_demo = sample_data_flag()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        """The name, with the acronym after it unless the name already says it: an
        organization whose name is its acronym (AMIA, ANPACT) shows it once."""
        if not self.acronym or self.acronym.casefold() in self.name.casefold():
            return self.name
        return f"{self.name} ({self.acronym})"


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People a visitor may see (`shown_publicly`)."""
        return self.filter(shown_publicly())


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organization"),
    )
    # Private: used by staff to reach the person, never rendered on a public page.
    email = models.EmailField(_("email (never shown publicly)"), blank=True)
    is_public = models.BooleanField(_("listed publicly"), default=True)
    is_demo = sample_data_flag()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def public(self):
        """Memberships of people a visitor may see (`shown_publicly`)."""
        return self.filter(shown_publicly("person__"))


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("working group"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["working_group__order", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "working_group"], name="one_membership_per_group"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.working_group} ({self.get_role_display()})"
