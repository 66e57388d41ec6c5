"""incident_parties: which parties each incident's reports name, and who may see it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

The map's "party named" filter (a report on the incident names the party as source
or accused, and the viewer may see that report) tested every report: on PostgreSQL
a party's filtered map ran four parallel scans of the reports table per request and
missed the 300 ms budget (issue 4). The namings are now rows of
``incident_parties`` (party, grantee, incident), kept by the services in the write
transaction that files, moves or publishes; this migration creates the table and
fills it from the reports and cases already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Lightweight views of the tables as this revision knows them (not truce.store.tables,
# which follows the newest schema).
_reports = sa.table(
    "reports",
    sa.column("incident_id", sa.Integer),
    sa.column("filed_by", sa.String),
    sa.column("source_kind", sa.String),
    sa.column("source_party", sa.String),
    sa.column("accused_party", sa.String),
)
_cases = sa.table("cases", sa.column("incident_id", sa.Integer), sa.column("published", sa.Boolean))


def _rows() -> Any:
    """The rule of services/visibility.py::party_rows."""
    published = _reports.c.incident_id.in_(
        sa.select(_cases.c.incident_id).where(_cases.c.published.is_(True))
    )
    parts = []
    for named in (_reports.c.source_party, _reports.c.accused_party):
        some = named.is_not(None)
        parts += [
            sa.select(named, sa.literal("any"), _reports.c.incident_id).where(some),
            sa.select(named, sa.literal("public"), _reports.c.incident_id).where(
                some, sa.or_(_reports.c.source_kind == "news", published)
            ),
            sa.select(
                named, sa.literal("principal:") + _reports.c.filed_by, _reports.c.incident_id
            ).where(some),
            sa.select(
                named, sa.literal("party:") + _reports.c.source_party, _reports.c.incident_id
            ).where(some, _reports.c.source_party.is_not(None)),
        ]
    return sa.union(*parts)


def upgrade() -> None:
    named = op.create_table(
        "incident_parties",
        sa.Column("party", sa.String(length=10), nullable=False),
        sa.Column("grantee", sa.String(length=120), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("party", "grantee", "incident_id"),
    )
    op.create_index(
        "ix_incident_parties_incident", "incident_parties", ["incident_id", "party", "grantee"]
    )
    op.get_bind().execute(
        sa.insert(named).from_select(["party", "grantee", "incident_id"], _rows())
    )


def downgrade() -> None:
    op.drop_index("ix_incident_parties_incident", table_name="incident_parties")
    op.drop_table("incident_parties")
