"""cases: several per incident and accused party, at most one of them open to reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

A report accusing a party on an incident whose case against that party already has a
verdict (or was retracted) must open a new case, not join the decided one
(spec/api.md: a report "joins the open case"). The unique constraint on
(incident_id, accused_party) is replaced by a partial unique index over the cases that
still take reports (before their verdict); services/reports.py keeps the same rule in
the write transaction, this index only makes a second open case impossible to store.
The constraint guaranteed one case per pair, so building the index cannot fail.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The states of truce.domain.case.OPEN_TO_REPORTS as this revision knows them.
_OPEN = sa.text("state IN ('reported', 'under_verification', 'disputed')")
_UNIQUE = "uq_cases_incident_accused"
_COLUMNS = (
    "id, incident_id, agreement_id, agreement_version, accused_party, state, opened_at, "
    "response_by, appeal_by, published, row_version, ledger_seq"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_cases(unique=False)
    else:
        op.drop_constraint(_UNIQUE, "cases", type_="unique")
    op.create_index(
        "uq_cases_open_incident_accused",
        "cases",
        ["incident_id", "accused_party"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )


def downgrade() -> None:
    # Fails (and changes nothing) while an incident has several cases against one party.
    op.drop_index("uq_cases_open_incident_accused", table_name="cases")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_cases(unique=True)
    else:
        op.create_unique_constraint(_UNIQUE, "cases", ["incident_id", "accused_party"])


def _rebuild_sqlite_cases(*, unique: bool) -> None:
    """SQLite drops or adds a table constraint only by rebuilding the table.

    Alembic's batch mode copies the rows into a new table and renames it over the old
    one, but the old table's drop leaves the rows of case_events, case_complainants and
    penalties pointing at nothing, and with foreign keys on (they always are, and the
    pragma cannot change inside the migration's transaction) SQLite counts those as
    violations that only inserts into the table they point at undo. So the rows wait in
    a temporary table while "cases" is dropped and created again, and are inserted after.
    """
    conn = op.get_bind()
    index_sql = (
        conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' "
            "AND sql IS NOT NULL"
        )
        .scalars()
        .all()
    )
    # Untyped columns (no affinity): every value is copied back exactly as stored.
    op.execute(f"CREATE TEMP TABLE _cases_0007 ({_COLUMNS})")
    op.execute(f"INSERT INTO _cases_0007 ({_COLUMNS}) SELECT {_COLUMNS} FROM cases")
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.drop_table("cases")
    extra = [sa.UniqueConstraint("incident_id", "accused_party", name=_UNIQUE)] if unique else []
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("accused_party", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("ledger_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_cases_incident_id_incidents"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        *extra,
    )
    op.execute(f"INSERT INTO cases ({_COLUMNS}) SELECT {_COLUMNS} FROM _cases_0007")
    op.execute("DROP TABLE _cases_0007")
    for sql in index_sql:
        op.execute(sql)
