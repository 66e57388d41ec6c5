"""Scoring event extraction against gold, beside two baselines in the same run.

Gold comes in two shapes:
- annotated articles (``*.gold.json`` beside their text): a gold event is matched
  to a predicted event of the same violent/non-violent kind dated within a day;
  precision/recall of events, then per-field scores on the matched pairs (date
  exact, date_end, type, place within 25 km, admin1, actors, fatalities, claim);
- UCDP GED headlines (``.jsonl``): one gold event per headline. The event we score
  is the first violent event we extract (else the first event). Fields: date exact
  day and within the gold window, place within 25 km, same province (admin1),
  type family, actors (the gold sides), fatalities.

The type family is the honest mapping UCDP allows: its ``type_of_violence`` 1
(state-based) and 2 (non-state) count as correct for any battle/explosion type
(armed_clash, shelling, air_strike, explosive_attack, territory_change); 3
(one-sided violence against civilians) for attack_on_civilians, explosive_attack,
abduction. A headline cannot say more than that, so no finer score is claimed.

``place_25km_ceiling`` is the share of headlines where some place the text names
(any reading of it) lies within 25 km of UCDP's point: no reader of the headline
alone can place more events correctly than that.

Fatalities are scored where the text states a number: "exact" compares our best
count with UCDP's deaths_best; "as stated" only on headlines whose text contains
UCDP's number, which separates reading errors from UCDP's own later counts.

Baselines: DATEPARSER-ONLY (``search_dates`` relative to publication, else the
publication day) and PLAIN-SPACY (NER: GPE/LOC → first gazetteer hit, DATE →
dateparser, CARDINAL near a death word → fatalities).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from truce.errors import Invalid, NotFound
from truce.extract.articles import Article, ReadProblem, article_from_text
from truce.extract.event_type import VIOLENT
from truce.extract.fatalities import word_number

System = Callable[[list[Article]], list[list[dict[str, Any]]]]
FAMILY_STATE = {"armed_clash", "shelling", "air_strike", "explosive_attack", "territory_change"}
FAMILY_ONE_SIDED = {"attack_on_civilians", "explosive_attack", "abduction"}
_DEATH = re.compile(r"\b(?:kill\w*|dead|died|deaths?|martyred|lives|toll|slain)\b", re.IGNORECASE)


def _gold_files(path: Path) -> tuple[list[Path], list[Path]]:
    path = Path(path)
    if not path.exists():
        raise NotFound(f"{path}: gold not found")
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    articles = [f for f in files if f.name.endswith(".gold.json")]
    heads = [f for f in files if f.suffix == ".jsonl"]
    if not articles and not heads:
        raise Invalid(f"{path}: no *.gold.json or .jsonl gold found")
    return articles, heads


def evaluate_extract(
    path: Path, *, limit: int | None = None, baselines: bool = True
) -> dict[str, Any]:
    """Numbers for our pipeline (and baselines) on every gold file under ``path``."""
    from truce.extract.pipeline import Extractor

    ex = Extractor()
    systems: dict[str, System] = {"ours": lambda arts: [evs for _, evs in ex.extract_many(arts)]}
    if baselines:
        systems["dateparser"] = dateparser_baseline
        systems["spacy"] = spacy_baseline
    articles, heads = _gold_files(path)
    result: dict[str, Any] = {}
    if articles:
        result["articles"] = {
            name: _score_articles(articles, sys_) for name, sys_ in systems.items()
        }
    if heads:
        rows: list[dict[str, Any]] = []
        for f in heads:
            with f.open(encoding="utf-8") as fh:
                rows += [json.loads(line) for line in fh if line.strip()]
        rows = rows[:limit] if limit else rows
        arts = [
            Article(
                str(r["id"]),
                r["text"],
                None,
                None,
                date.fromisoformat(r["pub_date"]),
                outlet=r.get("source"),
            )
            for r in rows
        ]
        result["headlines"] = {
            name: _score_headlines(rows, sys_(arts)) for name, sys_ in systems.items()
        }
    return result


# --- annotated articles ----------------------------------------------------


def _score_articles(files: list[Path], system: System) -> dict[str, Any]:
    """Event precision/recall and per-field scores on annotated articles.

    A gold event is matched to a free predicted event of the same violent/non-violent
    kind dated within a day of it (same type and exact date preferred); fields are
    then scored on the matched pairs. Fatalities are scored where the gold gives a
    number (``fatalities_best``) and as the whole best/low/high claim.
    """
    from truce.extract.gazetteer import km

    n_gold = n_pred = matched = with_number = 0
    hits: dict[str, int] = {
        k: 0
        for k in (
            "date_exact",
            "date_end",
            "event_type",
            "place_25km",
            "admin1",
            "actors",
            "fatalities_best",
            "fatalities",
            "claimed_by",
        )
    }
    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        raw = (f.parent / gold["file"]).read_text(encoding="utf-8-sig")
        pub = date.fromisoformat(gold["published"]) if gold.get("published") else None
        art = article_from_text(raw, gold["file"], pub)  # as `truce extract FILE` reads it
        if isinstance(art, ReadProblem):
            raise Invalid(str(art))
        preds = system([art])[0]
        n_gold += len(gold["events"])
        n_pred += len(preds)
        free = list(preds)
        for g in gold["events"]:
            m = _match(g, free)
            if m is None:
                continue
            free.remove(m)
            matched += 1
            hits["date_exact"] += m.get("date") == g["date"]
            hits["date_end"] += m.get("date_end") == g["date_end"]
            hits["event_type"] += m.get("event_type") == g["event_type"]
            gl, pl = g.get("location"), m.get("location")
            hits["place_25km"] += bool(
                gl and pl and km(gl["lat"], gl["lon"], pl["lat"], pl["lon"]) <= 25
            ) or (gl is None and pl is None)
            hits["admin1"] += _norm((gl or {}).get("admin1")) == _norm((pl or {}).get("admin1"))
            gk = {(a["country_code"], a["kind"], a["role"]) for a in g["actors"]}
            pk = {(a["country_code"], a["kind"], a["role"]) for a in m.get("actors", [])}
            hits["actors"] += len(gk & pk) / len(gk) >= 0.5 if gk else not pk
            gf, pf = g.get("fatalities"), m.get("fatalities")
            if gf is not None:
                with_number += 1
                hits["fatalities_best"] += pf is not None and pf["best"] == gf["best"]
            hits["fatalities"] += pf == gf
            hits["claimed_by"] += (m.get("claimed_by") is None) == (g.get("claimed_by") is None)
    out: dict[str, Any] = {
        "articles": len(files),
        "gold_events": n_gold,
        "predicted": n_pred,
        "matched": matched,
        "precision": _ratio(matched, n_pred),
        "recall": _ratio(matched, n_gold),
    }
    for k, v in hits.items():
        out[k] = _ratio(v, with_number if k == "fatalities_best" else matched)
    return out


def _match(g: dict[str, Any], free: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The free prediction that tells this gold event, if any (see :func:`_score_articles`)."""
    if not g.get("date"):
        return None
    gd = date.fromisoformat(g["date"])
    best: tuple[int, dict[str, Any]] | None = None
    for p in free:
        if not p.get("date") or not p.get("event_type"):
            continue  # an untyped event (the baselines') tells no particular happening
        if (p["event_type"] in VIOLENT) != (g["event_type"] in VIOLENT):
            continue
        gap = abs((date.fromisoformat(p["date"]) - gd).days)
        if gap > 1:
            continue
        rank = gap * 2 + (p["event_type"] != g["event_type"])
        if best is None or rank < best[0]:
            best = (rank, p)
    return best[1] if best else None


