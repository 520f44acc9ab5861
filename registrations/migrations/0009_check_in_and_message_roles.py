from django.db import migrations

from taskforce.core.roles import COORDINATORS, grant


def grant_roles(apps, schema_editor):
    # registrations.check_in_registrant and registrations.message_registrants
    grant(apps, COORDINATORS, "registrations", ["registrant"], actions=["check_in"])
    grant(apps, COORDINATORS, "registrations", ["registrants"], actions=["message"])


class Migration(migrations.Migration):
    dependencies = [("registrations", "0008_attendance_messages_access_records")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
