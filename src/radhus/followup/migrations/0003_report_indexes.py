"""An index for the execution report to the board: the open assignments of an organisation in
the order the report reads them (oldest decision first), so that a page of it is read in index
order without sorting every open assignment (benchmarks/followup.py). Partial: only open
assignments (``not_started``, ``in_progress``) are in it, a small share of ten years of them.

Written as SQL (the same statement on SQLite and PostgreSQL) because the model's Meta belongs
to the assignments' module; the index does not change the model's state."""

from django.db import migrations

OPEN_BY_DECISION = (
    "CREATE INDEX assignment_open_by_decision ON followup_assignment "
    "(tenant_id, decided_on, reference, id) WHERE status IN ('not_started', 'in_progress')"
)


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_deviation_due_date")]

    operations = [
        migrations.RunSQL(OPEN_BY_DECISION, reverse_sql="DROP INDEX assignment_open_by_decision"),
    ]
