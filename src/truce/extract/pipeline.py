"""Articles → events: the extraction pipeline (a pure function of the text).

Stages, in order (each a named callable, see :mod:`truce.extract.nlp`):
``gate`` (cheap relevance regex, before any model) → ``segment`` (spaCy sentences,
split again at ";" because headline digests join several headlines) → ``dates``
(timex) → ``places`` (gazetteer) → ``candidates`` (triggers, type, actors,
fatalities, claims per sentence) → ``merge`` (one event per real happening, :mod:`truce.extract.event_merge`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from truce.extract.actors import (
    FORCE_NOUNS,
    actor_dict,
    find_actors,
    is_trigger_argument,
    mention_role,
    one_role_each,
)
from truce.extract.articles import Article
from truce.extract.event_merge import Candidate, merge_stage
from truce.extract.event_type import VIOLENT, Trigger, find_triggers, rank, refine_type
from truce.extract.fatalities import DeathCount, claimed_by, death_counts
from truce.extract.nlp import Stage, check_order, load_nlp, stage
from truce.extract.relevance import is_relevant

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from truce.extract.gazetteer import Gazetteer, Place, PlaceMention
    from truce.extract.timex import Timex

__all__ = ["Article", "Extractor", "extract"]

# A report with no date of its own is about the day it was filed: on the UCDP dev
# headlines 69 % of day-precise events fall on the publication day, 26 % on the day
# before, past tense ("killed") or present ("kills") alike.
_FUTURE_WORDS = {
    "will",
    "shall",
    "next",
    "upcoming",
    "coming",
    "further",
    "planned",
    "scheduled",
    "would",
}
_BACKGROUND_PREPS = {"after", "following", "amid", "amidst", "since", "despite", "about", "over"}
_FOUGHT = re.compile(
    r"clash|fight|battle|skirmish|exchange|firefight|shoot-?out|encounter", re.IGNORECASE
)
_RESPONSE_NOUNS = frozenset({"response", "retaliation", "reprisal", "revenge", "reaction"})
_TOPIC_VERBS = frozenset(
    {"discuss", "discussed", "discussing", "negotiate", "negotiated", "negotiating", "draft"}
)
_LOC_BEFORE = re.compile(
    r"\b(?:in|into|inside|across|to|at|near|from|of)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)
_NEAR_CUE = re.compile(
    r"\b(?:(?:near|outskirts of|close to|vicinity of)(?:\s+the)?(?:\s+[\w-]+)?\s+(?:town|city|village|district|area)\s+of"
    r"|near|outskirts of|close to|vicinity of|area of|areas of)\s+$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"\((?=[^()]{0,120}\b(?:website|TV|[Rr]adio|news agency|newspaper|in English|in Urdu"
    r"|in Pashto|in Dari|in Hindi|in Persian)\b)[^()]{0,160}\d{1,2}\s+[A-Z][a-z]{2}\w*\s+\d{2,4}\)"
)
# "at around 10 p.m.": a time of day with no day of its own says when in the day, not
# which day (its day would only be the report's)
_CLOCK_ONLY = re.compile(
    r"\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?|hrs|hours|gmt|utc|pkt|pst|local\s+time)?\s*"
    r"|\s*(?:noon|midnight|midday)\s*",
    re.IGNORECASE,
)
_EARLIER = re.compile(r"\b(?:earlier|early)\s+(?:this|last)\s+(?:month|year)\b", re.IGNORECASE)
# "AVT Khyber News", "Pakistan Today", "Radio Kabul": an outlet's name, not a place.
_OUTLET_WORDS = r"News|TV|Television|Times|Post|Tribune|Radio|Herald|Observer|Today|Chronicle"
_OUTLET_AFTER = re.compile(rf"^\s+(?:{_OUTLET_WORDS}|{_OUTLET_WORDS.upper()})\b")
_OUTLET_BEFORE = re.compile(r"\b(?:Radio|RADIO|Voice of|VOICE OF)\s+$")
# Ranks that are also place names somewhere ("Naik" is a village in Bamyan).
_RANKS = frozenset(
    {"naik", "lance naik", "havildar", "sepoy", "subedar", "sipahi", "major", "captain", "general"}
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")
# "... kills Pakistani soldier: Islamabad": a capital speaking, at the end of a headline.
_SPEAKER_BEFORE = re.compile(r"(?::|\s[-–—])\s*$")
_SPEAKER_AFTER = re.compile(r"^\s*(?:says?\s*)?(?:$|[;\n])")
# "in U.S. drone strike", "in Indian shelling": a country named as the one acting.
_ACTOR_AFTER = re.compile(
    r"^\.?\s+(?:(?:drone|air|missile|artillery|mortar|rocket|cross-border|border)\s+)?"
    r"(?:strikes?|attacks?|shelling|firing|fire|forces|troops|army|soldiers|military|jets"
    r"|aircraft|planes|raids?|bombing|helicopters?|gunships?|officials?|government|police"
    r"|guards?|rangers)\b",
    re.IGNORECASE,
)
_AREA_AFTER = re.compile(r"^\s+(?:area|areas|region|outskirts|valley|belt)\b", re.IGNORECASE)
# "ISLAMABAD (Kashmir English):", "PESHAWAR, Oct 12 (Reuters) -", "Karachi, Jul 13 (PTI)":
# where the reporter files from, a place of last resort for the events.
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'’-]{2,40}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,\s*[A-Z][a-z]{2,8}\.?\s+\d))"
    # ", Pakistan" / ", Afghanistan" after the city, as AP and AFP write it
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*[,(—–-]))?"
    r"(?:,\s*(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,\s*\d{4})?"
    r"|,\s*(?P<day2>\d{1,2})\s+(?P<mon2>[A-Z][a-z]{2,8})\.?(?:,?\s*\d{4})?)?"
    r"(?:\s*\([^)]{0,60}\))?\s*(?:[:—–-]|(?<=\))\s)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def find_dateline(text: str, title: str | None) -> tuple[int, re.Match[str]] | None:
    """The dateline at the start of the body (after the title when the text has one),
    as its offset in ``text`` and its match on the text from there."""
    m = _DATELINE.match(text)
    if m is not None:
        return 0, m
    head = (title or "").strip()
    if head and text.startswith(head):
        rest = len(head) + len(text[len(head) :]) - len(text[len(head) :].lstrip())
        m = _DATELINE.match(text[rest:])
        if m is not None:
            return rest, m
    return None


def dateline_day(m: re.Match[str], published: date | None) -> date | None:
    """The filing day a dateline gives ("Peshawar, Mar 16 (PTI)"), in the year of
    publication, when it lies within three days before publication (or the day after)."""
    mon, day_text = m.group("mon") or m.group("mon2"), m.group("day") or m.group("day2")
    if published is None or not mon:
        return None
    month = _MONTHS.get(mon[:3].lower())
    if month is None:
        return None
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            continue
        if -1 <= (published - day).days <= 3:
            return day
    return None


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


_JOINED = re.compile(r";(?=\S)")


def parse_text(text: str) -> str:
    """Text as the parser should see it, with the same character offsets.

    ALL-CAPS headlines are lower-cased (the tagger reads them as proper nouns), and
    reports joined by a bare ";" ("...tribal area;Incidents and ...") get a line
    break there: spaCy keeps "area;Incidents" as one token, so the reports would
    not be split into segments.
    """
    if _all_caps(text):
        low = text.lower()
        if len(low) == len(text):
            text = low
    return _JOINED.sub("\n", text)


def _segments(doc: Doc) -> Iterator[Span]:
    """Sentences, split again at ";" and at line breaks (joined headlines)."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.text == ";" or ("\n" in tok.text and tok.i > start):
                if tok.i > start:
                    yield doc[start : tok.i]
                start = tok.i + 1
        if start < sent.end:
            seg = doc[start : sent.end]
            if seg.text.strip():
                yield seg


