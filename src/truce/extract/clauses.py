"""What the parse of one sentence says about a trigger.

Which date dates it, whether it recalls another happening (background), tells none
(a summary, a stance, a modifier), is a toll of one told elsewhere, or is still to
come; which names around it only speak or only place; which happening a death count
belongs to. Pure functions over spaCy tokens.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from truce.extract.event_type import Trigger
    from truce.extract.fatalities import DeathCount
    from truce.extract.timex import Timex


# Words that tell a trigger as still to come ("will resume", "the next round").
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


_ASIDE_OF = frozenset({"eve", "run-up", "sidelines", "margins", "anniversary", "ahead"})
_BACKGROUND_PREPS = {"after", "following", "amid", "amidst", "since", "despite", "about", "over"}


FOUGHT = re.compile(
    r"clash|fight|battle|skirmish|exchange|firefight|shoot-?out|encounter", re.IGNORECASE
)


_RESPONSE_NOUNS = frozenset({"response", "retaliation", "reprisal", "revenge", "reaction"})


_TOPIC_VERBS = frozenset(
    {"discuss", "discussed", "discussing", "negotiate", "negotiated", "negotiating", "draft"}
)


EARLIER = re.compile(r"\b(?:earlier|early)\s+(?:this|last)\s+(?:month|year)\b", re.IGNORECASE)


def path_len(a: Token, b: Token) -> int:
    """Tokens between a and b in the dependency tree (via their lowest common ancestor)."""
    up_a = [a, *a.ancestors]
    idx = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in idx:
            return n + idx[t.i]
    return 99


# "Meanwhile, in neighbouring Lakki Marwat ...", "In another incident, ...": the
# sentence tells a new happening, not more of the one before.
APART_CUE = re.compile(
    r"\s*(?:meanwhile|separately|elsewhere|in\s+(?:an)?other\s+(?:incident|attack|development"
    r"|engagement|operation|encounter)|in\s+a\s+(?:separate|similar|different)\s+(?:incident|attack"
    r"|development|operation|encounter)"
    # "A day earlier, ...", "Two days later, ...", "The next day, ...": another day's
    r"|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?)\s+(?:earlier|later|before|after)"
    r"|the\s+(?:next|following|previous)\s+day|the\s+day\s+(?:before|after))\b",
    re.IGNORECASE,
)


_PASSIVE_DEATH = re.compile(r"\b(?:was|were|been)\s+(?:\w+\s+)?(?:killed|martyred|slain)\s*$")


def count_owner(d: DeathCount, told: list[Trigger], seg_text: str) -> Trigger | None:
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


_PURPOSE_HEADS = frozenset(
    {"use", "uses", "used", "using", "plan", "plans", "planned", "planning", "allow",
     "allows", "allowed", "allowing", "want", "wants", "wanted", "seek", "seeks", "sought",
     "intend", "intends", "intended", "prepare", "prepares", "prepared", "preparing",
     "train", "trains", "trained", "training", "send", "sends", "sent", "recruit",
     "recruits", "recruited"}
)  # fmt: skip


def purpose(tok: Token) -> bool:
    """ "militants who use Afghan soil to attack Pakistan", "planning to attack security
    forces": what someone means to do, no happening."""
    if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return tok.dep_ in ("advcl", "xcomp", "acl") and tok.head.lower_ in _PURPOSE_HEADS


def no_happening(tok: Token, deaths: bool) -> bool:
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
    verb = predicate(tok)
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    kids = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(kids & {"has", "have"}) and "been" not in kids


_HABITUAL_WORDS = frozenset(
    {"often", "usually", "frequently", "routinely", "sometimes", "always", "regularly",
     "generally", "typically", "wherever", "whenever"}
)  # fmt: skip


