"""Corroboration scoring: independence is counted, copies count once."""

from __future__ import annotations

from truce.verify.corroboration import ReportView, score, similarity

WIRE = (
    "Afghan and Pakistani troops traded fire through the night along the frontier, officials said."
)


def test_wire_copies_count_once() -> None:
    reports = [
        ReportView("1", "news", outlet="Associated Press", title="Night of fighting", summary=WIRE),
        ReportView(
            "2",
            "news",
            outlet="Arab News (AP)",
            title="Night of fighting on frontier",
            summary=WIRE,
        ),
        ReportView(
            "3",
            "news",
            outlet="Reuters",
            title="Border clash",
            summary="Heavy exchanges of fire at Kurram.",
        ),
    ]
    c = score(reports, {})
    assert c.independent_sources == 2
    assert "2 independent news outlets (Associated Press, Reuters)" in c.reasons
    assert any("repeat the same story" in r for r in c.reasons)


def test_each_party_counts_once_and_more_sources_never_lower_the_score() -> None:
    pak = [ReportView(str(i), "party", party="PAK") for i in range(5)]
    one = score(pak, {})
    assert one.independent_sources == 1
    assert "account from one party (PAK)" in one.reasons
    both = score([*pak, ReportView("a", "party", party="AFG")], {})
    assert both.score > one.score and "accounts from 2 parties (AFG, PAK)" in both.reasons
    monitored = score([*pak, ReportView("m", "monitor", location_precision=1)], {"m": 3})
    assert monitored.score > both.score
    assert "field monitor observation" in monitored.reasons
    assert "3 evidence file(s) attached" in monitored.reasons
    assert "exact day and place reported" in monitored.reasons
    assert 0 <= monitored.score <= 1


def test_nothing_scores_zero() -> None:
    c = score([], {})
    assert c.score == 0 and c.independent_sources == 0


def test_similarity() -> None:
    assert similarity(WIRE, WIRE.upper() + "!") == 1
    assert similarity(WIRE, "Talks resumed in Istanbul on Thursday with mediators present.") < 0.1
