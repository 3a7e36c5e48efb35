import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_tenant_country"),
        ("followup", "0005_oversight_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("report", models.CharField(max_length=40, verbose_name="report")),
                ("query", models.CharField(blank=True, max_length=2000, verbose_name="filters")),
                ("language", models.CharField(max_length=10)),
                (
                    "status",
                    models.CharField(
                        choices=[("waiting", "being made"), ("ready", "ready"), ("failed", "not made")],
                        default="waiting",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("data", models.BinaryField(blank=True, editable=False, null=True)),
                ("error", models.CharField(blank=True, max_length=500, verbose_name="why not")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="asked for"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="made"),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.tenant",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "report file",
                "verbose_name_plural": "report files",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["user", "created_at"], name="report_file_by_user")],
            },
        ),
    ]