def _path_len(a: Token, b: Token) -> int:
    """Tokens between a and b in the dependency tree (via their lowest common ancestor)."""
    up_a = [a, *a.ancestors]
    idx = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in idx:
            return n + idx[t.i]
    return 99


_PASSIVE_DEATH = re.compile(r"\b(?:was|were|been)\s+(?:\w+\s+)?(?:killed|martyred|slain)\s*$")


def _party_of(claimant: str | None, caps: bool) -> str | None:
    """The country of whoever a report quotes ("Afghan officials", "the ISPR")."""
    if not claimant:
        return None
    codes = {m.country_code for m in find_actors(claimant, all_caps=caps) if m.country_code}
    return codes.pop() if len(codes) == 1 else None


def _count_owner(d: DeathCount, told: list[Trigger], seg_text: str) -> Trigger | None:
    """The happening a death count belongs to: the one told just before it, or, for
    "a member ... was killed in a roadside bomb blast", the one its clause goes on to."""
    if _PASSIVE_DEATH.search(seg_text[d.start : d.end]):
        after = [
            t
            for t in told
            if t.start >= d.end
            and t.start - d.end <= 60
            and not re.search(r"[,;]", seg_text[d.end : t.start])
        ]
        if after:
            return min(after, key=lambda t: t.start)
    before = [t for t in told if t.start <= d.start]
    if before:
        return max(before, key=lambda t: t.start)
    return told[0] if told else None


