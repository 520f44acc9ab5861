"""The admin's titles and its user admin: the project's own, for every app's models."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model

# Imported first: it registers the user admin that StaffUserAdmin replaces below, and this
# app's admin module loads before django.contrib.auth's (see INSTALLED_APPS).
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from taskforce.core.allauth_adapter import verify_staff_email

admin.site.site_header = _("US–Mexico Transportation Electrification Task Force portal")
admin.site.site_title = _("Transportation Electrification Task Force admin")
admin.site.index_title = _("Content and registrations")


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    """Django's user admin; a staff account's address is marked verified on save, so the
    person's first sign-in goes straight to the admin."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_staff and obj.email and not verify_staff_email(obj):
            self.message_user(
                request,
                _(
                    "%(email)s is already the verified address of another account: this "
                    "person cannot sign in with it until it is removed from that account."
                )
                % {"email": obj.email},
                messages.WARNING,
            )
