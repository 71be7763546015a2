"""Org admins register their organization's API clients in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORG_ADMINS = "Org admins"


def grant(apps, schema_editor):
    config = apps.get_app_config("fhir")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ORG_ADMINS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="fhir",
            codename__in=["add_apiclient", "change_apiclient", "delete_apiclient"],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=ORG_ADMINS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="fhir"))


class Migration(migrations.Migration):
    dependencies = [
        ("fhir", "0002_subscriptions"),
        ("tenants", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
