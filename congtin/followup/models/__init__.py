"""The follow-up's data and the rules that guard it: the unit tree (`Unit`), a directive and
the results it requires (`Directive`, `Requirement`), each unit's result and the versions it
sent (`Result.submit`, `return_for_changes`, `accept`), what units report (`StudySession`,
`ProgrammeTask`, `ProgressReport`, `FollowUpTask`) and the reminders sent (`Reminder`)."""

from .directives import Directive, Requirement
from .results import Result, Submission
from .units import Unit, UnitQuerySet
from .work import FollowUpTask, ProgrammeTask, ProgressReport, Reminder, StudySession

__all__ = [
    "Directive",
    "FollowUpTask",
    "ProgrammeTask",
    "ProgressReport",
    "Reminder",
    "Requirement",
    "Result",
    "StudySession",
    "Submission",
    "Unit",
    "UnitQuerySet",
]
