"""The follow-up of decisions (S4.5, S4.7): each kind of record in a module of its own."""

from radhus.followup.models.assignments import (
    FINISHED,
    OPEN,
    Assignment,
    AssignmentStatus,
    Deviation,
    DeviationKind,
    ProgressReport,
    Source,
)
from radhus.followup.models.notifications import NotificationChoice, ReminderKind, SentReminder

__all__ = [
    "FINISHED",
    "OPEN",
    "Assignment",
    "AssignmentStatus",
    "Deviation",
    "DeviationKind",
    "NotificationChoice",
    "ProgressReport",
    "ReminderKind",
    "SentReminder",
    "Source",
]
