from django.db import migrations

INDEXES = {
    "documents_page_search_en_gin": "search_en",
    "documents_page_search_es_gin": "search_es",
}


def create_indexes(apps, schema_editor):
    # GIN indexes exist on PostgreSQL only; SQLite searches pages with a simpler match.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON documents_documentpage USING gin ({column})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_text_of_pages")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
