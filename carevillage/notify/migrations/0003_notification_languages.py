"""Notifications speak the language the recipient used when they turned the channel on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notify", "0002_addresses_and_push")]

    operations = [
        migrations.AddField(
            model_name="notificationemail",
            name="language",
            field=models.CharField(default="", max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pushsubscription",
            name="language",
            field=models.CharField(default="", max_length=8),
            preserve_default=False,
        ),
    ]
