"""Org admins set up their teams' appointment types, open times and exceptions in the
admin.

Which rows an org admin sees is decided by the viewsets (their organizations only);
these model permissions only let the "Org admins" group open the screens at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("appointmenttype", "availabilityrule", "availabilityexception")
    for action in ("add", "change", "delete")
]


def grant(apps, schema_editor):
    config = apps.get_app_config("scheduling")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    org_admins, _ = Group.objects.get_or_create(name="Org admins")
    org_admins.permissions.add(
        *Permission.objects.filter(content_type__app_label="scheduling", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Org admins"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="scheduling", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_initial"),
        ("tenants", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