def habitual(tok: Token, in_body: bool, deaths: bool) -> bool:
    """A present-simple statement of what someone does, not what happened: "Islamabad
    accuses the Taliban government of ...", "militants who it says attack Pakistan".

    Headlines tell past events in the present ("Militants attack checkpost"), so only
    body sentences count, and never one with its dead counted.
    """
    if not in_body or deaths:
        return False
    verb = predicate(tok)
    passive = [c.lower_ for c in verb.children if c.dep_ == "auxpass"]
    if (
        verb.tag_ == "VBN"
        and passive in (["is"], ["are"])
        and not any(c.dep_ == "aux" for c in verb.children)
        and tok.i != verb.i
        and any(c.dep_ == "advmod" and c.lower_ in _HABITUAL_WORDS for c in verb.children)
    ):
        # "wherever these attacks are planned", "firing is often used as a cover"
        return True
    if verb.tag_ not in ("VBZ", "VBP", "VB") or any(c.dep_ == "aux" for c in verb.children):
        return False
    if tok.i != verb.i and verb.lower_ in ("is", "are", "be"):
        return False  # "which is a clear violation of the Doha agreement": a noun named
    t = verb
    for _ in range(4):  # a relative clause, or a clause that one reports
        if t.dep_ == "relcl" and t.tag_ in ("VBZ", "VBP"):
            return True
        # "Islamabad says fighters shelter in Afghanistan and cross the border to attack"
        if (
            t.dep_ == "ccomp"
            and t.tag_ in ("VBZ", "VBP")
            and t.head.lower_ in ("says", "say", "claims", "alleges", "insists")
        ):
            return True
        if t.dep_ in ("advcl", "conj") and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ not in ("ccomp", "xcomp") or t.head.i == t.i:
            break
        t = t.head
    return tok.i == verb.i and verb.lower_.startswith(("accus", "blam"))


_PERFECT_TOLL = re.compile(
    r"\b(?:have|has)\s+(?:\w+\s+)?(?:killed|claimed(?:\s+the\s+lives\s+of)?)\s+(?:more\s+than\s+|over\s+)?(?:hundreds|thousands)\b",
    re.IGNORECASE,
)
_RUN_OF = frozenset({"surge", "wave", "spate", "series", "string", "rise", "campaign"})


def summary(tok: Token, seg_text: str) -> bool:
    """A count of years of violence, not a happening: "attacks by the TTP have killed
    hundreds of security personnel", "a surge in attacks that have killed hundreds"."""
    if tok.tag_ != "NNS":
        return False
    run = tok.head.lower_ in ("in", "of") and tok.head.head.lower_ in _RUN_OF
    return run or _PERFECT_TOLL.search(seg_text) is not None


def in_summary(seg_text: str, d: DeathCount) -> bool:
    """Is the count the "hundreds" that attacks "have killed" over the years?"""
    return any(m.start() <= d.start < m.end() for m in _PERFECT_TOLL.finditer(seg_text))


_CHARGE_VERBS = frozenset({"accused", "accuses", "accuse", "accusing", "charged", "charges"})


_PROTEST_NOUNS = frozenset({"protest", "complaint", "demarche", "démarche", "note"})


_STOPPING = frozenset({"stop", "halt", "cease", "end", "avoid", "refrain", "prevent", "stopping"})


def stopped(tok: Token) -> bool:
    """What one agrees to stop ("agreed to stop all firing and military action") is no
    happening."""
    t = tok
    for _ in range(3):
        if t.dep_ in ("dobj", "pobj", "xcomp", "conj") and t.head.lower_ in _STOPPING:
            return True
        if t.dep_ not in ("conj", "compound", "amod", "dobj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def charged(tok: Token) -> bool:
    """What one side accuses the other of ("accused Pakistan of repeatedly violating the
    ceasefire", "a strong protest over what he called an unprovoked attack") is the
    charge, not a happening of its own."""
    t = tok
    for _ in range(5):
        if t.dep_ == "pcomp" and t.head.lower_ == "of" and t.head.head.lower_ in _CHARGE_VERBS:
            return True
        if t.lower_ in ("over", "about", "against") and t.head.lower_ in _PROTEST_NOUNS:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def toll_of(tok: Token) -> bool:
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


def future_marked(tok: Token) -> bool:
    """Is the trigger told as something still to come ("will resume", "next round"), or
    only as a condition ("if attacks continued")?"""
    chain = [tok]
    t = tok
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
        chain.append(t)
    # ("a further round of talks in Istanbul last November collapsed": told in the past)
    past = chain[-1].tag_ in ("VBD", "VBN") and not any(
        c.lower_ in ("will", "shall", "would") for c in chain[-1].children
    )
    for c in chain:
        for child in c.children:
            if child.lower_ in _FUTURE_WORDS and not (past and child.lower_ == "further"):
                return True
    # "... would strike hideouts if attacks on Pakistani soil continued": a condition
    verb = chain[-1]
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children
    )


