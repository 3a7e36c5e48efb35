from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_approval_time_chief_decision"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(
                fields=["tenant", "taken_down_on", "posted_on"], name="posting_tenant_up_until"
            ),
        ),
    ]
