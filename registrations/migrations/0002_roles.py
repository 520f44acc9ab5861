from django.db import migrations

from taskforce.core.roles import COORDINATORS, EDITORS, grant


def grant_roles(apps, schema_editor):
    grant(apps, EDITORS, "registrations", ["event"])
    grant(apps, COORDINATORS, "registrations", ["event", "registration"], actions=["view"])
    grant(apps, COORDINATORS, "registrations", ["registration"], actions=["change", "export"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
        ("taskforce", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
