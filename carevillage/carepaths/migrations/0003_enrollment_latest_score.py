"""The enrollment keeps its latest primary score and the one before it (same
questionnaire) for the care-team dashboard; existing enrollments are filled in from
their completed questionnaire tasks."""

import django.db.models.deletion
from django.db import migrations, models


def fill_latest_scores(apps, schema_editor):
    Enrollment = apps.get_model("carepaths", "Enrollment")
    EnrollmentTask = apps.get_model("carepaths", "EnrollmentTask")
    tasks = (
        EnrollmentTask.objects.filter(kind="questionnaire", status="completed", score__isnull=False)
        .order_by("enrollment_id", "-completed_at", "-pk")
        .values_list(
            "enrollment_id",
            "scheduled_questionnaire__questionnaire_id",
            "score",
            "completed_at",
        )
    )
    latest = {}
    for enrollment_id, questionnaire_id, score, completed_at in tasks.iterator():
        if enrollment_id not in latest:
            latest[enrollment_id] = [questionnaire_id, score, None, completed_at]
        elif latest[enrollment_id][2] is None and latest[enrollment_id][0] == questionnaire_id:
            latest[enrollment_id][2] = score
    for enrollment_id, (questionnaire_id, score, previous, at) in latest.items():
        Enrollment.objects.filter(pk=enrollment_id).update(
            latest_score=score,
            previous_score=previous,
            latest_score_questionnaire_id=questionnaire_id,
            latest_score_at=at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("carepaths", "0002_care_plans_move_to_careplans"),
        ("questionnaires", "0004_house_theme"),
    ]

    operations = [
        migrations.AddField(
            model_name='enrollment',
            name='latest_score',
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='enrollment',
            name='latest_score_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='enrollment',
            name='latest_score_questionnaire',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='questionnaires.questionnaire'),
        ),
        migrations.AddField(
            model_name='enrollment',
            name='previous_score',
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.RunPython(fill_latest_scores, migrations.RunPython.noop),
    ]
