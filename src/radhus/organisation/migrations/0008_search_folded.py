"""Names folded for search (issue 7, and issue 8's "search ignores accents"): a column per
searchable model holding its name without accents and case-folded, filled here for the rows
there are, and indexed with the organisation, whose rows a search reads.

The rows are filled with plain UPDATEs in batches: at 185,000 people a bulk_update of CASE
expressions takes minutes on SQLite, this a few seconds.
"""

from django.db import migrations, models

import radhus.core.search

SOURCES = {
    "unit": ("name", "short_name"),
    "post": ("title",),
    "person": ("first_name", "last_name"),
}
BATCH = 2000


def fill(apps, schema_editor):
    from radhus.core.search import fold

    connection = schema_editor.connection
    for model_name, sources in SOURCES.items():
        model = apps.get_model("organisation", model_name)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"UPDATE {table} SET search_text = %s WHERE id = %s"
        rows = model.objects.order_by().values_list("pk", *sources).iterator(chunk_size=BATCH)
        batch = []
        for pk, *parts in rows:
            batch.append((fold(" ".join(p for p in parts if p)), pk))
            if len(batch) >= BATCH:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_form_submission"),
        ("organisation", "0007_popolo_fidelity"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=radhus.core.search.FoldedSearchField(
                help_text="The name folded for search.",
                sources=("first_name", "last_name"),
                verbose_name="search text",
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="search_text",
            field=radhus.core.search.FoldedSearchField(
                help_text="The title folded for search.", sources=("title",), verbose_name="search text"
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="search_text",
            field=radhus.core.search.FoldedSearchField(
                help_text="The name folded for search.",
                sources=("name", "short_name"),
                verbose_name="search text",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["tenant", "search_text"], name="person_tenant_search"),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["tenant", "search_text"], name="post_tenant_search"),
        ),
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(fields=["tenant", "search_text"], name="unit_tenant_search"),
        ),
    ]
