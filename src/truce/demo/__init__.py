"""The built-in Pakistan–Afghanistan demo: agreement versions, reports and a timeline.

The files ship inside the package (package data) and are read on request, never
at import time. ``reports.yaml`` entries carry one demo-only key, ``filed_at``,
beside the report body of ``POST /api/reports``; :func:`load_reports` splits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

import yaml

from truce.domain.agreement import Agreement, load_agreement, parse_moment
from truce.domain.report import ReportDraft
from truce.errors import Invalid

AGREEMENT_FILES = ("pak-afg-2025.v1.yaml", "pak-afg-2025.v2.yaml")


@dataclass(frozen=True)
class DemoReport:
    filed_at: datetime
    body: dict[str, Any]  # exactly what POST /api/reports takes

    @property
    def draft(self) -> ReportDraft:
        return ReportDraft.from_dict(self.body)


def read_text(name: str) -> str:
    """The text of one demo file shipped in this package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def agreement_texts() -> list[str]:
    """The agreement YAML texts, oldest version first."""
    return [read_text(name) for name in AGREEMENT_FILES]


def load_agreements() -> list[Agreement]:
    return [load_agreement(text) for text in agreement_texts()]


def load_reports() -> list[DemoReport]:
    """The demo reports in filing order."""
    entries = yaml.safe_load(read_text("reports.yaml"))
    out: list[DemoReport] = []
    for i, entry in enumerate(entries):
        body = dict(entry)
        try:
            filed_at = parse_moment(body.pop("filed_at"))
        except (KeyError, ValueError) as err:
            raise Invalid(f"demo reports.yaml[{i}].filed_at: {err}") from None
        out.append(DemoReport(filed_at, body))
    return sorted(out, key=lambda r: r.filed_at)


def load_timeline() -> list[dict[str, Any]]:
    """Process milestones (talks, agreements) with ISO dates, oldest first."""
    items: list[dict[str, Any]] = yaml.safe_load(read_text("timeline.yaml"))
    return sorted(items, key=lambda m: str(m["date"]))
