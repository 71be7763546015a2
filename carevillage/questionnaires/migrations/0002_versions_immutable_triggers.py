"""A published version never changes, enforced by the database as well as the model."""

from django.db import migrations

TABLE = "questionnaires_questionnaireversion"

FORWARD = {
    "sqlite": [
        f"""CREATE TRIGGER questionnaire_version_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'published questionnaire versions are immutable'); END;""",
        f"""CREATE TRIGGER questionnaire_version_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'published questionnaire versions are immutable'); END;""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION questionnaire_version_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'published questionnaire versions are immutable'; END;
        $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER questionnaire_version_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION questionnaire_version_refuse_change();""",
    ],
}
BACKWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS questionnaire_version_no_update;",
        "DROP TRIGGER IF EXISTS questionnaire_version_no_delete;",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS questionnaire_version_no_update_delete ON {TABLE};",
        "DROP FUNCTION IF EXISTS questionnaire_version_refuse_change();",
    ],
}


def forward(apps, schema_editor):
    for sql in FORWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    for sql in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