def _no_happening(tok: Token, deaths: bool) -> bool:
    """A trigger that tells no particular happening.

    A modifier of someone already told of ("the martyred soldier was identified as"),
    and a summary in the active present perfect with no dead counted ("the rivals
    have fought two wars", "militants have used drones to drop explosives", "IS-K has
    carried out attacks since 2021"). A perfect with its dead ("five people have
    been killed", "militants have killed three soldiers") is a report of one.
    """
    if tok.dep_ == "amod" and (tok.tag_ == "VBN" or tok.lower_ in ("martyred", "slain")):
        return True
    if deaths:
        return False
    verb = _predicate(tok)
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    kids = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(kids & {"has", "have"}) and "been" not in kids


def _habitual(tok: Token, in_body: bool, deaths: bool) -> bool:
    """A present-simple statement of what someone does, not what happened: "Islamabad
    accuses the Taliban government of ...", "militants who it says attack Pakistan".

    Headlines tell past events in the present ("Militants attack checkpost"), so only
    body sentences count, and never one with its dead counted.
    """
    if not in_body or deaths:
        return False
    verb = _predicate(tok)
    if verb.tag_ not in ("VBZ", "VBP", "VB") or any(c.dep_ == "aux" for c in verb.children):
        return False
    t = verb
    for _ in range(3):  # a relative clause, or a clause that one reports
        if t.dep_ == "relcl" and t.tag_ in ("VBZ", "VBP"):
            return True
        if t.dep_ not in ("ccomp", "xcomp") or t.head.i == t.i:
            break
        t = t.head
    return tok.i == verb.i and verb.lower_.startswith(("accus", "blam"))


def _toll_of(tok: Token) -> bool:
    """Is the trigger the happening a toll is of ("the death toll from an attack ..."),
    or the wounded of one dying later ("five more of the wounded died in hospital",
    "he succumbed to his injuries")?"""
    if tok.lower_ in ("died", "dies", "die", "succumbed", "succumbs"):
        for child in tok.children:
            words = {t.lower_ for t in child.subtree}
            if child.dep_ in ("nsubj", "nsubjpass") and words & {"wounded", "injured"}:
                return True
            if child.dep_ == "prep" and words & {"injuries", "wounds"}:
                return True
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ in ("from", "in", "of")
        and tok.head.head.lower_ in ("toll", "tolls")
    )


def _future_marked(tok: Token) -> bool:
    """Is the trigger told as something still to come ("will resume", "next round")?"""
    chain = [tok]
    t = tok
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
        chain.append(t)
    for c in chain:
        for child in c.children:
            if child.lower_ in _FUTURE_WORDS:
                return True
    return False


