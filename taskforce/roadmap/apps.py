from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    """The road map: themes, recommendations, milestones and key figures. Its label is
    still "taskforce", the app it was part of, so its tables and permissions keep their
    names and no data moves."""

    name = "taskforce.roadmap"
    label = "taskforce"
    verbose_name = _("Road map")