def predicate(tok: Token) -> Token:
    """The verb a token belongs to (itself when it is one)."""
    t = tok
    while (t.pos_ not in ("VERB", "AUX") or t.dep_ == "prep") and t.head.i != t.i:
        t = t.head
    return t


# Verbs that tell when their subject happened: "a further round of talks in Istanbul
# last November collapsed", "the talks opened on Tuesday"
_HAPPENING_VERBS = frozenset(
    {"collapsed", "began", "begun", "started", "ended", "erupted", "continued", "resumed",
     "opened", "concluded", "failed", "stalled", "broke", "took", "held", "lasted"}
)  # fmt: skip


def dates_trigger(timex_tok: Token, trig_tok: Token) -> bool:
    """Does a date attached to ``timex_tok`` date the event told by ``trig_tok``?

    Yes when both hang on the same verb, or the date's verb frames the trigger's
    clause ("On Monday officials said militants attacked ..."), not across "and/but".
    """
    p_x = predicate(timex_tok)
    t = predicate(trig_tok)
    # "... were killed when rockets landed in a village on Monday": a date in a
    # clause that says when the trigger's clause happened
    up = p_x
    for _ in range(2):
        if up.dep_ not in ("advcl", "relcl") or up.head.i == up.i:
            break
        marks = {c.lower_ for c in up.children if c.dep_ == "mark"}
        if marks - {"when", "as", "while"}:
            break  # "came after forces attacked on October 11": another time
        up = predicate(up.head)
        if up.i == t.i:
            return True
    # "agreed to stop all firing ... on May 10": a date in what the trigger's verb
    # governs ("to stop ...") dates the trigger
    down = p_x
    for _ in range(2):
        if down.dep_ != "xcomp" or down.head.i == down.i:
            break
        down = down.head
        if down.i == t.i:
            return True
    for _ in range(6):
        if t.i == p_x.i:
            return True
        # (a gerund subject, "shelling continued on 6 and 7 November", and the subject of
        # a verb of happening, "talks ... collapsed last November", are dated by the verb)
        dated_subject = t.dep_ in ("nsubj", "nsubjpass") and (
            t.tag_ == "VBG" or t.head.lower_ in _HAPPENING_VERBS
        )
        climbs = dated_subject or t.dep_ in (
            "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "pobj", "prep", "csubj"
        )  # fmt: skip
        if not climbs or t.head.i == t.i:
            return False
        t = t.head
    return False


# ("after" is left out: "martyred after troops opened fire on Thursday night" is one
# happening, its cause told with its day)
_OTHER_TIME_MARKS = frozenset({"since", "before", "until", "till"})


def other_time(tok: Token, trig_tok: Token | None = None) -> bool:
    """Is the date in a clause of another time ("since the neighbours agreed a truce
    last year", "the first violation since the understanding reached in May last
    year", "before Qatar stepped in"), one the trigger (if given) is not in?"""
    if tok.dep_ == "pobj" and tok.head.lower_ in _OTHER_TIME_MARKS:
        return False  # "since Monday" dates its own verb
    anchor: Token | None = None
    up = tok.head
    for _ in range(5):
        if up.lower_ in _OTHER_TIME_MARKS and up.dep_ == "prep":
            anchor = up
            break
        if up.head.i == up.i:
            break
        up = up.head
    t = predicate(tok)
    for _ in range(3):
        if anchor is not None:
            break
        if any(c.dep_ == "mark" and c.lower_ in _OTHER_TIME_MARKS for c in t.children):
            anchor = t
            break
        if t.head.i == t.i:
            break
        t = predicate(t.head)
    if anchor is None:
        return False
    return trig_tok is None or not any(x.i == trig_tok.i for x in anchor.subtree)


