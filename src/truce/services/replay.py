"""Compliance replay: recompute every penalty proposal from the ledger entries alone.

Agreement versions come from the source text inside their ``agreement.loaded``
entries, case states from ``case.*`` entries, verdicts from ``case.verdict`` entries.
Walking the log in order rebuilds exactly what the mechanism knew when each
proposal was made (earlier violations counted once per incident, by the incident ids
the verdicts name), so the recomputed proposal must equal both the
``penalty.proposed`` entry and the stored row. Any difference means the record or
the rules engine changed after the fact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from truce.domain.agreement import AgreementHistory, load_agreement
from truce.services import ledger_service
from truce.services.penalties import STANDING_STATES, earlier_violations, proposal_for
from truce.services.reports import incident_moment
from truce.store.db import Database
from truce.store.tables import penalties


@dataclass
class ReplayedPenalty:
    penalty_id: int
    case_id: int
    party: str
    n: int
    rule: str | None
    proposed: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)


@dataclass
class ReplayReport:
    entries: int
    penalties: list[ReplayedPenalty]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and all(not p.problems for p in self.penalties)


@dataclass
class _Case:
    state: str
    verdict: dict[str, Any] | None = None


def replay(db: Database) -> ReplayReport:
    with db.read() as conn:
        size = ledger_service.current_size(conn)
        stored = {r.id: r for r in conn.execute(select(penalties)).all()}
    raw = ledger_service.entries(db, 0, size) if size else []
    histories: dict[str, AgreementHistory] = {}
    case_states: dict[int, _Case] = {}
    verdicts: dict[int, dict[str, Any]] = {}
    out: list[ReplayedPenalty] = []
    problems: list[str] = []
    for blob in raw:
        entry = json.loads(blob)
        kind, body, seq = entry["kind"], entry["body"], entry["seq"]
        if kind == "agreement.loaded":
            histories.setdefault(body["agreement_id"], AgreementHistory()).add(
                load_agreement(body["source"]["text"])
            )
        elif kind == "case.opened":
            case_states[body["case_id"]] = _Case(body.get("state", "reported"))
        elif kind in {"case.transition", "case.verdict", "case.appeal"}:
            case = case_states.setdefault(body["case_id"], _Case("reported"))
            case.state = body["to"]
            if kind == "case.verdict":
                case.verdict = body
                verdicts[seq] = body
        elif kind == "penalty.proposed":
            out.append(_recompute(body, verdicts, histories, case_states))
    seen = {p.penalty_id for p in out}
    for penalty in out:
        row = stored.get(penalty.penalty_id)
        if row is None:
            penalty.problems.append("no stored proposal has this id")
            continue
        if (row.n, row.rule or None, row.proposed, row.party, row.case_id) != (
            penalty.n,
            penalty.rule,
            penalty.proposed,
            penalty.party,
            penalty.case_id,
        ):
            penalty.problems.append(
                f"stored proposal differs: n={row.n} rule={row.rule!r} proposed={row.proposed} "
                f"(recomputed n={penalty.n} rule={penalty.rule!r} proposed={penalty.proposed})"
            )
    for pid in sorted(set(stored) - seen):
        problems.append(f"penalty {pid} is stored but no penalty.proposed entry records it")
    return ReplayReport(len(raw), out, problems)


def _recompute(
    body: dict[str, Any],
    verdicts: dict[int, dict[str, Any]],
    histories: dict[str, AgreementHistory],
    cases: dict[int, _Case],
) -> ReplayedPenalty:
    result = ReplayedPenalty(body["penalty_id"], body["case_id"], body["party"], -1, None, None)
    verdict = verdicts.get(body["verdict_index"])
    if verdict is None or verdict.get("case_id") != body["case_id"]:
        result.problems.append(f"entry {body['verdict_index']} is not this case's verdict")
        return result
    history = histories.get(verdict["agreement_id"])
    moment = incident_moment(date.fromisoformat(verdict["incident_date"]))
    agreement = history.in_force(moment) if history else None
    if agreement is None or agreement.version != verdict["agreement_version"]:
        result.problems.append(
            f"the verdict cites {verdict['agreement_id']} v{verdict['agreement_version']}, but the ledger's "
            f"version in force on {verdict['incident_date']} is "
            f"{'none' if agreement is None else agreement.version}"
        )
        return result
    if verdict.get("outcome") != "verified" or verdict.get("responsible_party") != body["party"]:
        result.problems.append("the verdict did not find this party responsible for a violation")
        return result
    standing: list[tuple[int, datetime]] = []
    for case in cases.values():
        v = case.verdict
        if (
            case.state in STANDING_STATES
            and v is not None
            and v.get("outcome") == "verified"
            and v.get("responsible_party") == body["party"]
        ):
            standing.append(
                (int(v["incident_id"]), incident_moment(date.fromisoformat(v["incident_date"])))
            )
    previous = earlier_violations(standing, int(verdict["incident_id"]))
    proposal = proposal_for(agreement, verdict, previous)
    result.n, result.rule, result.proposed = proposal.n, proposal.rule_text, proposal.proposed
    logged = (body.get("n"), body.get("rule"), body.get("proposed"), body.get("rule_index"))
    if logged != (proposal.n, proposal.rule_text, proposal.proposed, proposal.rule_index):
        result.problems.append(
            f"ledger entry says n={body.get('n')} rule={body.get('rule')!r}; "
            f"the schedule gives n={proposal.n} rule={proposal.rule_text!r}"
        )
    return result
