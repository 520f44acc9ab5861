from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taskforce.core.fields import (
    date_precision_field,
    format_partial_date,
    machine_readable_date,
    sample_data_flag,
)


class ThemeQuerySet(models.QuerySet):
    def with_recommendation_count(self):
        """Count each theme's recommendations: all of them (recommendation_count, for the
        admin), and apart the real ones and the load_demo_data samples, so that a public page
        never counts made-up recommendations with real ones."""
        sample = models.Q(recommendations__is_demo=True)
        return self.annotate(
            recommendation_count=models.Count("recommendations"),
            real_recommendation_count=models.Count("recommendations", filter=~sample),
            sample_recommendation_count=models.Count("recommendations", filter=sample),
        )


class Theme(models.Model):
    """One of the five themes of the binational road map."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("taskforce:theme_detail", args=[self.slug])


class RecommendationQuerySet(models.QuerySet):
    def for_theme(self, theme):
        return self.filter(theme=theme)

    def for_working_group(self, group):
        return self.filter(working_groups=group)


class Recommendation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        IN_PROGRESS = "in_progress", _("In progress")
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTED = "implemented", _("Implemented")

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("theme")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Blank when no source states where a recommendation stands: the page then says nothing.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, blank=True
    )
    working_groups = models.ManyToManyField(
        "workinggroups.WorkingGroup",
        related_name="recommendations",
        blank=True,
        verbose_name=_("working groups"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = sample_data_flag()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order", "order", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A dated step of the task force's timeline."""

    date = models.DateField(_("date"))
    date_precision = date_precision_field()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("document"),
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    @property
    def display_date(self):
        return format_partial_date(self.date, self.date_precision)

    @property
    def machine_date(self):
        return machine_readable_date(self.date, self.date_precision)


class KeyFigure(models.Model):
    """A headline figure about the industry, shown on the home page with its source."""

    value = models.CharField(_("value"), max_length=20, help_text=_("For example “76%” or “7th”."))
    label = models.CharField(_("label"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.value} {self.label}"
