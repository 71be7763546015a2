"""Keyed hashes (HMAC-SHA256) with a key id per event.

Events already written keep their plain SHA-256 chain (hash_version 1) and stay
verifiable; new events are keyed (hash_version 2). Adding the columns rebuilds the table on
SQLite, which drops its triggers: they are made again here.
"""

import importlib

from django.db import migrations, models

triggers = importlib.import_module("carevillage.audit.migrations.0002_append_only_triggers")


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*triggers.SQLITE_BACKWARD, *triggers.SQLITE_FORWARD]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256 (before keyed hashes)"), (2, "HMAC-SHA256")], default=1
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256 (before keyed hashes)"), (2, "HMAC-SHA256")], default=2
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
