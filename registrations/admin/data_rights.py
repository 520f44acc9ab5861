"""The data-rights page of the registration admin: everything held about one address,
exported as a JSON file or erased."""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from taskforce.core import personal_data

from .. import exports, services
from ..models import Registration

# The name the log had when the admin was one module: what reads the log still finds it.
logger = logging.getLogger("registrations.admin")

DATA_RIGHTS_TEMPLATE = "admin/registrations/registration/data_rights.html"


class DataRightsForm(forms.Form):
    # Django's EmailField refuses NUL characters and overlong input with a message.
    email = forms.EmailField(label=_("Email address"), max_length=254)


class DataRightsMixin:
    """For the Registration admin: the page at data-rights/ and what it does."""

    def get_urls(self):
        return [
            path(
                "data-rights/",
                self.admin_site.admin_view(self.data_rights_view),
                name="registrations_registration_data_rights",
            ),
            *super().get_urls(),
        ]

    def data_rights_view(self, request):
        """A data-rights request about one address: everything held about it (registrations
        across events, accounts), exported as a JSON file, or erased (registrations
        anonymised, so the counts stay; participant accounts deleted). Finding and
        exporting need the view permission, erasing the change permission; the changing
        actions are POSTs behind a confirmation, and each is logged with who did it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = DataRightsForm(request.POST if posted else (request.GET or None))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data rights: find, export or erase an address's data"),
            "opts": self.model._meta,
            "form": form,
            "may_erase": self.has_change_permission(request),
        }
        if not form.is_valid():
            return TemplateResponse(request, DATA_RIGHTS_TEMPLATE, context)
        email = form.cleaned_data["email"]
        registrations = (
            Registration.objects.for_email(email)
            .select_related("event")
            .order_by("event__starts_at", "created_at")
        )
        accounts = services.accounts_for_email(email)
        action = request.POST.get("action") if posted else None
        if action == "export":
            return self._data_rights_export(request, email, registrations, accounts)
        if action == "erase":
            if not context["may_erase"]:
                raise PermissionDenied
            if request.POST.get("confirmed") == "yes":
                return self._data_rights_erase(request, email)
            context["confirming"] = True
        # What other apps hold (subscriptions), as their export shows it.
        elsewhere = [
            (personal_data.HOLDERS[key].label, rows)
            for key, rows in personal_data.export_all(email).items()
        ]
        context.update(
            email=email,
            registrations=registrations,
            accounts=accounts,
            elsewhere=elsewhere,
            nothing_held=not registrations.exists()
            and not accounts.exists()
            and not any(rows for _label, rows in elsewhere),
        )
        return TemplateResponse(request, DATA_RIGHTS_TEMPLATE, context)

    def _data_rights_export(self, request, email, registrations, accounts):
        data = exports.personal_data(email=email, registrations=registrations, accounts=accounts)
        # Who and when, not whose: the log must not become a list of addresses.
        logger.info(
            "Data-rights export by %s: %d registrations, %d accounts",
            request.user.get_username(),
            len(data["registrations"]),
            len(data["accounts"]),
        )
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename("personal-data", "json")}"'
        )
        return response

    def _data_rights_erase(self, request, email):
        erasure = services.personal_data_erase(email=email)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=Registration.objects.filter(pk__in=erasure.registration_pks),
            action_flag=CHANGE,
            change_message=gettext("Personal data anonymized on a data-rights request."),
        )
        logger.info(
            "Data-rights erasure by %s: %d registrations anonymised, %d accounts deleted, "
            "%d staff accounts kept",
            request.user.get_username(),
            len(erasure.registration_pks),
            erasure.accounts_deleted,
            erasure.staff_accounts_kept,
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d registration anonymized; its counts are kept.",
                "%(count)d registrations anonymized; their counts are kept.",
                len(erasure.registration_pks),
            )
            % {"count": len(erasure.registration_pks)}
            + " "
            + ngettext(
                "%(count)d account deleted.",
                "%(count)d accounts deleted.",
                erasure.accounts_deleted,
            )
            % {"count": erasure.accounts_deleted},
            messages.SUCCESS,
        )
        if erasure.staff_accounts_kept:
            self.message_user(
                request,
                _(
                    "This address belongs to a staff account, which was kept: remove it in "
                    "the users admin if that person should no longer have access."
                ),
                messages.WARNING,
            )
        url = reverse("admin:registrations_registration_data_rights")
        return HttpResponseRedirect(f"{url}?{urlencode({'email': email})}", status=303)
