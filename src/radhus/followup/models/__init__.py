"""The follow-up of decisions (S4.5, S4.7): each kind of record in a module of its own."""

from radhus.followup.models.goals import (  # noqa: F401
    Direction,
    Goal,
    GoalLevel,
    Indicator,
    IndicatorTarget,
    Measurement,
)
from radhus.followup.models.oversight import (  # noqa: F401
    DueRule,
    OversightExpectation,
    OversightReceipt,
    ReportKind,
)
from radhus.followup.models.policies import (  # noqa: F401
    PolicyDocument,
    PolicyKind,
    PolicyStatus,
    ReviewReminder,
)