def choose_window(
    trig_tok: Token,
    timexes: list[Timex],
    seg: Span,
    future: bool,
    dct: date | None,
    *,
    background: bool,
) -> tuple[tuple[date, date, str] | None, bool]:
    """The window of the date that dates this trigger, if the sentence has one, and
    whether it is only the day of the telling ("..., officials said Monday").

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
        told = predicate(span.root).lower_ in _SAY_WORDS and trig_tok.lower_ not in _SAY_WORDS
        if other_time(span.root, trig_tok):
            continue
        if _RAN_INTO.search(doc.text, max(0, t.start - 40), t.start):
            continue  # "... that continued till the early hours of Tuesday": when it ended
        if (
            not told
            and (future or dct is None or t.date_start <= dct)
            and not _joined_verb(span.root, trig_tok)
        ):
            # (a date still to come never dates what already happened)
            untold.append((abs(span.root.i - trig_tok.i), window))
        inside = any(x.i == span.root.i for x in own_phrase(trig_tok)) and trig_tok.pos_ not in (
            "VERB",
            "AUX",
        )
        if background and not inside:
            continue
        # the telling's date may date the event however the parser hung "said" on it
        if not (inside or told or dates_trigger(span.root, trig_tok)):
            continue
        key = (int(told), path_len(trig_tok, span.root), abs(span.root.i - trig_tok.i))
        if best is None or key < best[:3]:
            best = (*key, window)
    if (
        best is None
        and untold
        and not background
        and trig_tok.pos_ in ("VERB", "AUX")
        and len({w for _, w in untold}) == 1
    ):
        # one date in the sentence, hung by the parser on a modifier ("... gathered in
        # a marquee on Sunday afternoon"): it is the sentence's, so the verb's (or the
        # gerund's, parsed as an auxiliary: "Intermittent shelling continued ... on 6
        # and 7 November")
        return untold[0][1], False
    if best is not None and best[0] and untold and not background:
        # only the telling's date reached the trigger through the parse, yet the
        # sentence has a date of its own ("... landed in a village on Monday, an
        # official said Tuesday", the parser having lost the "when" clause)
        return min(untold)[1], False
    return (best[3], bool(best[0])) if best else (None, False)


def _joined_verb(timex_tok: Token, trig_tok: Token) -> bool:
    """Is the date on another verb joined by "and/but" ("said six had been killed, but
    raised the toll to eight on Tuesday")? Then it is that verb's, not the trigger's."""
    pv, pt = predicate(timex_tok), predicate(trig_tok)
    if pv.i == pt.i or pv.pos_ != "VERB" or pv.dep_ != "conj":
        return False
    # (the verbs themselves share it: "kidnapped four engineers and shot dead their
    # driver on Monday"; what the first one reports does not)
    first = pv.head
    if first.lower_ not in _SAY_WORDS:
        return False
    return any(t.i == first.i for t in pt.ancestors) and not any(
        t.i == trig_tok.i for t in pv.subtree
    )


# "the ceasefire agreed ... in Doha on October 19", which the parser may hang on the
# main verb: the participle and what it governs still tell the noun's own happening.
# "broke out late on Sunday ... and went on into the early hours of Monday"
_RAN_INTO = re.compile(
    r"\b(?:until|till|into|through|to)\s+(?:the\s+)?(?:(?:early|small|wee)\s+hours\s+(?:of\s+)?"
    r"|(?:dawn|daybreak|morning)\s+(?:on\s+|of\s+)?)?$",
    re.IGNORECASE,
)


def run_on(
    window: tuple[date, date, str], timexes: list[Timex], seg_start: int, seg_text: str
) -> tuple[date, date, str]:
    """A day's fighting that the sentence has go on into the next day ends that day."""
    if window[2] != "day":
        return window
    for t in timexes:
        if (
            seg_start <= t.start < seg_start + len(seg_text)
            and t.precision == "day"
            and t.date_start is not None
            and 0 < (t.date_start - window[1]).days <= 2
            and _RAN_INTO.search(seg_text, 0, t.start - seg_start)
        ):
            return (window[0], t.date_start, "day")
    return window


_AGREE_PARTICIPLES = frozenset(
    {"agreed", "reached", "signed", "brokered", "announced", "struck", "mediated", "declared"}
)


_CLOSED_FOR = re.compile(
    r"^[^.;]{0,40}?\b(?:for|over)\s+(?:the\s+(?:past|last)\s+)?(?P<n>\d{1,2}|a|one|two|three|four"
    r"|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month)s?\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def closure_window(
    seg_text: str,
    trig: Trigger,
    window: tuple[date, date, str] | None,
    timexes: list[Timex],
    seg_start: int,
    dct: date | None,
) -> tuple[date, date, str] | None:
    """A closure told with its length ("closed for two weeks", "closed since Oct. 12")
    runs from its first day to the day told (or the report's)."""
    end = window[1] if window else dct
    if end is None:
        return window
    after = seg_text[trig.end :]
    for t in timexes:
        rel = t.start - seg_start
        if (
            rel >= trig.end
            and t.date_start
            and t.date_start <= end
            and len(seg_text[trig.end : rel]) <= 60
            and _SINCE.search(seg_text[trig.end : rel])
        ):
            return (t.date_start, end, "day")
    m = _CLOSED_FOR.match(after)
    if m is None:
        return window
    n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
    days = {"day": 1, "week": 7, "month": 30}[m.group("unit").lower()] * n
    return (end - timedelta(days=days), end, "day")


def own_phrase(tok: Token) -> list[Token]:
    """The trigger's own words: its subtree (less what another noun's agreement
    participle tells), and a participle right after a noun trigger ("the ceasefire
    agreed in Doha on October 19") with what it governs."""
    # "breaches of a ceasefire understanding reached in February 2021": the date of
    # what another noun's participle tells is that noun's, not the trigger's
    other = {
        x.i
        for c in tok.subtree
        if c.dep_ in ("acl", "relcl") and c.head.i != tok.i and c.lower_ in _AGREE_PARTICIPLES
        for x in c.subtree
    }
    words = [x for x in tok.subtree if x.i not in other]
    doc = tok.doc
    nxt = tok.i + 1
    if (
        tok.pos_ not in ("VERB", "AUX")
        and nxt < len(doc)
        and doc[nxt].tag_ in ("VBN", "VBD")
        and doc[nxt].lower_ in _AGREE_PARTICIPLES
        and doc[nxt] not in words
    ):
        words += [t for t in doc[nxt].subtree if t.i > tok.i]
    return words


def background(tok: Token) -> bool:
    """A nominal trigger that recalls other events ("after days of clashes", "amid accusations",
    "after a week of fighting", the gerund parsed as a verb)."""
    if tok.pos_ in ("VERB", "AUX") and not (tok.tag_ == "VBG" and tok.dep_ == "pobj"):
        return False
    if tok.dep_ == "dobj" and tok.head.lower_ in _TOPIC_VERBS:
        return True  # "to discuss a permanent peace agreement": what talks are about
    t = tok
    for _ in range(5):  # "after more than a week of fighting"
        if t.dep_ == "pobj" and t.head.lower_ in _BACKGROUND_PREPS:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _ASIDE_OF:
            return True  # "on the eve of the talks": when, not what
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


def telling(verb: Token) -> bool:
    """Is the verb one of saying ("said", "told", "claimed")?"""
    return verb.lower_ in _SAY_WORDS


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


def only_speaks_or_locates(root: Token, trig_tok: Token, *, speaker_too: bool) -> bool:
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


_CONTENT_PREPS = frozenset({"of", "for", "over", "about", "against"})


def said_elsewhere(trig_tok: Token, place_tok: Token) -> bool:
    """Is a place in a sentence with a charge or threat not where it was made?

    It is what the charge is about ("accused Pakistan of shelling villages in Kunar",
    "warned that it would strike in Khost"), or it stands in another clause joined to
    the charge's ("This is a violation of the understanding reached in Doha, and the
    Emirate holds Pakistan responsible"). "In Kabul, a spokesman accused ..." and
    "summoned the envoy in Islamabad" are where it was made.
    """
    up_t = [trig_tok, *trig_tok.ancestors]
    on_t = {t.i for t in up_t}
    prev = place_tok
    for t in [place_tok, *place_tok.ancestors]:
        if t.i in on_t:
            lca = t
            break
        prev = t
    else:
        return False
    if lca.i == trig_tok.i or lca.i == predicate(trig_tok).i:
        # what the charge is about
        return prev.i != place_tok.i and (
            (prev.dep_ == "prep" and prev.lower_ in _CONTENT_PREPS)
            or prev.dep_ in ("ccomp", "xcomp", "pcomp")
        )
    if prev.dep_ == "conj":
        return True
    # "At a briefing in Islamabad, she denied the strikes but accused ...": a place
    # that modifies the first verb is the second's too
    t_branch = next((t for t in up_t if t.head.i == lca.i and t.i != lca.i), None)
    return (
        t_branch is not None
        and t_branch.dep_ == "conj"
        and prev.dep_ not in ("prep", "advmod", "npadvmod", "advcl")
    )
