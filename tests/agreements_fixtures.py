"""A small agreement used by service and web tests (not the demo's)."""

from __future__ import annotations

AGREEMENT_V1 = """\
id: test-accord
version: 1
title: Test accord between Northland and Southland
effective: 2025-01-01T00:00:00Z
parties:
  - {code: NOR, name: Republic of Northland, country_code: PK}
  - {code: SOU, name: Southland, country_code: AF}
mediators:
  - {code: MED, name: Mediating State}
scope:
  description: the border
  countries: [PK, AF]
provisions:
  - id: P1
    text: The parties maintain a complete ceasefire.
    prohibits: [armed_clash, shelling, air_strike, explosive_attack, attack_on_civilians, territory_change]
    applies_to: [NOR, SOU]
verification:
  sources_needed: 2
  response_days: 7
  appeal_days: 14
penalties:
  window_days: 90
  schedule:
    - {when: "n == 1 and fatalities == 0", penalty: formal_warning}
    - {when: "n == 1", penalty: formal_censure}
    - {when: "n >= 2", penalty: referral, to: guarantors}
  decided_by: [MED]
"""

AGREEMENT_V2 = AGREEMENT_V1.replace("version: 1", "version: 2").replace(
    "effective: 2025-01-01T00:00:00Z", "effective: 2025-06-01T00:00:00Z"
)


def report(**over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "agreement_id": "test-accord",
        "source": {"kind": "party", "party": "NOR"},
        "accused_party": "SOU",
        "event_type": "shelling",
        "date": "2025-03-10",
        "date_end": "2025-03-10",
        "date_precision": "day",
        "location": {
            "name": "Kurram",
            "lat": 33.9,
            "lon": 70.1,
            "country_code": "PK",
            "precision": 3,
        },
        "actors": [
            {
                "name": "Southland forces",
                "country_code": "AF",
                "kind": "state_forces",
                "role": "initiator",
            }
        ],
        "fatalities": {"best": 2, "low": 2, "high": 3},
        "summary": "Mortar rounds hit border posts near Kurram overnight.",
        "evidence": [],
    }
    body.update(over)
    return body
