"""The built-in example is a real record: it verifies, replays and tells the whole story."""

from __future__ import annotations

from pathlib import Path

from truce.services import cases as case_service
from truce.services import demo, ledger_service, replay
from truce.services import penalties as penalty_service
from truce.services.context import open_context
from truce.services.visibility import OPERATOR
from truce.settings import Settings


def test_demo_builds_a_verifiable_mechanism(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/demo.db", home=tmp_path)
    result = demo.prepare(settings)
    assert result.agreement_id == "pak-afg-2025" and result.versions == 2
    # the shipped reports, plus the monitors' site visit filed during verification
    assert result.reports == len(demo.demo_reports()) + 1 and result.incidents < result.reports
    assert (result.tokens_file.stat().st_mode & 0o777) == 0o600
    ctx = open_context(settings)
    try:
        report = ledger_service.verify(ctx.db)
        assert report is not None
        assert replay.replay(ctx.db).ok
        states = {c["state"] for c in case_service.list_cases(ctx, OPERATOR)}
        assert {"appealed", "unverifiable"} <= states
        [penalty] = penalty_service.list_penalties(ctx, OPERATOR)
        assert penalty["proposed"]["penalty"] == "formal_censure" and penalty["n"] == 1
        assert penalty["decision"]["decision"] == "accept"
        # the public sees the verified case's penalty and the news, never a party's filing
        public = penalty_service.list_penalties(ctx, None)
        assert [p["id"] for p in public] == [penalty["id"]]
    finally:
        ctx.close()
    again = demo.prepare(settings, fresh=True)
    assert again.ledger_size == result.ledger_size
