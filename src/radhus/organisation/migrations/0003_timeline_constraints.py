"""The single-holder rule held by the database too (PostgreSQL).

A single-holder post never has two overlapping holders, nor two overlapping acting holders (an
acting holder, vik., may stand beside the holder). The services check this under a lock on the
post; on PostgreSQL two exclusion constraints hold it as well, over the appointment's period as
a ``daterange`` with both ends inclusive and an empty end unbounded.

An exclusion constraint sees only its row's columns, and ``single_holder`` is a fact of the
post, so the appointment carries a copy of it, kept in step by ``Appointment.save`` and
``services.post_update``, and on PostgreSQL by the database itself: a foreign key from
(post, single_holder) to the post's (id, single_holder) with ON UPDATE CASCADE, so a post
made single-holder outside the services still has its holders checked. The constraints are
written in SQL, not in ``Meta.constraints``, because SQLite has no exclusion constraints:
there the services' check is the rule.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

CONSTRAINTS = {
    "appointment_one_holder_at_a_time": "single_holder AND NOT acting",
    "appointment_one_acting_holder_at_a_time": "single_holder AND acting",
}


def copy_single_holder(apps, schema_editor):
    Appointment = apps.get_model("organisation", "Appointment")
    Appointment.objects.filter(post__single_holder=False).update(single_holder=False)


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE organisation_post ADD CONSTRAINT post_id_single_holder_unique UNIQUE (id, single_holder)"
    )
    schema_editor.execute(
        "ALTER TABLE organisation_appointment ADD CONSTRAINT appointment_single_holder_follows_post "
        "FOREIGN KEY (post_id, single_holder) REFERENCES organisation_post (id, single_holder) "
        "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"
    )
    for name, condition in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE organisation_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"(post_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE ({condition})"
        )


def remove_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*CONSTRAINTS, "appointment_single_holder_follows_post"]:
        schema_editor.execute(f"ALTER TABLE organisation_appointment DROP CONSTRAINT IF EXISTS {name}")
    schema_editor.execute(
        "ALTER TABLE organisation_post DROP CONSTRAINT IF EXISTS post_id_single_holder_unique"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_input_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="single_holder",
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.RunPython(copy_single_holder, migrations.RunPython.noop),
        BtreeGistExtension(),
        migrations.RunPython(add_exclusion_constraints, remove_exclusion_constraints),
    ]
