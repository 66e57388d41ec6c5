"""Event triggers and their types (DESIGN.md list), from lexical cues in context.

Each trigger pattern names one event type. Overlapping matches keep the longer
one ("ceasefire violation" beats "ceasefire"), and a ceasefire/truce word is an
agreement only when an agreement cue stands in the same sentence. Within one
sentence and one date the most specific type wins (``PRIORITY``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.domain.event_types import EVENT_TYPE_CODES

# Most specific first: a sentence with "air strike" and "killed" is an air strike.
PRIORITY: tuple[str, ...] = (
    "air_strike", "shelling", "explosive_attack", "abduction", "territory_change",
    "attack_on_civilians", "armed_clash", "ceasefire_agreement", "border_closure",
    "mobilization", "talks", "threat", "accusation", "other",
)  # fmt: skip
VIOLENT: frozenset[str] = frozenset(PRIORITY[:7])
# Events that go from one side to the other (an initiator and a target, not participants).
DIRECTED: frozenset[str] = frozenset({"threat", "accusation"})

_PATTERNS: dict[str, str] = {
    "air_strike": r"(?:aircraft|warplanes?|planes?|fighter jets?|jets?|helicopters?|drones?|quadcopters?|uavs?)\s+(?:[\w'’-]+\s+){0,4}?(?:bomb(?:s|ed|ing)|struck|strikes?|dropped|fired|targeted|hit|attacked|pounded)|(?:pakistani|afghan|indian|u\.?s\.?|american|retaliatory|precision|cross-border)\s+strikes|(?:the|these|those|overnight|latest|fresh|new|night-?time)\s+strikes(?=,?\s+(?:carried|launched|conducted|which|that|hit|struck|targeted|killed|on|in|were|also)\b)|(?:hit back|retaliated|responded|struck back) with (?:[\w-]+ )?strikes|air ?strikes?|air ?raids?|drone (?:strikes?|attacks?)|aerial (?:bombardment|bombing|strikes?|attacks?)|(?:fighter )?jets? (?:bomb\w*|pound\w*|struck|strik\w*)|(?:helicopter )?gunships? (?:pound|strafe|struck|strike|fire|bomb|shell|attack|target|hit|raid)\w*|gunship (?:attacks?|strikes?|raids?)|warplanes?|air force (?:bomb\w*|strik\w*|pound\w*)",
    "shelling": r"fired (?:[\w-]+ ){0,4}?(?:rockets|mortars?|shells|artillery rounds)|rockets? (?:hit|landed|struck|fell)|shell(?:s|ed|ing)|artillery|mortars?|rocket (?:fire|attacks?)|fired rockets|rockets? (?:were )?fired|cross-border (?:fire|firing)|border (?:fire|firing)|unprovoked (?:[\w-]+ ){0,2}?(?:fire|firing)|missile (?:attacks?|strikes?)",
    "explosive_attack": r"(?:explosives?|bomb|IED)-(?:laden|packed|filled|rigged|loaded)|bomb(?:s|ed|ing|ings)?|blasts?|explosions?|explosive(?:s| devices?)?|ieds?|suicide (?:attacks?|bombers?|bombings?)|grenades?|landmines?|exploded|detonated|bl(?:ew|own|ow|ows|owing) (?:(?:him|her|them)sel(?:f|ves) )?up",
    "abduction": r"(?:took|taken|take|whisked|dragged|carried) (?:them )?(?:away|off) (?:[\w-]+ ){0,3}?(?:labou?rers|workers|passengers|men|people|officials|engineers|employees|policemen|soldiers|personnel|civilians|villagers|travell?ers|\d+|two|three|four|five|six|seven|eight|nine|ten)\b|kidnap(?:s|ped|ping|pings)?|abduct(?:s|ed|ing|ion|ions)?|hostages?|taken captive|forcibly disappeared",
    "territory_change": r"(?:captured|seized|took over|overran) (?:a|an|the|several|two|three|\w+'s) (?:[\w-]+ ){0,2}?(?:police stations?|checkposts?|check-posts?|posts?|outposts?|towns?|villages?|district headquarters|headquarters|bases?|compound|border posts?|districts?|areas?)|seized control|overran|overrun|took control|taken control|retook|recaptured|regained control|fell to",
    "armed_clash": r"clash(?:es|ed)?|gunfights?|firefights?|shoot-?outs?|exchange(?:d|s)? (?:of )?(?:heavy )?(?:fire|gunfire)|fighting|fought|battles?|skirmish(?:es)?|ambush(?:ed|es)?|raid(?:s|ed)?|storm(?:ed|ing)|intercept(?:ed|ing)|offensive|operations?|hostilities|ceasefire violations?|violat\w* (?:the |a )?(?:\w+ )?(?:ceasefire|cease-fire|truce|peace pact)|(?:breaks?|broke|breach\w*) (?:the |a )?(?:\w+ )?(?:ceasefire|cease-fire|truce)|breach(?:es)? of (?:the |a |an )?(?:\w+ )?(?:ceasefire|cease-fire|truce)|attack(?:s|ed|ing)?|assault\w*|shot dead|gun(?:ned)? ?down|shoot(?:s|ing)? at|pound(?:s|ed)|military action|crackdown|opened (?:[\w-]+ ){0,3}?fire|returned (?:the )?fire|firing|fired|shot|kill(?:s|ed|ing)?|killers|martyred|lost their lives|violence|infighting|gun-?battles?|encounters?|retaliat(?:ed|ing|ory)|neutrali[sz]ed|sent to hell|embraced (?:shahadat|martyrdom)|(?:target(?:s|ed|ing)?|hit(?:s|ting)?|struck) (?:\w+ ){0,3}(?:posts?|positions?|checkpoints?|check-posts?|hideouts?|camps?|convoys?|bases?)|(?:found |left |leaves |leaving )?dead|die[ds]?",
    "ceasefire_agreement": r"ceasefire|cease-fire|truce|peace (?:deal|pact|agreement|accord)|armistice|(?:Doha|Istanbul|Riyadh|Tehran|ceasefire) (?:agreement|accord|deal)|understanding (?:was |had been )?(?:reached|agreed|struck)|agreed (?:on [\w ,]{3,25}? )?to (?:stop|halt|cease|end) (?:all )?(?:firing|fire|hostilities|military action|cross-border firing)",
    "border_closure": r"(?:clos(?:ed|es|ing|ure of)|shut(?:s|ting)?(?: down)?|seal(?:ed|s|ing)?) (?:the |its |of the )?(?:[\w'’-]+ ){0,3}?(?:border|crossings?|border crossings?)|border (?:closure|(?:remains?|was|is) (?:closed|shut)|closed)|(?:border|crossing|gate|terminal|border point)s?,?\s+(?:[\w'’-]+\s+){0,6}?(?:remain(?:s|ed)?|was|were|is|are|has been|have been|had been|stays?|stayed)\s+(?:closed|shut|sealed)|suspend\w* (?:all )?(?:movement|traffic|trade|crossings?|transit)\b",
    "mobilization": r"deploy(?:ed|s|ment|ing)? (?:of )?(?:additional |more |extra )?(?:troops|forces|soldiers)|troop (?:build-?up|movements?)|mobili[sz](?:ed|es|ing|ation)|(?:sent|send|sends|rushed|dispatched|deployed) (?:in )?reinforcements|reinforcements (?:were|have been) (?:sent|rushed|dispatched|deployed)|amass\w*",
    "talks": r"talks|negotiations?|negotiat(?:e|ed|ing)|dialogue|meetings?|met|meet|spoke (?:by|over|on) (?:the )?(?:tele)?phone|spoke on (?:the|a) hotline|(?:telephone|phone|hotline) (?:call|conversation|contact)s?",
    "threat": r"threat(?:en|ens|ened|ening)|warn(?:s|ed|ing)? of (?:retaliation|consequences|action)|warn(?:s|ed|ing)? (?:the )?(?:[\w'’-]+ ){0,3}?(?:government|regime|authorities|administration|army|military|forces)|(?:would|will|shall) not hesitate[\x22\u201d\u2019']?\s+to|bear (?:the )?(?:full )?responsibility for (?:the |any |all )?consequences|will not go unanswered|(?:not )?(?:leave|let|go) (?:[\w'’-]+ ){0,3}?unanswered|warn(?:s|ed|ing)? that (?:[\w'’\x22\u201c\u201d-]+ ){0,4}?(?:would|will) [\x22\u201c]?(?:strike|respond|retaliate|hit|target|act|not hesitate|be met)|(?:would|will) be met with (?:a |an )?(?:[\w'’\x22\u201c\u201d-]+ ){0,2}?(?:response|reply|retaliation|force)|(?:would|will) [\x22\u201c]?(?:respond|retaliate) to any (?:[\w-]+ )?(?:aggression|attack|misadventure|provocation)|befitting (?:response|reply)|reserves? the right to (?:respond|retaliate)|vow(?:s|ed)? (?:to )?retaliat\w*|ultimatum",
    "accusation": r"(?:planned|directed|orchestrated|masterminded|sponsored|launched|controlled)(?: and (?:directed|planned|executed|controlled|orchestrated))? from (?:across the border|(?:Afghanistan|India|Iran)\b|(?:Afghan|Indian|Iranian) (?:soil|territory))|(?:us(?:e|es|ed|ing)|operat(?:e|es|ed|ing) from|shelter(?:s|ed|ing)? (?:in|on)) (?:the )?(?:Afghan|Indian|Iranian|Pakistani) (?:soil|territory)|accus(?:e|es|ed|ing|ation|ations)|blam(?:e|es|ed|ing)|allegations?|summon(?:s|ed|ing)? (?:the |its |a )?(?:[\w'’-]+ ){0,3}?(?:ambassador|envoy|charg[eé] d['’]affaires|diplomat|high commissioner|deputy head of mission)|holds? (?:the )?(?:[\w'’-]+ ){0,4}?responsible|condemn\w*(?=[^.;]{0,120}\bviolation\b)|held (?:the )?(?:[\w'’-]+ ){0,4}?responsible|(?:lodged|handed|delivered|registered) (?:a |an )?[\x22\u201c]?(?:strong |formal |strongly[- ]worded )?(?:protests?|d[eé]marches?)|(?:ambassador|envoy|charg[eé] d['’]affaires|high commissioner|deputy head of mission) (?:[\w'’]+ ){0,3}?summoned",
}
_TRIGGER_RE = re.compile(
    "|".join(rf"(?P<{code}>(?<![\w-])(?:{p})(?![\w-]))" for code, p in _PATTERNS.items()),
    re.IGNORECASE,
)
_AGREEMENT_CUE = re.compile(
    r"\b(?:agree\w*|reach\w*|sign\w*|announc\w*|declar\w*|broker\w*|accept\w*|recommit\w*|committed to|maintain\w*|extend\w*|restor\w*|uphold|observ\w*|understanding|deal|temporary|implement\w*|mediat\w*)\b",
    re.IGNORECASE,
)
# What is said to break an agreement names the agreement, never a new one.
_BROKEN_BEFORE = re.compile(
    r"\b(?:violations?|breach(?:es)?|violating|breaching|violated|breached)\s+(?:of\s+)?"
    r"(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "within 5 km of the border": the border as a landmark, not what was closed
_BORDER_AS_LANDMARK = re.compile(r"\b(?:of|from|near|along|to|on|across)\s+(?:the\s+)?$", re.I)
_SOIL = re.compile(r"\b(?:soil|territory)$")
_SOIL_FRAMED = re.compile(
    r"\b(?:accus\w*|allow\w*|let|lets|letting|den(?:y|ies|ied|ying)|guarantee\w*|prevent\w*"
    r"|stop|assur\w*)\b",
    re.IGNORECASE,
)
_SEIZED = r"(?:recovered|seized|found|confiscated|defused|impounded|captured)"
_SEIZED_AFTER = re.compile(
    rf"^(?:\s+(?:and|or)\s+[\w\s,-]{{1,25}}?)?\s+(?:were|was|had\s+been|have\s+been)\s+{_SEIZED}\b",
    re.IGNORECASE,
)
_SEIZED_BEFORE = re.compile(rf"\b{_SEIZED}\s+(?:[\w,-]+\s+){{0,4}}$", re.IGNORECASE)
_WHO_BEFORE = re.compile(r"\b(?:who|whoever|which\s+side)\s+(?:had\s+)?$")
_FIRST_AFTER = re.compile(r"\s+first\b")
_AGREED = re.compile(r"\bagree(?:s|d|ing)?\b", re.IGNORECASE)
_CIVILIAN_ONLY_TYPES = {"armed_clash"}

assert set(PRIORITY) == EVENT_TYPE_CODES


@dataclass(frozen=True)
class Trigger:
    """A word or phrase that reports an event, with its type; offsets in the sentence."""

    start: int
    end: int
    text: str
    event_type: str


def find_triggers(sentence: str) -> list[Trigger]:
    """Event triggers in one sentence, in order (the regex alternation keeps one per span)."""
    out: list[Trigger] = []
    has_agreement = None
    for m in _TRIGGER_RE.finditer(sentence):
        code = m.lastgroup
        if code is None:
            continue
        if code == "ceasefire_agreement":
            if (
                _BROKEN_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
                and not re.search(r"\d", sentence[m.end() : m.end() + 40])
                and not _AGREED.search(sentence)
            ):
                # "a clear violation of the understanding reached in Doha" (but "a
                # violation of the Doha agreement of 19 October" recalls a dated one,
                # and "agreed to set up teams to verify violations of their ceasefire"
                # is a new agreement on it)
                continue
            if has_agreement is None:
                has_agreement = bool(_AGREEMENT_CUE.search(sentence))
            if not has_agreement:
                continue
        if code == "border_closure" and _BORDER_AS_LANDMARK.search(
            sentence[max(0, m.start() - 12) : m.start()]
        ):
            continue  # "Schools within 5 km of the border were closed"
        if (
            code == "accusation"
            and _SOIL.search(m.group(0))
            and _SOIL_FRAMED.search(sentence[: m.start()])
        ):
            # "accuses Kabul of allowing militants to use Afghan soil", "denies that it
            # allows any group to use Afghan territory": the charge is the outer verb
            continue
        if _WHO_BEFORE.search(sentence, max(0, m.start() - 20), m.start()) and _FIRST_AFTER.match(
            sentence, m.end()
        ):
            continue  # "tell both peoples who fired first": a question, no happening
        if code == "explosive_attack" and (
            _SEIZED_AFTER.match(sentence[m.end() : m.end() + 40])
            or _SEIZED_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
        ):
            continue  # "Explosives and weapons were recovered": no blast
        if m.group(0) == "Operations" and sentence[: m.start()].endswith("Military "):
            continue  # "Directors General of Military Operations": an office, not a fight
        out.append(Trigger(m.start(), m.end(), m.group(0), code))
    return out


def rank(event_type: str) -> int:
    """Lower is more specific (see PRIORITY)."""
    return PRIORITY.index(event_type)


def refine_type(event_type: str, target_kinds: set[str], initiator_kinds: set[str]) -> str:
    """A generic violent event whose only targets are civilians is an attack on civilians."""
    if (
        event_type in _CIVILIAN_ONLY_TYPES
        and target_kinds == {"civilians"}
        and "state_forces" not in initiator_kinds
    ):
        return "attack_on_civilians"
    return event_type
