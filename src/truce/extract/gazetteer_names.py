"""How place names are written: folding, tokens, words that are never places, demonyms.

GeoNames lists tens of thousands of villages whose names are also English words
("Of", "Man", "Police", "Bar"), given names ("Khan", "Ali") or words that fill
conflict news ("Fire", "Army"). In ALL-CAPS headlines capitalisation cannot tell
them apart, so a one-word name in ``STOPWORDS`` is never a place unless a curated
alias spells it exactly (``US``).
"""

from __future__ import annotations

import re
import unicodedata

TOKEN_RE = re.compile(r"[^\W_]+")

# Connectors that stay lower-case inside names ("Isle of Man", "Dand-e-Patan").
CONNECTORS = frozenset({"of", "e", "i", "al", "el", "ul", "ud", "ur", "and", "the", "de", "da"})

_STOPWORDS_TEXT = """
    a abdul about above across after again against ago ahead ahmad ahmadi ahmadis ahmed aid
    air al ali all along also am amir among an and another any are area areas arm armed arms
    army around as at attack attacks away back bad bag ban band bank bar base battle be been
    before began begum being below best between bhutto bibi big black blast blasts blue
    board boat body bomb bomber border both boy bridge but by call called came camp can
    capital car care case cause centre chief child city civil clash clashes close coal come
    commander control court cross cut day days dead deal death deaths dev did din do does
    down dr drone during each early east eastern emir end enemy even every face fall far
    farm fire firing five food for force forces foreign four free from front game gate
    general get girl give go gold good government great green ground group guard gul gun had
    haji half hand has hassan have he head heavy help her here high hill him hindu his hit
    home hot house how hussain i if imran in inside is islam islamic it its jan jihad just
    key khan kill killed kills king kumar lake lal land large last late law lead leader
    leaders least left life light like line little long lord low made main major make malik
    man many march mark market maulana may me men middle might military mine minister mir
    mobile mohammad mohammed more mosque most mount much muhammad mujahideen mullah muslim
    must my name nawaz near new news next nine no none north northern not now of off office
    officer officials old omar on one only open or order other our out over own park part
    party pass peace people per pir place plan point police port post power president press
    prime qazi race raid rain raja ram range rani real red rest ring river road rock rose
    round run safi said same sardar saw say sayed says school sea second security see seven shah
    sharif she sheikh shia shiite shot side sign singh six so soldier soldiers some son
    south southern spring square star state station still stone strike strikes such sultan
    sun sunni syed take taliban talks tank team ten than that the their them then there
    these they third this those three through tie time to today told top town tribal troops
    two umar under union unit up upon us use usman valley very view village wall war was
    water way we well were west western what when where which while white who why will with
    within woman women world year years yet you young zia
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Demonyms name a country's people or forces, never the place an event happened:
# "Afghan forces fired on Chaman" happened in Chaman, not "in Afghanistan".
DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "afghans": "AF",
    "afghani": "AF",
    "afghanistani": "AF",
    "pakistani": "PK",
    "pakistanis": "PK",
    "pak": "PK",
    "indian": "IN",
    "indians": "IN",
    "iranian": "IR",
    "iranians": "IR",
    "chinese": "CN",
    "turkish": "TR",
    "qatari": "QA",
    "qataris": "QA",
    "american": "US",
    "americans": "US",
    "saudi": "SA",
    "saudis": "SA",
    "emirati": "AE",
    "british": "GB",
    "russian": "RU",
    "russians": "RU",
    "tajik": "TJ",
    "uzbek": "UZ",
    "turkmen": "TM",
    "bangladeshi": "BD",
}


def fold(text: str) -> str:
    """Lower-case, without diacritics: 'Pārachinār' -> 'parachinar'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_key(name: str) -> str:
    """The lookup key of a name: folded word tokens joined by one space.

    Hyphens, dots and apostrophes separate tokens, so "Dand-e-Patan", "Dand e Patan"
    and "DAND-E-PATAN" share one key; "D.I. Khan" becomes "d i khan".
    """
    return " ".join(TOKEN_RE.findall(fold(name)))


def is_latin(name: str) -> bool:
    """True when a name is written in Latin letters (GeoNames also lists Arabic, Cyrillic...)."""
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


def country_of_demonym(word: str) -> str | None:
    """ISO code of the country a demonym refers to ("Afghan" -> "AF"), else None."""
    return DEMONYMS.get(fold(word))
