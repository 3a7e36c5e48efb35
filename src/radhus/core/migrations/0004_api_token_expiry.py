"""API keys expire: keys made before this get the configured lifetime from their creation."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models


def expire_existing_keys(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    lifetime = dt.timedelta(days=getattr(settings, "RADHUS_API_KEY_DAYS", 90))
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + lifetime
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_api_token")]

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
