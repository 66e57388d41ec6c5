"""Synthetic news for the ingest tests: border fighting between Pakistan and Afghanistan,
October 2025, written for these tests (places and forces are real, the stories are not)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from truce.demo import __file__ as _demo_init

DEMO_AGREEMENT = Path(_demo_init).parent / "pak-afg-2025.v1.yaml"

# Two outlets telling the same clash: they should file two reports on one incident.
KURRAM_DAWN = {
    "id": "dawn-kurram",
    "url": "https://www.dawn.com/news/kurram-clash",
    "title": "Afghan forces attack border posts in Kurram",
    "published": "2025-10-13",
    "text": "PESHAWAR: Afghan Taliban forces attacked Pakistani border posts in Kurram "
    "district on Saturday night, Pakistan's military said on Sunday. Twenty-three "
    "Pakistani soldiers were killed in the clashes, the ISPR said.",
}
KURRAM_TOLO = {
    "id": "tolo-kurram",
    "url": "https://tolonews.com/afghanistan/kurram",
    "title": "Border clash in Kurram",
    "published": "2025-10-12",
    "text": "KABUL: Afghan forces clashed with Pakistani troops in Kurram overnight on "
    "Saturday, the Taliban government said on Sunday, after Pakistani air strikes on Kabul.",
}
SPIN_BOLDAK = {
    "id": "tolo-spin-boldak",
    "url": "https://tolonews.com/afghanistan/spin-boldak",
    "title": "Shelling hits Spin Boldak",
    "published": "2025-10-16",
    "text": "KABUL: Pakistani forces fired mortars on Spin Boldak on Wednesday, killing "
    "12 civilians, Taliban spokesman Zabihullah Mujahid said.",
}
CRICKET = {
    "id": "sport-1",
    "url": "https://www.example-sports.pk/cricket",
    "title": "Pakistan beat Sri Lanka by six wickets",
    "published": "2025-10-16",
    "text": "Pakistan won the match by six wickets in Rawalpindi on Wednesday, with a "
    "century from the captain. The series resumes on Friday in Lahore.",
}

_PLACES = ("Bajaur", "Chaman", "Torkham", "Angoor Adda", "North Waziristan", "Kurram", "Khyber")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")


def clash_story(n: int) -> dict[str, str]:
    """The n-th of a family of distinct clash stories (different place, day or toll)."""
    place = _PLACES[n % len(_PLACES)]
    published = date(2025, 10, 1) + timedelta(days=n % 28)
    day = _DAYS[(published - timedelta(days=1)).weekday()]
    toll = _WORDS[n % len(_WORDS)]
    return {
        "id": f"clash-{n}",
        "url": f"https://www.example-news.pk/border/{n}",
        "title": f"Border clash in {place} (report {n})",
        "published": published.isoformat(),
        "text": f"PESHAWAR: Afghan Taliban forces attacked Pakistani border posts in {place} "
        f"on {day} night, Pakistan's military said. {toll.capitalize()} soldiers were "
        f"killed in the fighting, officials said in report number {n}.",
    }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
