"""The portal's two staff roles, created and extended by data migrations.

- Editors: add, change, delete and view every content model.
- Coordinators: follow events and registrations and export registrant lists (their
  permissions are granted by the registrations app's own migrations).
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
COORDINATORS = "Coordinators"
ALL_ACTIONS = ("add", "change", "delete", "view")


def grant(apps, group_name, app_label, model_names, actions=ALL_ACTIONS):
    """Give a group permissions, creating the group and (on a fresh database, where
    post_migrate has not run yet) the permissions themselves."""
    app_config = apps.get_app_config(app_label)
    # Migration-time app configs are stubs; create_permissions skips those without models.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    group.permissions.add(*permissions)
