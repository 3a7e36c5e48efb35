"""Reads sent together (``radhus.core.reads.read_together``, issue 7): each queryset gives what it
gives read on its own, with what it selects with it, its annotations and what it prefetches; one
statement each, and on PostgreSQL all of them in one pipeline rather than one round trip each."""

import pytest
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Value
from django.test.utils import CaptureQueriesContext
from psycopg import pq

from radhus.core.reads import PlannedEachTime, read_together
from radhus.organisation.models import Appointment, Person, Post, Unit
from tests.factories import AppointmentFactory, PostFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    board = UnitFactory(name="Kommunstyrelsen")
    office = UnitFactory(name="Kommunledningskontoret", tenant=board.tenant, parent=board)
    director = PostFactory(unit=office, title="Kommundirektör")
    PostFactory(unit=office, title="Kanslichef")
    AppointmentFactory(post=director, person__first_name="Åsa", person__last_name="Öberg")
    return office


def _querysets(office):
    return [
        Unit.objects.filter(pk=office.pk).select_related("parent", "tenant"),
        office.posts.annotate(
            held=Exists(Appointment.objects.filter(post=OuterRef("pk"))), n=Count("appointments")
        ).order_by("title"),
        Appointment.objects.filter(post__unit=office).select_related("person", "post"),
        Post.objects.filter(pk__in=[]),  # no statement at all
        Person.objects.filter(appointments__post__unit=office).values_list("last_name", flat=True),
        Unit.objects.filter(pk=office.pk).prefetch_related("posts").annotate(label=Value("x")),
    ]


def _as_seen(results):
    """What a page would use of each result: the rows, the related rows, the annotations."""
    units, posts, appointments, none, names, prefetched = results
    return (
        [(u.name, u.parent.name, u.tenant.slug) for u in units],
        [(p.title, p.held, p.n) for p in posts],
        [(a.person.last_name, a.post.title) for a in appointments],
        none,
        list(names),
        [(u.label, sorted(p.title for p in u.posts.all())) for u in prefetched],
    )


def test_each_queryset_reads_as_it_does_on_its_own(office):
    alone = _as_seen([list(qs) for qs in _querysets(office)])
    assert alone[1] == [("Kanslichef", False, 0), ("Kommundirektör", True, 1)]
    assert alone[2] == [("Öberg", "Kommundirektör")]
    with CaptureQueriesContext(connection) as read:
        together = read_together(*_querysets(office))
        seen = _as_seen(together)  # the prefetch is read here, after the others
    assert seen == alone
    # One statement a queryset, none for the one filtered on an empty list, one for the prefetch.
    assert len(read.captured_queries) == 5 + 1


def test_the_objects_are_models_with_their_related_rows_in_place(office):
    [units, appointments] = read_together(
        Unit.objects.filter(pk=office.pk).select_related("parent"),
        Appointment.objects.filter(post__unit=office).select_related("person"),
    )
    assert units == [office] and isinstance(units[0], Unit)
    with CaptureQueriesContext(connection) as read:
        assert units[0].parent.name == "Kommunstyrelsen"
        assert appointments[0].person.first_name == "Åsa"
    assert read.captured_queries == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipeline is PostgreSQL's")
def test_on_postgresql_the_statements_go_in_one_pipeline(office):
    modes = []

    def note_mode(execute, sql, params, many, context):
        modes.append(pq.PipelineStatus(connection.connection.pgconn.pipeline_status).name)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_mode):
        read_together(*_querysets(office)[:3])
    assert modes == ["ON", "ON", "ON"]


def test_a_failing_statement_fails_the_read_and_the_connection_goes_on(office):
    broken = Unit.objects.extra(where=["no_such_column = 1"])
    with pytest.raises(Exception, match="no_such_column"), transaction.atomic():
        read_together(Unit.objects.all(), broken)
    assert [u.name for u in read_together(Unit.objects.filter(pk=office.pk), Unit.objects.none())[0]] == [
        "Kommunledningskontoret"
    ]


def test_querysets_from_two_databases_are_refused():
    with pytest.raises(ValueError, match="one database"):
        read_together(Unit.objects.all(), Unit.objects.using("other").all())


def _titles(office, label):
    """The organisation's post titles, with a label that names the statement in PostgreSQL's
    list of prepared statements."""
    return (
        Post.objects.filter(unit__tenant=office.tenant)
        .annotate(**{label: Value(1)})
        .order_by("title")
        .values_list("title", label)
    )


def test_a_statement_planned_each_time_reads_what_it_reads_on_its_own(office):
    expected = [("Kanslichef", 1), ("Kommundirektör", 1)]
    assert list(_titles(office, "alone")) == expected
    with CaptureQueriesContext(connection) as read:
        [planned, usual] = read_together(
            PlannedEachTime(_titles(office, "planned")), _titles(office, "usual")
        )
        [only] = read_together(PlannedEachTime(_titles(office, "planned")))
    assert planned == usual == only == expected
    assert len(read.captured_queries) == 3  # logged and counted as any other statement


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_statement_planned_each_time_is_never_prepared(office):
    """A prepared statement gets one plan for any organisation (issue 7): the statement wrapped
    in ``PlannedEachTime`` is sent unprepared however often it is read, while the one beside it
    is prepared as usual (``RADHUS_PG_PREPARED``, on its second use)."""
    for _ in range(4):
        read_together(
            PlannedEachTime(_titles(office, "planned_each_time")), _titles(office, "prepared_as_usual")
        )
        read_together(PlannedEachTime(_titles(office, "planned_alone")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = " ".join(row[0] for row in cursor.fetchall())
    assert '"prepared_as_usual"' in prepared
    assert '"planned_each_time"' not in prepared
    assert '"planned_alone"' not in prepared
