from django.db import migrations

from taskforce.core.roles import COORDINATORS, EDITORS, grant

CONTENT_MODELS = {
    "taskforce": ["theme", "recommendation", "milestone", "keyfigure"],
    "workinggroups": ["workinggroup", "organization", "person", "membership"],
    "documents": ["document"],
}


def create_roles(apps, schema_editor):
    for app_label, model_names in CONTENT_MODELS.items():
        grant(apps, EDITORS, app_label, model_names)
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=COORDINATORS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, COORDINATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taskforce", "0001_initial"),
        ("workinggroups", "0001_initial"),
        ("documents", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
