"""incident_access: who may see each non-public incident

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

With the visibility rule written per incident ("public, or I filed on it, or my party
filed, is accused or complains"), a party's map count tested every one of 100,000
incidents and missed the 300 ms budget (issue 4). The filers and concerned parties
of each incident are now rows of ``incident_access``, kept by the services in the
write transaction that files, moves or complains; this migration creates the table
and fills it from the reports and cases already there. Two indexes serve the map: the
public located incidents newest first, and one incident's reports with the columns
the "party named" filter and report visibility test.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Lightweight views of the tables as this revision knows them (not truce.store.tables,
# which follows the newest schema).
_reports = sa.table(
    "reports",
    sa.column("incident_id", sa.Integer),
    sa.column("filed_by", sa.String),
    sa.column("source_party", sa.String),
)
_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer),
    sa.column("incident_id", sa.Integer),
    sa.column("accused_party", sa.String),
)
_complainants = sa.table(
    "case_complainants", sa.column("case_id", sa.Integer), sa.column("party", sa.String)
)


def upgrade() -> None:
    access = op.create_table(
        "incident_access",
        sa.Column("grantee", sa.String(length=120), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("grantee", "incident_id"),
    )
    op.create_index("ix_incident_access_incident", "incident_access", ["incident_id"])
    located = sa.text("lat IS NOT NULL AND lon IS NOT NULL")
    op.create_index(
        "ix_incidents_located_public_date_id",
        "incidents",
        ["public", "date", "id"],
        sqlite_where=located,
        postgresql_where=located,
    )
    op.create_index(
        "ix_reports_incident_named",
        "reports",
        ["incident_id", "accused_party", "source_party", "source_kind", "filed_by"],
    )
    # The rule of services/visibility.py::access_rows.
    rows = sa.union(
        sa.select(sa.literal("principal:") + _reports.c.filed_by, _reports.c.incident_id),
        sa.select(sa.literal("party:") + _reports.c.source_party, _reports.c.incident_id).where(
            _reports.c.source_party.is_not(None)
        ),
        sa.select(sa.literal("party:") + _cases.c.accused_party, _cases.c.incident_id),
        sa.select(sa.literal("party:") + _complainants.c.party, _cases.c.incident_id).join(
            _cases, _cases.c.id == _complainants.c.case_id
        ),
    )
    op.get_bind().execute(sa.insert(access).from_select(["grantee", "incident_id"], rows))


def downgrade() -> None:
    op.drop_index("ix_reports_incident_named", table_name="reports")
    op.drop_index("ix_incidents_located_public_date_id", table_name="incidents")
    op.drop_index("ix_incident_access_incident", table_name="incident_access")
    op.drop_table("incident_access")
