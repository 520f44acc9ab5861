from django.db import migrations

from taskforce.core.roles import COORDINATORS, grant


def grant_roles(apps, schema_editor):
    # Coordinators follow the delivery of registrants' mail: they see it, send it again
    # or stop it (the change permission); nobody adds or deletes outbox rows by hand.
    grant(apps, COORDINATORS, "background", ["email"], actions=["view", "change"])


class Migration(migrations.Migration):
    dependencies = [
        ("background", "0001_initial"),
        ("registrations", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
