"""Care plans moved to their own app (careplans): the tables stay where they are and
only Django's idea of which app owns them changes (careplans.0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("carepaths", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='careplan',
                    name='care_team',
                ),
                migrations.RemoveField(
                    model_name='careplan',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='careplan',
                    name='enrollment',
                ),
                migrations.RemoveField(
                    model_name='careplan',
                    name='person',
                ),
                migrations.RemoveField(
                    model_name='goal',
                    name='plan',
                ),
                migrations.DeleteModel(
                    name='Activity',
                ),
                migrations.DeleteModel(
                    name='CarePlan',
                ),
                migrations.DeleteModel(
                    name='Goal',
                ),
            ],
        ),
    ]
