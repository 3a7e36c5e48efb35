"""Popolo import that keeps what it is given (issue 8, item 4): a person's sort name, gender,
summary, biography and image as fields of their own, and ``PopoloRecord`` for what else an
imported document said (identifiers of other schemes, other names, links, sources, areas,
events, roles as written…), so that the export gives it back."""

import django.db.models.deletion
from django.db import migrations, models

import radhus.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_form_submission"),
        ("organisation", "0006_richer_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="biography",
            field=radhus.core.fields.MultiLineTextField(
                blank=True, max_length=10000, verbose_name="biography"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="gender",
            field=radhus.core.fields.NameField(blank=True, max_length=50, verbose_name="gender"),
        ),
        migrations.AddField(
            model_name="person",
            name="image",
            field=radhus.core.fields.LineTextField(
                blank=True, help_text="A URL.", max_length=500, verbose_name="image"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="sort_name",
            field=radhus.core.fields.NameField(
                blank=True,
                help_text="For example “Lindberg, Lisa”.",
                max_length=200,
                verbose_name="sort name",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="summary",
            field=radhus.core.fields.MultiLineTextField(blank=True, max_length=10000, verbose_name="summary"),
        ),
        migrations.CreateModel(
            name="PopoloRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("part", models.CharField(blank=True, max_length=20)),
                ("data", models.JSONField(default=dict)),
                (
                    "appointment",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.appointment",
                    ),
                ),
                (
                    "collaboration_member",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.collaborationmember",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.membership",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.tenant",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.party",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.person",
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.post",
                    ),
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
                    "unit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "Popolo record",
                "verbose_name_plural": "Popolo records",
                "indexes": [models.Index(fields=["tenant"], name="popolo_record_tenant")],
            },
        ),
    ]
