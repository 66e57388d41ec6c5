"""incidents.public and incidents.border_km, with the indexes the visibility rule uses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Deriving "is this incident public?" from reports and cases on every request, and
the distance to the border with shapely for every map point, kept the map and list
over 300 ms at 100,000 incidents (issue 4). Both are now kept on the incident row,
set by the services in the same write transaction as what changes them; this
migration adds them and fills them for the rows already there.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_incidents_public_date_id", "incidents", ["public", "date", "id"]),
    ("ix_reports_incident_filed_by", "reports", ["incident_id", "filed_by"]),
    ("ix_reports_incident_source", "reports", ["incident_id", "source_party"]),
)
_BATCH = 1000

# Lightweight views of the tables as this revision knows them (not truce.store.tables,
# which follows the newest schema).
_incidents = sa.table(
    "incidents",
    sa.column("id", sa.Integer),
    sa.column("lat", sa.Float),
    sa.column("lon", sa.Float),
    sa.column("public", sa.Boolean),
    sa.column("border_km", sa.Float),
)
_reports = sa.table("reports", sa.column("incident_id", sa.Integer), sa.column("source_kind"))
_cases = sa.table("cases", sa.column("incident_id", sa.Integer), sa.column("published", sa.Boolean))


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (SQLite >= 3.35 adds and drops columns in
    # place); a batch rebuild would drop ``incidents``, which reports reference.
    op.add_column(
        "incidents", sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("incidents", sa.Column("border_km", sa.Float(), nullable=True))
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    conn = op.get_bind()
    _fill_public(conn)
    _fill_border_km(conn)


def _fill_public(conn: sa.Connection) -> None:
    """The rule of services/visibility.py: a news report or a published case."""
    news = sa.exists().where(
        _reports.c.incident_id == _incidents.c.id, _reports.c.source_kind == "news"
    )
    published = sa.exists().where(
        _cases.c.incident_id == _incidents.c.id, _cases.c.published == sa.true()
    )
    conn.execute(sa.update(_incidents).values(public=sa.or_(news, published)))


def _fill_border_km(conn: sa.Connection) -> None:
    """The same function the services use when an incident is created or moves."""
    from truce.services.dashboard import border_km_or_none

    rows = conn.execute(
        sa.select(_incidents.c.id, _incidents.c.lat, _incidents.c.lon).where(
            _incidents.c.lat.is_not(None), _incidents.c.lon.is_not(None)
        )
    ).all()
    values = [{"b_id": r.id, "b_km": border_km_or_none(r.lat, r.lon)} for r in rows]
    stmt = (
        sa.update(_incidents)
        .where(_incidents.c.id == sa.bindparam("b_id"))
        .values(border_km=sa.bindparam("b_km"))
    )
    for k in range(0, len(values), _BATCH):
        conn.execute(stmt, values[k : k + _BATCH])


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_column("incidents", "border_km")
    op.drop_column("incidents", "public")
