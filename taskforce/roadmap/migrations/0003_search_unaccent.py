"""Accent-insensitive full-text search on PostgreSQL (taskforce/search.py).

`unaccent` and two text-search configurations, copies of `english` and `spanish` that drop
accents before stemming, so that "bateria" and "batería" give the same lexeme. Only on
PostgreSQL; elsewhere the search folds accents in Python.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# name: (configuration copied, its stemmer)
CONFIGURATIONS = {
    "portal_english": ("english", "english_stem"),
    "portal_spanish": ("spanish", "spanish_stem"),
}


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (source, stemmer) in CONFIGURATIONS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source})")
        # Words with non-ASCII letters (hword, hword_part, word) go through unaccent first;
        # ASCII words keep the plain stemmer.
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("taskforce", "0002_roles")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configurations, drop_configurations),
    ]
