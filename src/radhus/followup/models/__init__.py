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
from radhus.followup.models.goals import (
    Direction,
    Goal,
    GoalAssignment,
    GoalLevel,
    Indicator,
    IndicatorTarget,
    Measurement,
)
from radhus.followup.models.notifications import NotificationChoice, ReminderKind, SentReminder
from radhus.followup.models.oversight import (
    DueRule,
    OversightExpectation,
    OversightReceipt,
    ReportKind,
)
from radhus.followup.models.policies import (
    PolicyDocument,
    PolicyKind,
    PolicyStatus,
    ReviewReminder,
)
from radhus.followup.models.report_files import ReportFile, ReportFileStatus

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
    "ReportFile",
    "ReportFileStatus",
    "SentReminder",
    "Source",
    # goals, policy documents, oversight
    "Direction",
    "DueRule",
    "Goal",
    "GoalAssignment",
    "GoalLevel",
    "Indicator",
    "IndicatorTarget",
    "Measurement",
    "OversightExpectation",
    "OversightReceipt",
    "PolicyDocument",
    "PolicyKind",
    "PolicyStatus",
    "ReportKind",
    "ReviewReminder",
]
