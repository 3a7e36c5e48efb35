from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_goals_policies_oversight"),
    ]

    operations = [
        migrations.AddField(
            model_name="notificationchoice",
            name="oversight_due",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "A reminder 14 days before each due date, to the organisation's editors, while it "
                    "has not been recorded as received."
                ),
                verbose_name="what the board is to receive from committees, companies and federations",
            ),
        ),
        migrations.AlterField(
            model_name="sentreminder",
            name="kind",
            field=models.CharField(
                choices=[
                    ("due_soon", "due soon"),
                    ("late", "late"),
                    ("deviation", "new deviation"),
                    ("policy_review", "policy review"),
                    ("oversight_due", "due from an overseen body"),
                ],
                max_length=20,
            ),
        ),
    ]
