"""dashboard indexes: newest-first lists, party filter, visibility subqueries

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28

The map and the incident list must answer in under 300 ms over 100,000 incidents
(bench/dashboard_bench.py prints the plans that use these).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_incidents_date_id", "incidents", ["date", "id"]),
    ("ix_reports_accused_incident", "reports", ["accused_party", "incident_id"]),
    ("ix_reports_source_incident", "reports", ["source_party", "incident_id"]),
    ("ix_reports_kind_incident", "reports", ["source_kind", "incident_id"]),
    ("ix_cases_published_incident", "cases", ["published", "incident_id"]),
    ("ix_cases_incident_state", "cases", ["incident_id", "state"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
