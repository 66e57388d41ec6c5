"""Extraction throughput on a mixed news stream (10 % conflict, 90 % other).

The non-conflict texts (sports, markets, weather, culture) are generated here from
templates; the conflict texts too, so the bench needs no data outside the repo.
Measures articles/s on the mixed stream, conflict articles/s fully extracted,
words/s and peak RSS, for Truce's extractor (relevance gate, then spaCy and the
extraction stages) and for spaCy's plain ``nlp.pipe`` over every article, each
with 1 process and with 2 processes, on the same input in the same run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from truce.extract.articles import Article
from truce.extract.pipeline import Extractor

_PLACES = [
    "Lahore",
    "Karachi",
    "Quetta",
    "Peshawar",
    "Bannu",
    "Kurram",
    "Chaman",
    "Torkham",
    "Khyber",
    "North Waziristan",
]
_TEAMS = ["Pakistan", "England", "Australia", "Lahore Qalandars", "Karachi Kings", "Peshawar Zalmi"]
_OTHER = [
    "{team} beat {team2} by {n} wickets at the Gaddafi Stadium, with the captain scoring an unbeaten {m}. The series now stands at 2-1 and the final match is on Sunday. Fans celebrated late into the evening.",
    "The KSE-100 index closed {n} points higher as banks and cement stocks rallied. Analysts said foreign buying and lower oil prices lifted sentiment; the rupee was stable against the dollar.",
    "Heavy rain is expected in {place} over the next {n} days, the Met Office said, advising farmers to delay the harvest. Temperatures will drop to {m} degrees at night.",
    "A new exhibition of Mughal miniature paintings opened at the museum in {place}, drawing {n} visitors on the first day. The curator said the collection would travel to Istanbul next year.",
    "The provincial cabinet approved a budget of {n} billion rupees for schools and hospitals in {place}. The finance minister said {m} new colleges would open by December.",
]
_CONFLICT = [
    "Militants attacked a security post in {place} on Monday, killing {n} soldiers, the ISPR said. Security forces killed {m} attackers in the exchange of fire that followed.",
    "A roadside bomb killed {n} policemen near {place} on Tuesday, officials said. No group claimed responsibility, but police suspected the TTP.",
    "Afghan Taliban forces and Pakistani troops clashed near {place} overnight; at least {n} people were killed, according to local officials. The border crossing was closed.",
    "Pakistan and Afghanistan agreed on Thursday to extend the ceasefire after talks in Istanbul mediated by Turkiye and Qatar. The next round of talks will be held in {place}.",
]


def _stream(n: int, seed: int = 7) -> list[Article]:
    rnd = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        conflict = i % 10 == 0
        tpl = rnd.choice(_CONFLICT if conflict else _OTHER)
        text = tpl.format(
            team=rnd.choice(_TEAMS),
            team2=rnd.choice(_TEAMS),
            place=rnd.choice(_PLACES),
            n=rnd.randint(2, 60),
            m=rnd.randint(1, 40),
        )
        out.append(Article(f"bench/{i}", text, None, None, date(2025, 11, 5)))
    return out


def _measure(
    label: str, arts: list[Article], n_process: int, work: Callable[[], int]
) -> dict[str, Any]:
    """Time ``work`` (which returns the events it found) over ``arts``."""
    words = sum(len(a.text.split()) for a in arts)
    conflict = sum(1 for i in range(len(arts)) if i % 10 == 0)
    t0 = time.perf_counter()
    events = work()
    dt = time.perf_counter() - t0
    return {
        "mode": label,
        "articles": len(arts),
        "events": events,
        "seconds": round(dt, 2),
        "articles_per_s": round(len(arts) / dt, 1),
        "conflict_articles_per_s": round(conflict / dt, 1),
        "words_per_s": round(words / dt),
        "peak_rss_mb": round(_peak_rss(n_process) / 2**20),
    }


def _truce(ex: Extractor, arts: list[Article], n_process: int) -> Callable[[], int]:
    return lambda: sum(
        len(evs) for _, evs in ex.extract_many(arts, n_process=n_process, batch_size=64)
    )


def _plain(nlp: Any, arts: list[Article], n_process: int) -> Callable[[], int]:
    """spaCy's own ``nlp.pipe`` over every article (no gate, no extraction): the baseline."""
    return lambda: sum(
        0 for _ in nlp.pipe((a.text for a in arts), n_process=n_process, batch_size=64)
    )


def _peak_rss(n_process: int) -> int:
    """Peak resident memory of the run: this process, plus (with worker processes) each
    worker at the largest peak any finished worker reached, an upper bound."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if n_process < 2:
        return own
    return own + n_process * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def run(console: Console) -> list[dict[str, Any]]:
    """Run the bench, print a Rich table, return one row per mode."""
    arts = _stream(5000)
    ex = Extractor()
    ex.extract(arts[0])  # load the model and gazetteer outside the timing
    conflict_only = [a for i, a in enumerate(arts) if i % 10 == 0]
    rows = [
        _measure("baseline: plain nlp.pipe, mixed, 1 process", arts, 1, _plain(ex.nlp, arts, 1)),
        _measure("baseline: plain nlp.pipe, mixed, 2 processes", arts, 2, _plain(ex.nlp, arts, 2)),
        _measure("truce, mixed, 1 process", arts, 1, _truce(ex, arts, 1)),
        _measure("truce, mixed, 2 processes, batch 64", arts, 2, _truce(ex, arts, 2)),
        _measure("truce, conflict only, 1 process", conflict_only, 1, _truce(ex, conflict_only, 1)),
        _measure(
            "truce, conflict only, 2 processes", conflict_only, 2, _truce(ex, conflict_only, 2)
        ),
    ]
    for r in rows[4:]:
        r["conflict_articles_per_s"] = r["articles_per_s"]
    table = Table(*rows[0].keys(), title="extract: throughput")
    for r in rows:
        table.add_row(*(str(v) for v in r.values()))
    console.print(table)
    return rows


if __name__ == "__main__":
    run(Console())
