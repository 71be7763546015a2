"""Org admins set the opening hours of their organization's anonymous chats in the admin.

Which chats an org admin sees is decided by the viewset (their organizations only);
these model permissions only let the "Org admins" group open the screen at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_chatservice", "change_chatservice", "delete_chatservice"]


def grant(apps, schema_editor):
    config = apps.get_app_config("messaging")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    org_admins, _ = Group.objects.get_or_create(name="Org admins")
    org_admins.permissions.add(
        *Permission.objects.filter(content_type__app_label="messaging", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Org admins"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="messaging", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("tenants", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
