"""Agreements back to data: the YAML-ready mapping and YAML text of a loaded version.

``load_agreement(dump_agreement(a)) == a`` for every agreement (property-tested).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from truce.domain.agreement import Agreement


def agreement_to_dict(a: Agreement) -> dict[str, Any]:
    """The YAML-ready mapping of ``a`` (times as ISO strings)."""

    def with_extra(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {**base, **extra}

    out: dict[str, Any] = {
        "id": a.id,
        "version": a.version,
        "title": a.title,
        "effective": a.effective.isoformat(),
    }
    if a.expires is not None:
        out["expires"] = a.expires.isoformat()
    out["parties"] = [
        with_extra(
            {
                "code": p.code,
                "name": p.name,
                "country_code": p.country_code,
                "forces": list(p.forces),
                "aligned_groups": list(p.aligned_groups),
            },
            p.extra,
        )
        for p in a.parties
    ]
    out["mediators"] = [with_extra({"code": m.code, "name": m.name}, m.extra) for m in a.mediators]
    scope: dict[str, Any] = {"countries": list(a.scope.countries)}
    if a.scope.description:
        scope = {"description": a.scope.description, **scope}
    out["scope"] = with_extra(scope, a.scope.extra)
    out["provisions"] = [
        with_extra(
            {
                "id": p.id,
                "text": p.text,
                "prohibits": list(p.prohibits),
                "applies_to": list(p.applies_to),
                "responsibility": p.responsibility,
            },
            p.extra,
        )
        for p in a.provisions
    ]
    v = a.verification
    out["verification"] = with_extra(
        {
            "sources_needed": v.sources_needed,
            "response_days": v.response_days,
            "appeal_days": v.appeal_days,
        },
        v.extra,
    )
    pen = a.penalties
    out["penalties"] = with_extra(
        {
            "window_days": pen.window_days,
            "schedule": [{"when": r.when, "penalty": r.penalty, **r.params} for r in pen.schedule],
            "decided_by": list(pen.decided_by),
        },
        pen.extra,
    )
    out.update(a.extra)
    return out


def dump_agreement(a: Agreement) -> str:
    """YAML text such that ``load_agreement(dump_agreement(a)) == a``."""
    return yaml.safe_dump(agreement_to_dict(a), sort_keys=False, allow_unicode=True, width=100)
