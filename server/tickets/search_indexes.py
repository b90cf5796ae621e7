"""Trigram indexes that serve the `search` filter on PostgreSQL.

`search` is a case-insensitive substring match, which Django renders as
``UPPER(col::text) LIKE UPPER('%q%')``.  A GIN index with ``gin_trgm_ops`` on exactly that
expression lets PostgreSQL answer it from the index.  SQLite has no such index type, so
these live outside ``Meta.indexes`` and are created by a PostgreSQL-only migration.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Cast, Upper


def trigram_indexes() -> list[GinIndex]:
    return [
        GinIndex(
            OpClass(Upper(Cast("title", models.TextField())), name="gin_trgm_ops"),
            name="ticket_title_trgm_idx",
        ),
        GinIndex(
            OpClass(Upper(Cast("description", models.TextField())), name="gin_trgm_ops"),
            name="ticket_description_trgm_idx",
        ),
    ]


def create_trigram_indexes(schema_editor, model) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index in trigram_indexes():
        schema_editor.add_index(model, index)


def drop_trigram_indexes(schema_editor, model) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in trigram_indexes():
        schema_editor.remove_index(model, index)
