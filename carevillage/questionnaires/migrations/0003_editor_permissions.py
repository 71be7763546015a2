"""Editors (the "Editors" group, kept in sync with the editor role) build questionnaires.

They may add, change and view questionnaires; nobody gets a delete permission, and
published versions cannot change at all (see 0002).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CODENAMES = ["add_questionnaire", "change_questionnaire", "view_questionnaire"]


def grant(apps, schema_editor):
    config = apps.get_app_config("questionnaires")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="questionnaires", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="questionnaires", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0002_versions_immutable_triggers"),
        ("tenants", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
