"""What an ingest run did: counts a person can check, and every skip with its reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from truce.extract.articles import ReadProblem

# Why a whole article produced no new report (the keys of IngestSummary.skipped).
ALREADY_INGESTED = "already ingested"
REPEATED = "repeated in this input"
IRRELEVANT = "irrelevant"
NO_EVENTS = "no events"


@dataclass(frozen=True)
class ArticleOutcome:
    """One article handled by the writer (or refused by a reader), for progress display."""

    source: str
    skipped: str | None = None
    events: int = 0
    reports_filed: int = 0
    problem: ReadProblem | None = None


@dataclass
class IngestSummary:
    """Totals of one run of ``truce ingest``.

    ``articles_read`` counts every article the readers produced; each ends up in
    exactly one of: ``skipped`` (by reason), ``failed`` (extraction raised; retried
    on the next run) or ingested with events.
    """

    agreement_id: str = ""
    articles_read: int = 0
    articles_with_events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad_inputs: list[ReadProblem] = field(default_factory=list)
    failed: list[ReadProblem] = field(default_factory=list)
    events: int = 0
    events_skipped: Counter[str] = field(default_factory=Counter)
    reports_filed: int = 0
    reports_already_filed: int = 0
    incidents_created: int = 0
    incidents_linked: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able totals (for logs and machine callers)."""
        return {
            "agreement_id": self.agreement_id,
            "articles_read": self.articles_read,
            "articles_with_events": self.articles_with_events,
            "skipped": dict(self.skipped),
            "bad_inputs": [{"source": p.source, "reason": p.reason} for p in self.bad_inputs],
            "failed": [{"source": p.source, "reason": p.reason} for p in self.failed],
            "events": self.events,
            "events_skipped": dict(self.events_skipped),
            "reports_filed": self.reports_filed,
            "reports_already_filed": self.reports_already_filed,
            "incidents_created": self.incidents_created,
            "incidents_linked": self.incidents_linked,
        }