# --- UCDP headlines -----------------------------------------------------------


def _norm(name: str | None) -> str:
    s = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(province|division|territory|state)\b", "", s)
    s = re.sub(r"[^a-z]", "", s)
    aliases = {
        "federallyadministeredtribalareas": "fata",
        "nwfp": "khyberpakhtunkhwa",
        "northwestfrontier": "khyberpakhtunkhwa",
    }
    s = aliases.get(s, s)
    return (
        s.replace("khyberpakhtunkwa", "khyberpakhtunkhwa")
        .replace("azadjammuandkashmir", "azadkashmir")
        .replace("azadjammukashmir", "azadkashmir")
    )


def _side_ok(side: str, actors: list[dict[str, Any]]) -> bool:
    if side.startswith("Government of "):
        country = {"Pakistan": "PK", "India": "IN", "Afghanistan": "AF", "Iran": "IR"}.get(
            side[len("Government of ") :]
        )
        return any(
            a["kind"] in ("state_forces", "government") and a["country_code"] == country
            for a in actors
        )
    if side == "Civilians":
        return any(a["kind"] == "civilians" for a in actors)
    return any(a["kind"] in ("armed_group", "militia") for a in actors)


def _primary(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    for ev in events:
        if ev["event_type"] in VIOLENT:
            return ev
    return events[0] if events else None


def _numbers_in(text: str) -> set[int]:
    out = {int(n) for n in re.findall(r"\b\d{1,5}\b", text)}
    for w in re.findall(r"[A-Za-z]+", text):
        v = word_number(w)
        if v is not None and w.lower() not in ("a", "an"):
            out.add(v)
    return out


def _score_headlines(
    rows: list[dict[str, Any]], preds: list[list[dict[str, Any]]]
) -> dict[str, Any]:
    from truce.extract.gazetteer import km

    c: dict[str, int] = {
        k: 0
        for k in (
            "with_event",
            "day_n",
            "day",
            "window",
            "place_n",
            "place",
            "admin1_n",
            "admin1",
            "type",
            "actors_n",
            "actors",
            "fat_n",
            "fat",
            "fat_stated_n",
            "fat_stated",
            "named_n",
            "named",
            "place_ceiling",
        )
    }
    type_seen = 0
    from truce.extract.gazetteer import Gazetteer

    named = Gazetteer.default()
    for row, events in zip(rows, preds, strict=True):
        g = row["gold"]
        ev = _primary(events)
        c["with_event"] += ev is not None
        d = date.fromisoformat(ev["date"]) if ev and ev.get("date") else None
        gs, ge = date.fromisoformat(g["date_start"]), date.fromisoformat(g["date_end"])
        if gs == ge:
            c["day_n"] += 1
            c["day"] += d == gs
        c["window"] += d is not None and gs <= d <= ge
        loc = ev.get("location") if ev else None
        c["place_n"] += 1
        near = bool(loc and km(loc["lat"], loc["lon"], g["latitude"], g["longitude"]) <= 25)
        c["place"] += near
        mentioned = named.mentions(row["text"])
        if any(p.kind != "country" for m in mentioned for p in m.candidates[:1]):
            c["named_n"] += 1
            c["named"] += near
        # The best any reader could do: some place the text names lies within 25 km.
        c["place_ceiling"] += any(
            km(p.lat, p.lon, g["latitude"], g["longitude"]) <= 25
            for m in mentioned
            for p in m.candidates
        )
        if g.get("adm_1"):
            c["admin1_n"] += 1
            c["admin1"] += bool(loc and _norm(loc.get("admin1")) == _norm(g["adm_1"]))
        if ev and ev.get("event_type") not in (None, "?"):
            type_seen += 1
            fam = FAMILY_ONE_SIDED if g["type_of_violence"] == "3" else FAMILY_STATE
            c["type"] += ev["event_type"] in fam
        c["actors_n"] += 2
        acts = ev.get("actors", []) if ev else []
        c["actors"] += _side_ok(g["side_a"], acts) + _side_ok(g["side_b"], acts)
        if _DEATH.search(row["text"]) and _numbers_in(row["text"]):
            best = ev["fatalities"]["best"] if ev and ev.get("fatalities") else None
            c["fat_n"] += 1
            c["fat"] += best == g["deaths_best"]
            if g["deaths_best"] in _numbers_in(row["text"]):
                c["fat_stated_n"] += 1
                c["fat_stated"] += best == g["deaths_best"]
    n = len(rows)
    return {
        "headlines": n,
        "with_event": _ratio(c["with_event"], n),
        "date_exact_day": _ratio(c["day"], c["day_n"]),
        "date_in_window": _ratio(c["window"], n),
        "place_25km": _ratio(c["place"], c["place_n"]),
        "place_25km_named": _ratio(c["named"], c["named_n"]),
        "place_25km_ceiling": _ratio(c["place_ceiling"], c["place_n"]),
        "admin1": _ratio(c["admin1"], c["admin1_n"]),
        "event_type": _ratio(c["type"], n) if type_seen else None,
        "actors": _ratio(c["actors"], c["actors_n"])
        if any(ev and ev.get("actors") for ev in (_primary(p) for p in preds))
        else None,
        "fatalities_exact": _ratio(c["fat"], c["fat_n"]),
        "fatalities_as_stated": _ratio(c["fat_stated"], c["fat_stated_n"]),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


# --- baselines ------------------------------------------------------------------


def _dp_date(text: str, pub: date | None) -> date | None:
    from datetime import datetime

    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    try:
        found = search_dates(text, languages=["en"], settings=settings)
    except Exception:  # dateparser fails on odd strings; the baseline then has no date
        found = None
    if found:
        first: datetime = found[0][1]
        return first.date()
    return pub


def _baseline_event(source: str, d: date | None) -> dict[str, Any]:
    return {
        "source": source, "event_type": None, "date": d.isoformat() if d else None,
        "date_end": d.isoformat() if d else None, "date_precision": "day" if d else None,
        "location": None, "actors": [], "fatalities": None, "claimed_by": None, "text": "", "confidence": 0.0,
    }  # fmt: skip


def dateparser_baseline(articles: list[Article]) -> list[list[dict[str, Any]]]:
    """One event per article dated by dateparser's first hit (else the publication day)."""
    return [[_baseline_event(a.source, _dp_date(a.text, a.published))] for a in articles]


def spacy_baseline(articles: list[Article]) -> list[list[dict[str, Any]]]:
    """One event per article from plain spaCy NER, the gazetteer and dateparser."""
    from truce.extract.gazetteer import Gazetteer
    from truce.extract.nlp import load_nlp

    nlp = load_nlp(with_ner=True)
    gaz = Gazetteer.default()
    out: list[list[dict[str, Any]]] = []
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        ev = _baseline_event(
            art.source, art.published - timedelta(days=0) if art.published else None
        )
        for ent in doc.ents:
            if ent.label_ == "DATE" and ev["date"] == (
                art.published.isoformat() if art.published else None
            ):
                d = _dp_date(ent.text, art.published)
                if d:
                    ev["date"] = ev["date_end"] = d.isoformat()
            elif ent.label_ in ("GPE", "LOC") and ev["location"] is None:
                hits = gaz.lookup(ent.text)
                if hits:
                    p = hits[0]
                    ev["location"] = {
                        "name": p.name,
                        "lat": p.lat,
                        "lon": p.lon,
                        "country_code": p.country_code,
                        "admin1": p.admin1,
                        "precision": p.precision,
                    }
            elif (
                ent.label_ == "CARDINAL"
                and ev["fatalities"] is None
                and _DEATH.search(doc[max(0, ent.start - 4) : ent.end + 4].text)
            ):
                n = word_number(ent.text)
                if n is not None:
                    ev["fatalities"] = {"best": n, "low": n, "high": n}
        out.append([ev])
    return out


# --- output ---------------------------------------------------------------------


def render(result: dict[str, Any], console: Console) -> None:
    """Rich tables: one row per metric, one column per system."""
    for section, systems in result.items():
        metrics = list(next(iter(systems.values())).keys())
        table = Table("metric", *systems, title=f"extract: {section}")
        for m in metrics:
            table.add_row(m, *(_fmt(systems[s].get(m)) for s in systems))
        console.print(table)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if isinstance(v, float) else str(v)
