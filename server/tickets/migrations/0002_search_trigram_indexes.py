"""Trigram indexes for `search`, on PostgreSQL only (see tickets/search_indexes.py)."""

from django.db import migrations

from tickets.search_indexes import create_trigram_indexes, drop_trigram_indexes


def forwards(apps, schema_editor):
    create_trigram_indexes(schema_editor, apps.get_model("tickets", "Ticket"))


def backwards(apps, schema_editor):
    drop_trigram_indexes(schema_editor, apps.get_model("tickets", "Ticket"))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
