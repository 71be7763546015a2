"""Org admins and editors keep the directory: providers, services, postcodes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Org admins", "Editors"]
MODELS = ["provider", "service", "postcode", "openinghours", "openingexception"]


def grant(apps, schema_editor):
    config = apps.get_app_config("directory")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="directory",
        codename__in=[f"{a}_{m}" for m in MODELS for a in ("add", "change", "delete", "view")],
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="directory"))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("tenants", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
