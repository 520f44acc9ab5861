"""Admin helpers shared by the content apps, and the portal's admin site."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import models
from django.utils.translation import gettext_lazy as _

# Links typed without a scheme are taken as https (Django 6 default, opted into now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def side_by_side(*fields):
    """Rows of a fieldset with each translated field's English and Spanish versions
    on one line, so editors see both languages together."""
    return [tuple(f"{field}_{code}" for code, _name in settings.LANGUAGES) for field in fields]


class CheckedListFilters:
    """Refuses list URLs whose values no database can take, with the admin's own "invalid
    filter" notice (a redirect to ``?e=1``) instead of a server error.

    Django turns most bad lookups into that notice while it builds the query, but two kinds
    pass its checks and fail only when the query is compiled or run: a NUL character, which
    PostgreSQL refuses in any text (``?q=%00``, ``?is_published__exact=%00``), and a year
    beyond Python's dates (``?starts_at__year=99999``, or the last day of year 9999 in
    the date drill-down)."""

    def changelist_view(self, request, extra_context=None):
        if ERROR_FLAG in request.GET:
            self.message_user(
                request,
                _("The list could not be filtered that way, so it shows every entry."),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)

        class CheckedChangeList(changelist):
            def get_queryset(self, request, exclude_parameters=None):
                if any("\x00" in key or "\x00" in value for key, value in _items(request.GET)):
                    raise IncorrectLookupParameters("NUL character in the query string")
                try:
                    return super().get_queryset(request, exclude_parameters)
                except OverflowError as error:  # the day after 9999-12-31
                    raise IncorrectLookupParameters(error) from error

            def get_results(self, request):
                try:
                    super().get_results(request)
                except (ValueError, OverflowError) as error:
                    raise IncorrectLookupParameters(error) from error

        return CheckedChangeList


def _items(query):
    return ((key, value) for key, values in query.lists() for value in values)


class PortalAdminSite(admin.AdminSite):
    """Django's admin site, with every model's list (the portal's, allauth's, auth's)
    refusing impossible filter values as above."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedListFilters):
            admin_class = type(
                admin_class.__name__,
                (CheckedListFilters, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class PortalAdminConfig(AdminConfig):
    """In INSTALLED_APPS in place of "django.contrib.admin"."""

    default_site = "taskforce.core.admin_site.PortalAdminSite"
