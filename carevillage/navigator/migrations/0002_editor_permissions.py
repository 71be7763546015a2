"""Clinical editors (the "Editors" group, kept in sync with the editor role) build navigators.

They may add and change navigators and draft versions, and see the anonymous statistics
(view permission on assessments). Nobody gets a delete permission: published versions and
what was counted with them stay.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CODENAMES = [
    "add_navigator",
    "change_navigator",
    "view_navigator",
    "add_navigatorversion",
    "change_navigatorversion",
    "view_navigatorversion",
    "view_assessment",
]


def grant(apps, schema_editor):
    config = apps.get_app_config("navigator")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="navigator", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="navigator", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("navigator", "0001_initial"),
        ("tenants", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
