"""Agreement loading, validation, dumping and amendment history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from truce import demo
from truce.domain.agreement import (
    Agreement,
    AgreementHistory,
    Mediator,
    Party,
    Penalties,
    PenaltyRule,
    Provision,
    Scope,
    Verification,
    load_agreement,
)
from truce.domain.agreement_dump import dump_agreement
from truce.domain.event_types import EVENT_TYPE_CODES
from truce.errors import Conflict, Invalid


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(Invalid) as info:
        load_agreement(text)
    assert info.value.message == "agreement file is invalid"
    return info.value.problems


def test_demo_versions_load() -> None:
    v1, v2 = demo.load_agreements()
    assert (v1.id, v1.version, v2.version) == ("pak-afg-2025", 1, 2)
    assert v2.effective == datetime(2025, 10, 30, tzinfo=timezone(timedelta(hours=5)))
    assert [m.code for m in v2.mediators] == ["QAT", "TUR"]
    p2 = v2.provision("P2")
    assert p2 is not None and p2.responsibility == "territory_of_origin"
    assert v2.penalties.schedule[2].params == {"what": "border crossing trade", "days": 7}
    assert v2.extra == {"signed_at": "Istanbul"}


def test_spec_example_loads(shared_dir: Path) -> None:
    spec = (shared_dir / "spec" / "agreement.md").read_text(encoding="utf-8")
    text = spec.split("```yaml\n", 1)[1].split("```", 1)[0]
    a = load_agreement(text)
    assert a.party_codes == ("PAK", "AFG") and a.penalties.decided_by == ("QAT", "TUR")
    assert load_agreement(dump_agreement(a)) == a


def _demo_data() -> dict[str, object]:
    data = yaml.safe_load(demo.agreement_texts()[1])
    assert isinstance(data, dict)
    return data


def test_every_problem_is_listed_with_its_path() -> None:
    data = _demo_data()
    data["provisions"][1]["prohibits"][0] = "shellin"  # type: ignore[index]
    data["provisions"].append({"id": "P1", "text": "again", "prohibits": [], "applies_to": ["IND"]})  # type: ignore[attr-defined]
    data["penalties"]["decided_by"] = ["QTR"]  # type: ignore[index]
    data["penalties"]["schedule"][0]["when"] = "n = 1"  # type: ignore[index]
    data["parties"].append({"code": "PAK", "name": "dup", "country_code": "pk"})  # type: ignore[attr-defined]
    data["verification"]["response_days"] = "seven"  # type: ignore[index]
    del data["title"]
    problems = problems_of(yaml.safe_dump(data))
    joined = "\n".join(problems)
    assert "provisions[1].prohibits[0]: unknown event type 'shellin' (known: " in joined
    assert "provisions[4].id: provision id 'P1' is used more than once" in joined
    assert "provisions[4].applies_to[0]: 'IND' is not a party" in joined
    assert "penalties.decided_by[0]: 'QTR' is not a party or mediator" in joined
    assert "penalties.schedule[0].when: column 3: unexpected character '='" in joined
    assert "parties[2].country_code: 'pk' must be two capital letters" in joined
    assert "code 'PAK' is used more than once" in joined
    assert "verification.response_days: must be a whole number, not text" in joined
    assert "title: is required" in problems


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- a\n- b\n", "must be a mapping, not a list"),
        ("id: [1\n", "line 2, column 1: YAML syntax"),
        (b"\xff\xfe id: x", "not UTF-8"),
        ("", "must be a mapping, not nothing"),
    ],
)
def test_unusable_files(text: str | bytes, fragment: str) -> None:
    assert any(fragment in p for p in problems_of(text))


def test_times_date_only_is_utc_midnight_and_naive_is_refused() -> None:
    data = _demo_data()
    data["effective"] = "2025-10-30"
    assert load_agreement(yaml.safe_dump(data)).effective == datetime(2025, 10, 30, tzinfo=UTC)
    data["effective"] = "2025-10-30T00:00:00"
    assert any("has no time zone offset" in p for p in problems_of(yaml.safe_dump(data)))
    text = demo.agreement_texts()[1].replace("2025-10-30T00:00:00+05:00", "2025-10-30 08:00:00")
    assert any("effective: 2025-10-30 08:00:00 has no time zone" in p for p in problems_of(text))


# ---- round trip with generated agreements

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    str.strip
)
codes3 = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
codes2 = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=4, minutes=30))]
    ),
)
conditions = st.sampled_from(
    ["n == 1", "n >= 2 and fatalities > 0", "event_type in ['shelling']", "not n < 3"]
)
extras = st.dictionaries(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6).map(lambda k: "x_" + k),
    st.one_of(st.integers(), names, st.lists(st.integers(), max_size=3)),
    max_size=2,
)


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    codes = draw(st.lists(codes3, min_size=3, max_size=5, unique=True))
    party_codes, mediator_codes = codes[:2], codes[2:]
    parties = tuple(
        Party(
            c, draw(names), draw(codes2), tuple(draw(st.lists(names, max_size=2))), (), draw(extras)
        )
        for c in party_codes
    )
    mediators = tuple(Mediator(c, draw(names), draw(extras)) for c in mediator_codes)
    pids = draw(
        st.lists(
            st.text("PQ0123456789", min_size=1, max_size=4), min_size=1, max_size=4, unique=True
        )
    )
    provisions = tuple(
        Provision(
            pid,
            draw(names),
            tuple(draw(st.lists(st.sampled_from(sorted(EVENT_TYPE_CODES)), max_size=3))),
            tuple(draw(st.lists(st.sampled_from(party_codes), min_size=1, max_size=2))),
            draw(st.sampled_from(["direct", "territory_of_origin"])),
            draw(extras),
        )
        for pid in pids
    )
    rules = tuple(
        PenaltyRule(
            draw(conditions),
            draw(names),
            draw(st.dictionaries(st.sampled_from(["days", "to"]), st.integers(0, 99))),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    effective = draw(moments)
    return Agreement(
        id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)),
        version=draw(st.integers(1, 1000)),
        title=draw(names),
        effective=effective,
        parties=parties,
        mediators=mediators,
        scope=Scope(draw(st.just("") | names), tuple(draw(st.lists(codes2, max_size=3)))),
        provisions=provisions,
        verification=Verification(
            draw(st.integers(1, 5)), draw(st.integers(0, 30)), draw(st.integers(0, 30))
        ),
        penalties=Penalties(
            draw(st.integers(1, 365)),
            rules,
            tuple(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))),
        ),
        expires=draw(st.none() | st.just(effective + timedelta(days=30))),
        extra=draw(extras),
    )


@settings(max_examples=60, deadline=None)
@given(agreements())
def test_dump_then_load_is_identity(a: Agreement) -> None:
    assert load_agreement(dump_agreement(a)) == a


# ---- amendments


def test_history_picks_the_version_in_force() -> None:
    v1, v2 = demo.load_agreements()
    history = AgreementHistory([v1, v2])
    assert history.in_force(datetime(2025, 10, 18, tzinfo=UTC)) is None
    assert history.in_force(datetime(2025, 10, 25, tzinfo=UTC)) is v1
    assert history.in_force(v2.effective - timedelta(seconds=1)) is v1
    assert history.in_force(v2.effective) is v2
    with pytest.raises(Invalid):
        history.in_force(datetime(2025, 10, 25))


def test_history_refuses_bad_amendments() -> None:
    v1, v2 = demo.load_agreements()
    history = AgreementHistory([v1])
    with pytest.raises(Conflict, match="not higher than the current version 1"):
        history.add(replace(v2, version=1))
    with pytest.raises(Conflict, match="not after version 1"):
        history.add(replace(v2, effective=v1.effective))
    with pytest.raises(Conflict, match="not an amendment"):
        history.add(replace(v2, id="other"))
    history.add(v2)
    assert history.latest is v2


def test_removed_provision_ids_come_back_only_unchanged() -> None:
    v1, v2 = demo.load_agreements()
    history = AgreementHistory([v1, v2])
    without_p3 = replace(
        v2,
        version=3,
        effective=v2.effective + timedelta(days=1),
        provisions=v2.provisions[:2] + v2.provisions[3:],
    )
    history.add(without_p3)
    p3 = v2.provisions[2]
    changed = replace(p3, text="A different promise.")
    v4 = replace(
        v2,
        version=4,
        effective=v2.effective + timedelta(days=2),
        provisions=(*without_p3.provisions, changed),
    )
    with pytest.raises(Conflict) as info:
        history.add(v4)
    assert "'P3'" in str(info.value) and "never reused" in str(info.value)
    history.add(replace(v4, provisions=(*without_p3.provisions, p3)))
    assert history.latest is not None and history.latest.version == 4
