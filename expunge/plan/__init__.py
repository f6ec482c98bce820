"""The plain-language plan for the young person: what can be cleared now, on which dates
the rest can, what to bring; printable to PDF, with reminders as an ``.ics`` calendar.

``build_plan`` works from an engine assessment; ``pdf`` and ``ics`` render it. This package
sits beside the petition layer: it reads the record and the law, never the terminal UI.
"""

from expunge.plan.text import Plan, PlanItem, build_plan, plan_text

__all__ = ["Plan", "PlanItem", "build_plan", "plan_text"]