class Extractor:
    """Holds the spaCy pipeline and the gazetteer (both loaded lazily, once)."""

    def __init__(self, nlp: Language | None = None, gazetteer: Gazetteer | None = None) -> None:
        self._nlp = nlp
        self._gaz = gazetteer
        # The relevance gate runs in extract_many, before spaCy, so it costs nothing here.
        self.stages: list[Stage] = [_dates, _places, _candidates, merge_stage]
        check_order(self.stages, {"article", "text", "doc"})

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            from truce.extract.gazetteer import Gazetteer

            self._gaz = Gazetteer.default()
        return self._gaz

    def extract(self, article: Article) -> list[dict[str, Any]]:
        """Events in one article, as spec/event.md objects."""
        for _, events in self.extract_many([article]):
            return events
        return []

    def extract_many(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        """Events per article, parsing relevant articles with ``nlp.pipe`` in batches."""
        pending: list[tuple[Article, str]] = []
        for art in articles:
            text = full_text(art)
            if not is_relevant(text, None):
                pending.append((art, ""))
            else:
                pending.append((art, text))
            if len(pending) >= batch_size * max(1, n_process) * 4:
                yield from self._run(pending, n_process, batch_size)
                pending = []
        if pending:
            yield from self._run(pending, n_process, batch_size)

    def _run(
        self, items: list[tuple[Article, str]], n_process: int, batch_size: int
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        texts = [parse_text(t) for _, t in items if t]
        docs = (
            iter(self.nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
            if texts
            else iter(())
        )
        for art, text in items:
            if not text:
                yield art, []
                continue
            state: dict[str, Any] = {
                "article": art,
                "text": text,
                "doc": next(docs),
                "gazetteer": self.gazetteer,
            }
            for st in self.stages:
                st(state)
            yield art, state["events"]


def full_text(article: Article) -> str:
    """The title (when the body does not start with it) and the body, as one text."""
    body = article.text or ""
    title = (article.title or "").strip()
    if title and not body.lstrip().startswith(title):
        return f"{title}\n\n{body}"
    return body


@stage(
    "dates",
    needs={"text", "article"},
    gives={"timexes", "unresolved", "dct", "dateline", "title_end"},
)
def _dates(state: dict[str, Any]) -> None:
    from truce.extract.timex import tag

    art: Article = state["article"]
    title = (art.title or "").strip()
    state["title_end"] = len(title) if title and state["text"].startswith(title) else 0
    found = find_dateline(state["text"], art.title)
    dct: date | None = art.published
    state["dateline"] = (0, 0)
    if found is not None:
        offset, m = found
        state["dateline"] = (offset, offset + m.end())
        # "Peshawar, Mar 16 (PTI) ... today": the dateline's day anchors "today" and
        # "yesterday" when the report is published the next morning
        dct = dateline_day(m, art.published) or dct
    state["dct"] = dct
    tags = tag(state["text"], dct)
    # A digest's source lines "(Dawn website, Islamabad, in English 3 Feb 25)" and a
    # dated title ("Pakistan security brief 3 Feb 25") give publication days, not events'
    quiet = [m.span() for m in _SOURCE_LINE.finditer(state["text"])]
    if any(c.isdigit() for c in state["text"][: state["title_end"]]):
        quiet.append((0, state["title_end"]))
    state["timexes"] = [
        t
        for t in tags
        if t.date_start is not None
        and t.type in ("DATE", "TIME", "DURATION")
        and not _CLOCK_ONLY.fullmatch(t.text)
        and not any(a <= t.start < b for a, b in quiet)
    ]
    # "on Sunday" with no publication date: a date the text gives but nobody can resolve
    state["unresolved"] = [
        t.start
        for t in tags
        if t.date_start is None and t.type in ("DATE", "TIME") and "X" in t.value
    ]


@stage("places", needs={"text", "dateline"}, gives={"places", "main_place", "context_countries"})
def _places(state: dict[str, Any]) -> None:
    text: str = state["text"]
    gaz: Gazetteer = state["gazetteer"]
    countries: set[str] = set()
    for m in find_actors(text, all_caps=_all_caps(text)):
        if m.country_code:  # "Pakistan", and "Pakistani police" too
            countries.add(m.country_code)
    mentions = [m for m in gaz.mentions(text) if _names_a_place(text, m)]
    resolved = gaz.resolve(mentions, countries)
    places = [(m.start, m.end, p) for m, p in resolved]
    state["places"] = places
    # A name two countries' places share ("Kashmir") is settled later by the event's
    # actors; one unambiguous mention of the same place settles it for all.
    alts: dict[Place, tuple[Place, ...]] = {}
    plain: set[Place] = set()
    for pm, p in resolved:
        sides = {c.country_code for c in pm.candidates if c.kind != "country"}
        if len(sides) > 1:
            alts[p] = pm.candidates
        else:
            plain.add(p)
    state["place_alts"] = {p: c for p, c in alts.items() if p not in plain}
    dl_start, dl_end = state["dateline"]
    body = [(s, p) for s, _, p in places if not dl_start <= s < dl_end]
    local = [p for _, p in body if p.kind != "country"]
    main = (
        min(local[:3], key=lambda p: p.precision)
        if local
        else _main_country(text, [t for t in places if not dl_start <= t[0] < dl_end])
    )
    if main is None:
        main = next(
            (p for s, _, p in places if dl_start <= s < dl_end and p.kind != "country"), None
        )
    state["main_place"] = main
    for _, p in body:
        countries.add(p.country_code)
    state["context_countries"] = countries
    counts: dict[str, int] = {}
    for _, p in body:
        counts[p.country_code] = counts.get(p.country_code, 0) + 1
    state["main_country"] = max(counts, key=lambda c: counts[c]) if counts else None


def _names_a_place(text: str, m: PlaceMention) -> bool:
    """False for a town named as an outlet ("AVT Khyber News", "Radio Kabul") or as a
    speaker at the end of a headline ("... kills soldier: Islamabad").

    Countries always pass: whether one is a place is decided per event.
    """
    if any(c.kind == "country" for c in m.candidates):
        return True
    if m.text.lower() in _RANKS and _NAME_AFTER.match(text[m.end : m.end + 20]):
        return False  # "Naik Zafar Iqbal": a rank before a name
    if _OUTLET_AFTER.match(text[m.end : m.end + 15]):
        return False
    if _OUTLET_BEFORE.search(text[max(0, m.start - 12) : m.start]):
        return False
    return not (
        _SPEAKER_BEFORE.search(text[max(0, m.start - 3) : m.start])
        and _SPEAKER_AFTER.match(text[m.end : m.end + 8])
    )


def _main_country(text: str, places: list[tuple[int, int, Place]]) -> Place | None:
    """The country an article with no finer place is about.

    The first country named as a location ("in Pakistan"), not as the one acting
    ("U.S. strike", "Indian shelling"); else the first country named.
    """
    as_place = [
        p
        for s, e, p in places
        if _LOC_BEFORE.search(text[max(0, s - 30) : s]) and not _ACTOR_AFTER.match(text[e : e + 30])
    ]
    return as_place[0] if as_place else (places[0][2] if places else None)


def _place_in(state: dict[str, Any], start: int, end: int) -> tuple[Place | None, int | None]:
    """The most specific place named in [start, end), with cue-adjusted precision."""
    text: str = state["text"]
    best: tuple[int, int, Place] | None = None
    for s, e, p in state["places"]:
        if s < start or e > end or state["dateline"][0] <= s < state["dateline"][1]:
            continue
        if p.kind == "country" and (
            not _LOC_BEFORE.search(text[max(0, s - 30) : s]) or _ACTOR_AFTER.match(text[e : e + 30])
        ):
            continue  # "Pakistan announced", "in U.S. drone strike": an actor
        prec = p.precision
        if prec == 1 and (
            _NEAR_CUE.search(text[max(0, s - 30) : s]) or _AREA_AFTER.match(text[e : e + 20])
        ):
            prec = 2
        if best is None or prec < best[0]:
            best = (prec, s, p)
    if best is None:
        return None, None
    return best[2], best[0]


def _predicate(tok: Token) -> Token:
    """The verb a token belongs to (itself when it is one)."""
    t = tok
    while (t.pos_ not in ("VERB", "AUX") or t.dep_ == "prep") and t.head.i != t.i:
        t = t.head
    return t


def _dates_trigger(timex_tok: Token, trig_tok: Token) -> bool:
    """Does a date attached to ``timex_tok`` date the event told by ``trig_tok``?

    Yes when both hang on the same verb, or the date's verb frames the trigger's
    clause ("On Monday officials said militants attacked ..."), not across "and/but".
    """
    p_x = _predicate(timex_tok)
    t = _predicate(trig_tok)
    # "... were killed when rockets landed in a village on Monday": a date in a
    # clause that says when the trigger's clause happened
    up = p_x
    for _ in range(2):
        if up.dep_ not in ("advcl", "relcl") or up.head.i == up.i:
            break
        marks = {c.lower_ for c in up.children if c.dep_ == "mark"}
        if marks - {"when", "as", "while"}:
            break  # "came after forces attacked on October 11": another time
        up = _predicate(up.head)
        if up.i == t.i:
            return True
    for _ in range(6):
        if t.i == p_x.i:
            return True
        if (
            t.dep_ not in ("ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "pobj", "prep")
            or t.head.i == t.i
        ):
            return False
        t = t.head
    return False


def _choose_window(
    trig_tok: Token,
    timexes: list[Timex],
    seg: Span,
    future: bool,
    dct: date | None,
    *,
    background: bool,
) -> tuple[date, date, str] | None:
    """The window of the date that dates this trigger, if the sentence has one.

    A background mention ("after days of clashes") takes only a date inside its own
    phrase; a future one ("will resume") only a date after the report.
    """
    doc = seg.doc
    best: tuple[int, int, int, tuple[date, date, str]] | None = None
    untold: list[tuple[int, tuple[date, date, str]]] = []  # dates not on a say-verb
    for t in timexes:
        if t.start < seg.start_char or t.end > seg.end_char or t.date_start is None:
            continue
        assert t.date_end is not None
        if future and dct is not None and t.date_start <= dct:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        window = (t.date_start, t.date_end, t.precision or "day")
        # "..., police said Monday": the day of the telling dates the event only when
        # the sentence has no other date for it
        told = _predicate(span.root).lower_ in _SAY_WORDS and trig_tok.lower_ not in _SAY_WORDS
        if not told:
            untold.append((abs(span.root.i - trig_tok.i), window))
        inside = any(x.i == span.root.i for x in trig_tok.subtree) and trig_tok.pos_ not in (
            "VERB",
            "AUX",
        )
        if background and not inside:
            continue
        # the telling's date may date the event however the parser hung "said" on it
        if not (inside or told or _dates_trigger(span.root, trig_tok)):
            continue
        key = (int(told), _path_len(trig_tok, span.root), abs(span.root.i - trig_tok.i))
        if best is None or key < best[:3]:
            best = (*key, window)
    if (
        best is None
        and untold
        and not background
        and trig_tok.pos_ == "VERB"
        and len({w for _, w in untold}) == 1
    ):
        # one date in the sentence, hung by the parser on a modifier ("... gathered in
        # a marquee on Sunday afternoon"): it is the sentence's, so the verb's
        return untold[0][1]
    if best is not None and best[0] and untold and not background:
        # only the telling's date reached the trigger through the parse, yet the
        # sentence has a date of its own ("... landed in a village on Monday, an
        # official said Tuesday", the parser having lost the "when" clause)
        return min(untold)[1]
    return best[3] if best else None


def _background(tok: Token) -> bool:
    """A nominal trigger that recalls other events ("after days of clashes", "amid accusations")."""
    if tok.pos_ in ("VERB", "AUX"):
        return False
    if tok.dep_ == "dobj" and tok.head.lower_ in _TOPIC_VERBS:
        return True  # "to discuss a permanent peace agreement": what talks are about
    t = tok
    for _ in range(3):
        if t.dep_ == "pobj" and t.head.lower_ in _BACKGROUND_PREPS:
            return True
        if (
            t.dep_ == "pobj"
            and t.head.lower_ in ("to", "for")
            and t.head.head.lower_ in _RESPONSE_NOUNS
        ):
            return True  # "in response to recent air strikes", "retaliation for the raids"
        if t.head.i == t.i:
            break
        t = t.head
    return False


@stage("candidates", needs={"doc", "timexes", "places"}, gives={"candidates"})
def _candidates(state: dict[str, Any]) -> None:
    doc: Doc = state["doc"]
    text: str = state["text"]
    caps = _all_caps(text)
    dct: date | None = state["dct"]
    # A dateline's date ("PESHAWAR, Oct 12 (Reuters) -") is the filing day, not an event's.
    dl_start, dl_end = state["dateline"]
    timexes = [t for t in state["timexes"] if not dl_start <= t.start < dl_end]
    out: list[Candidate] = []
    for seg in _segments(doc):
        seg_text = text[seg.start_char : seg.end_char]
        triggers = find_triggers(seg_text)
        if not triggers:
            continue
        mentions = find_actors(seg_text, all_caps=caps)
        place, prec = _place_in(state, seg.start_char, seg.end_char)
        by_date: dict[Any, tuple[Trigger, Token, tuple[date, date, str] | None, bool]] = {}
        backgrounds: set[int] = set()
        seg_has_deaths = bool(death_counts(seg_text))
        for trig in triggers:
            span = doc.char_span(
                seg.start_char + trig.start, seg.start_char + trig.end, alignment_mode="expand"
            )
            if span is None:
                continue
            tok = span.root
            if trig.event_type in VIOLENT and _no_happening(tok, seg_has_deaths):
                continue  # ("have agreed to a ceasefire" is news, "have fought wars" is not)
            if _habitual(tok, seg.start_char > state["title_end"], seg_has_deaths):
                continue
            if trig.text == "Operations" and seg_text[: trig.start].endswith("Military "):
                continue  # "Directors General of Military Operations": a title
            future = _future_marked(tok)
            window = _choose_window(tok, timexes, seg, future, dct, background=_background(tok))
            if _toll_of(tok):
                window = None  # the toll's day is not the happening's
            if window and dct and not future and window[0] <= dct < window[1]:
                window = (window[0], dct, window[2])  # "earlier this month": up to the report
            if _background(tok):
                # "talks started in Istanbul after days of border clashes": the
                # sentence's place is the main event's, not the recalled one's
                backgrounds.add(tok.i)
            if (
                window
                and dct
                and window[2] in ("month", "year")
                and window[0] <= dct <= window[1]
                and not _EARLIER.search(seg_text)
            ):
                # "violence in 2014" in a 2014 report: a summary, not a happening;
                # "earlier this month, a suicide bomber killed 54" is one
                continue
            key = (window[:2] if window else ("none", future), trig.event_type in VIOLENT)
            have = by_date.get(key)
            if have is None or rank(trig.event_type) < rank(have[0].event_type):
                by_date[key] = (trig, tok, window, future)
        # "concerns about terrorist attacks from Kabul": what a violent noun's phrase
        # names is the topic of talks, not a party to them
        topic = {
            t.i
            for trig in triggers
            if trig.event_type in VIOLENT
            for span in [
                doc.char_span(
                    seg.start_char + trig.start,
                    seg.start_char + trig.end,
                    alignment_mode="expand",
                )
            ]
            if span is not None and span.root.pos_ not in ("VERB", "AUX")
            for t in span.root.subtree
        }
        # Each death count belongs to the nearest violent happening told before it
        # ("stormed the station on Saturday night, killing three policemen, before
        # troops retook it the next day in an operation that killed five")
        seg_counts = death_counts(seg_text)
        violent_told = [v for v in by_date.values() if v[0].event_type in VIOLENT]
        # an undated trigger beside a dated one tells the same happening: counts go to
        # the dated ones
        told = sorted(
            (v[0] for v in violent_told if v[2] is not None or not any(w[2] for w in violent_told)),
            key=lambda t: t.start,
        )
        owner = {d: _count_owner(d, told, seg_text) for d in seg_counts}
        seg_party = _party_of(claimed_by(seg_text), caps)
        for trig, tok, window, future in by_date.values():
            violent = trig.event_type in VIOLENT
            actors = _actors_for(
                mentions,
                doc,
                seg,
                tok,
                violent,
                state.get("main_country"),
                set() if violent else topic,
            )
            if trig.event_type in _TWO_PARTY and sum(a["kind"] == "government" for a in actors) < 2:
                named = {a["country_code"] for a in actors if a["kind"] == "government"}
                actors += [
                    a
                    for a in _pair_named_before(state, seg, caps)
                    if a["country_code"] not in named
                ]
            targets = {a["kind"] for a in actors if a["role"] == "target"}
            initiators = {a["kind"] for a in actors if a["role"] == "initiator"}
            # "clashes between members of two communities killed 130": still clashes
            fought = _FOUGHT.search(trig.text) is not None
            etype = trig.event_type if fought else refine_type(trig.event_type, targets, initiators)
            counts = (
                [
                    replace(d, report=seg.start_char, party=seg_party)
                    for d in seg_counts
                    if owner[d] is trig
                ]
                if violent
                else []
            )
            out.append(
                Candidate(
                    event_type=etype,
                    trigger=trig,
                    seg_start=seg.start_char,
                    text=seg_text.strip(),
                    window=window,
                    dated_by_text=window is not None,
                    verbal=tok.pos_ in ("VERB", "AUX") and not future,
                    actors=actors,
                    counts=counts,
                    # a plan ("will meet on Nov 6") is announced, not claimed
                    claimed_by=None if future else claimed_by(seg_text),
                    place=None if tok.i in backgrounds else place,
                    place_precision=None if tok.i in backgrounds else prec,
                    toll=_toll_of(tok),
                )
            )
    state["candidates"] = out


# Talks and agreements have two parties; a sentence that names one or none ("The
# second round of talks started in Istanbul", "The two countries met in Doha")
# continues with the parties the text named before.
_TWO_PARTY = {"talks", "ceasefire_agreement"}


def _pair_named_before(state: dict[str, Any], seg: Span, caps: bool) -> list[dict[str, Any]]:
    """The last two countries named before this sentence, as governments taking part."""
    text: str = state["text"]
    seen: dict[str, Any] = {}
    for m in reversed(find_actors(text[: seg.start_char], all_caps=caps)):
        if (
            m.entry.group == "country"
            and m.entry.kind != "mediator"  # "Turkiye's foreign ministry said": a broker
            and m.country_code
            and m.country_code not in seen
        ):
            seen[m.country_code] = m
            if len(seen) == 2:
                break
    if len(seen) < 2:
        return []
    return [actor_dict(m, "participant", False, None) for m in reversed(seen.values())]


def _actors_for(
    mentions: list[Any],
    doc: Doc,
    seg: Span,
    trig_tok: Token,
    violent: bool,
    main_country: str | None,
    topic: set[int],
) -> list[dict[str, Any]]:
    found: list[tuple[dict[str, Any], bool]] = []
    for m in mentions:
        span = doc.char_span(
            seg.start_char + m.start, seg.start_char + m.end, alignment_mode="expand"
        )
        if span is None or span.root.i in topic:
            continue
        role = mention_role(span.root, trig_tok, violent)
        if role is None:
            continue
        if (
            m.entry.group == "country"
            and span.root.dep_ in ("compound", "amod")
            and span.root.head.i != trig_tok.i
            and span.root.head.lower_ not in FORCE_NOUNS
        ):
            # "Pakistan school attack", "Pakistani girl": a country as adjective of a noun
            # other than the trigger describes, it does not act
            continue
        if m.entry.group != "generic" and _only_speaks_or_locates(
            span.root, trig_tok, speaker_too=m.entry.group != "country"
        ):
            continue
        a = actor_dict(m, role, violent, main_country)
        found.append((a, is_trigger_argument(span.root, trig_tok)))
    return one_role_each(found)


# word forms, not lemmas: the pipeline runs without a lemmatizer
_SAY_WORDS = frozenset(
    [
        "say",
        "says",
        "said",
        "tell",
        "tells",
        "told",
        "state",
        "states",
        "stated",
        "confirm",
        "confirms",
        "confirmed",
        "announce",
        "announces",
        "announced",
        "add",
        "adds",
        "added",
        "report",
        "reports",
        "reported",
        "allege",
        "alleges",
        "alleged",
        "note",
        "notes",
        "noted",
    ]
)
_WHERE_PREPS = frozenset(
    {"in", "into", "inside", "near", "across", "along", "within", "toward", "towards"}
)
_WHERE_VERBS = frozenset(
    [
        "border",
        "borders",
        "bordering",
        "bordered",
        "adjoining",
        "adjoins",
        "neighbouring",
        "neighboring",
    ]
)


def _only_speaks_or_locates(root: Token, trig_tok: Token, *, speaker_too: bool) -> bool:
    """A name that only places ("near Afghanistan", "bordering Afghanistan") or, when
    ``speaker_too``, only says ("the ISPR said", "according to Dawn") takes no part in
    the event. A country that speaks ("Pakistan says Indian shelling kills three") is a
    party making its claim, so countries pass ``speaker_too=False``."""
    while root.dep_ == "appos" and root.head.i != root.i:  # "... Relations (ISPR) said"
        root = root.head
    if root.i == trig_tok.i:
        return False
    head = root.head
    if speaker_too and (
        (
            root.dep_ in ("nsubj", "nsubjpass")
            and head.lower_ in _SAY_WORDS
            and head.i != trig_tok.i
            and head.i + 1 != trig_tok.i  # "three militants said killed": reportedly killed
        )
        or (root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according")
    ):
        return True
    if root.dep_ == "pobj" and head.lower_ in _WHERE_PREPS:
        return True
    return root.dep_ == "dobj" and head.lower_ in _WHERE_VERBS


_default: Extractor | None = None


def extract(article: Article) -> list[dict[str, Any]]:
    """Events in one article, with the process-wide extractor."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(article)
