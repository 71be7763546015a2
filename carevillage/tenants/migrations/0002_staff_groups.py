"""Groups that carry the admin permissions of each staff role.

Membership in these groups is kept in sync with StaffMembership rows by
carevillage.tenants.services.sync_staff_groups; nobody assigns them by hand.
Wagtail's own initial data already creates an "Editors" group (with page, image and
document permissions); we reuse it and make sure it can open the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORG_ADMINS = "Org admins"
EDITORS = "Editors"
TENANT_MODELS = ["unit", "careteam", "staffmembership", "careteammembership"]


def create_groups(apps, schema_editor):
    # Model permissions are normally created after all migrations (post_migrate);
    # create the tenants ones now so that the group can hold them on a fresh database.
    tenants_config = apps.get_app_config("tenants")
    tenants_config.models_module = True
    create_permissions(tenants_config, apps=apps, verbosity=0)
    tenants_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    codenames = ["change_organization"] + [
        f"{action}_{model}" for model in TENANT_MODELS for action in ("add", "change", "delete")
    ]
    tenant_permissions = Permission.objects.filter(
        content_type__app_label="tenants", codename__in=codenames
    )
    org_admins, _ = Group.objects.get_or_create(name=ORG_ADMINS)
    org_admins.permissions.add(access_admin, *tenant_permissions)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)


def remove_groups(apps, schema_editor):
    # "Editors" belongs to Wagtail's initial data: leave it.
    apps.get_model("auth", "Group").objects.filter(name=ORG_ADMINS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
