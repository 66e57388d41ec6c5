"""Who may see what: the one place that decides it (filled in by the verification work).

Contract used by every read path (API, pages, exports, reports):
``visible_incidents_clause(user)`` is a SQLAlchemy boolean clause over the ``incidents``
table restricting rows to what ``user`` may see (``None`` means the public).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from truce.services.users import User


def visible_incidents_clause(user: User | None) -> ColumnElement[bool]:
    """Every incident is visible until per-role rules land."""
    return true()
