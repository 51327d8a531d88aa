"""What a unit sent, kept in its version (`Submission.snapshot`) as it was at that moment: the
workspace's "Gửi" and the demo both write them here, so the history reads the same."""

from __future__ import annotations

from .models import Directive, Requirement, Result, StudySession, Unit


def study_snapshot(unit: Unit, directive: Directive) -> dict:
    sessions = StudySession.objects.filter(unit=unit, directive=directive).order_by("held_on", "pk")
    return {
        "kind": Requirement.Kind.STUDY,
        "sessions": [
            {
                "held_on": session.held_on.isoformat(),
                "form": session.get_form_display(),
                "title": session.title,
                "documents": session.documents,
                **{name: getattr(session, name) for name in StudySession.REACHED_FIELDS},
                "reached": session.reached,
            }
            for session in sessions
        ],
    }


def programme_snapshot(result: Result, document_name: str, document_kind: str) -> dict:
    return {
        "kind": Requirement.Kind.PROGRAMME,
        "document_name": document_name,
        "document_kind": document_kind,
        "tasks": [
            {
                "content": task.content,
                "lead": task.lead,
                "due_on": task.due_on.isoformat(),
                "expected_result": task.expected_result,
            }
            for task in result.tasks.all()
        ],
    }
