"""The one workflow for every village page: draft → medical review → published.

Replaces Wagtail's default "Moderators approval" on the root page, so an article goes live
only when a member of "Medical reviewers" approves it. Wagtail publishes an approved page
as the approving reviewer, so the group may change and publish pages.
"""

from django.db import migrations

REVIEWERS = "Medical reviewers"
NAME = "Medical review"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(name=NAME, content_type=task_type, active=True)
    task.groups.add(reviewers)
    workflow = Workflow.objects.create(name=NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    for codename in ("change_page", "publish_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page=root, permission=permission
            )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("houses", "0002_medical_reviewers"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
