"""API keys expire. Keys made before this get the configured lifetime from the upgrade, so that
no integration stops working the moment the new version is deployed."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_existing_keys(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    lifetime = dt.timedelta(days=getattr(settings, "RADHUS_API_KEY_DAYS", 90))
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + lifetime)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_input_limits")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_existing_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                help_text="The key stops working at this time.", verbose_name="expires"
            ),
        ),
    ]
