"""Tables for the mechanism's records (the ledger's own tables live in ledger_tables.py).

Rows here are the queryable view; the ledger entry written in the same transaction is
the record of truth. JSON columns hold what was filed, byte for byte as canonical JSON.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    text,
)

from truce.store.coltypes import UTCDateTime
from truce.store.metadata import metadata

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("effective", UTCDateTime(), nullable=False),
    Column("source_text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", UTCDateTime(), nullable=False),
    Column("loaded_by", String(100), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("party", String(10)),
    Column("token_prefix", String(16), nullable=False, index=True),
    Column("token_hash", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime()),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", String(100), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("date", Date, nullable=False),
    Column("date_end", Date, nullable=False),
    Column("date_precision", String(10), nullable=False),
    Column("location_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("admin1", Text),
    Column("location_precision", Integer),
    Column("actors", JSON, nullable=False),
    Column("fatalities_best", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
    # Kept in the write transaction that changes them (migration 0004): whether the
    # public may see it (a news report or a published case, services/visibility.py)
    # and the distance to the AF-PK border, so a map page needs no per-row work.
    Column("public", Boolean, nullable=False, server_default=false()),
    Column("border_km", Float),
    Index("ix_incidents_date", "date"),
    Index("ix_incidents_type_date", "event_type", "date"),
    Index("ix_incidents_lat_lon", "lat", "lon"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", String(100), nullable=False),
    Column("source_kind", String(10), nullable=False),
    Column("source_party", String(10)),
    Column("source_outlet", Text),
    Column("source_url", Text),
    Column("accused_party", String(10)),
    Column("event_type", String(40), nullable=False),
    Column("date", Date, nullable=False),
    Column("date_end", Date, nullable=False),
    Column("date_precision", String(10), nullable=False),
    Column("location_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("location_precision", Integer),
    Column("fatalities_best", Integer),
    Column("summary", Text, nullable=False),
    Column("body", JSON, nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("corrects", Integer, ForeignKey("reports.id")),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("match_score", Float),
    Column("match_reasons", JSON),
    Column("dedup_key", String(64), unique=True),
    Column("filed_by", String(100), nullable=False),
    Column("filed_at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
    Index("ix_reports_incident", "incident_id"),
    Index("ix_reports_party", "source_party"),
)

incident_links = Table(
    "incident_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("from_incident", Integer, ForeignKey("incidents.id")),
    Column("to_incident", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("score", Float),
    Column("reasons", JSON, nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename", Text),
    Column("uploaded_by", String(100), nullable=False),
    Column("uploader_party", String(10)),
    Column("uploaded_at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
)

report_evidence = Table(
    "report_evidence",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id"), primary_key=True),
    Column("sha256", String(64), ForeignKey("evidence.sha256"), primary_key=True),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("agreement_id", String(100), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("accused_party", String(10), nullable=False),
    Column("state", String(20), nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("response_by", UTCDateTime()),
    Column("appeal_by", UTCDateTime()),
    Column("published", Boolean, nullable=False, default=False),
    Column("row_version", Integer, nullable=False, default=0),
    Column("ledger_seq", BigInteger, nullable=False),
    Index("ix_cases_state", "state"),
    Index("ix_cases_accused", "accused_party"),
)

# An incident has several cases against one party over time (a new report after a
# verdict or a retraction opens a new one), but at most one that still takes reports
# (migration 0007; domain.case.OPEN_TO_REPORTS, kept by services/reports.py).
_open_to_reports = text("state IN ('reported', 'under_verification', 'disputed')")
Index(
    "uq_cases_open_incident_accused",
    cases.c.incident_id,
    cases.c.accused_party,
    unique=True,
    sqlite_where=_open_to_reports,
    postgresql_where=_open_to_reports,
)

case_complainants = Table(
    "case_complainants",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("party", String(10), primary_key=True),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # transition | response | verdict | appeal
    Column("from_state", String(20)),
    Column("to_state", String(20)),
    Column("party", String(10)),
    Column("body", JSON, nullable=False),
    Column("by", String(100), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
)

penalties = Table(
    "penalties",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("party", String(10), nullable=False),
    Column("rule_index", Integer),
    Column("rule", Text, nullable=False),
    Column("n", Integer, nullable=False),
    Column("proposed", JSON, nullable=False),
    Column("decision", JSON),
    Column("proposed_at", UTCDateTime(), nullable=False),
    Column("ledger_seq", BigInteger, nullable=False),
)

ingested_articles = Table(
    "ingested_articles",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("events", Integer, nullable=False),
    Column("ingested_at", UTCDateTime(), nullable=False),
)

# Dashboard indexes (migration 0003): newest-first pages in one index walk, the party
# filter on either side of an allegation, and the visibility subqueries (news reports,
# published cases) as index-only lookups of incident ids.
Index("ix_incidents_date_id", incidents.c.date, incidents.c.id)
Index("ix_reports_accused_incident", reports.c.accused_party, reports.c.incident_id)
Index("ix_reports_source_incident", reports.c.source_party, reports.c.incident_id)
Index("ix_reports_kind_incident", reports.c.source_kind, reports.c.incident_id)
Index("ix_cases_published_incident", cases.c.published, cases.c.incident_id)
Index("ix_cases_incident_state", cases.c.incident_id, cases.c.state)

# Denormalised visibility (migration 0004): the public's newest-first page walks
# (public, date, id); whether a party or filer has its own report or case on an
# incident is one probe of an (incident_id, ...) index (cases and complainants
# already have theirs: ix_cases_incident_state and the complainants' key).
Index("ix_incidents_public_date_id", incidents.c.public, incidents.c.date, incidents.c.id)
Index("ix_reports_incident_filed_by", reports.c.incident_id, reports.c.filed_by)
Index("ix_reports_incident_source", reports.c.incident_id, reports.c.source_party)

# Who may see a non-public incident (migration 0005): one row per incident and
# grantee, where a grantee is ``principal:<who filed a report on it>`` or
# ``party:<party that filed, is accused or complains about it>``. The rows follow
# reports, cases and complainants (services/visibility.py::refresh_access, called
# in the write transaction that files, moves or complains), regardless of
# publication: ``incidents.public`` says the rest. A party's map is then the public
# incidents plus its own rows, two index walks instead of a per-incident OR.
incident_access = Table(
    "incident_access",
    metadata,
    Column("grantee", String(120), primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), primary_key=True),
    Index("ix_incident_access_incident", "incident_id"),
)

# The map's count and page (migration 0005): the public branch over located
# incidents only, from the index alone; the "party named" probe of one incident's
# reports with every column the party filter and report visibility test.
_located = incidents.c.lat.is_not(None) & incidents.c.lon.is_not(None)
Index(
    "ix_incidents_located_public_date_id",
    incidents.c.public,
    incidents.c.date,
    incidents.c.id,
    sqlite_where=_located,
    postgresql_where=_located,
)
Index(
    "ix_reports_incident_named",
    reports.c.incident_id,
    reports.c.accused_party,
    reports.c.source_party,
    reports.c.source_kind,
    reports.c.filed_by,
)

# Which parties each incident's reports name, and who may see that naming (migration
# 0006): one row per (party, grantee, incident) where the party is a report's source
# or accused and the grantee is a viewer key that may see that report — ``any``
# (staff), ``public`` (a news report, or its incident has a published case),
# ``principal:<filer>`` and ``party:<source party>``. The "party named" filter of
# the map and list is then an index lookup instead of a scan of every report. Kept
# by services/visibility.py::refresh_parties in the write transaction that files,
# moves or publishes.
incident_parties = Table(
    "incident_parties",
    metadata,
    Column("party", String(10), primary_key=True),
    Column("grantee", String(120), primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), primary_key=True),
    Index("ix_incident_parties_incident", "incident_id", "party", "grantee"),
)
