"""Where articles become events: in this process, or on Dask workers (dask_runner).

Both paths run :func:`extract_batch`, so a batch gives the same events wherever it
runs. An extraction is a callable that takes an iterable of article batches and
yields, in the same order, one list of :class:`Extracted` per batch; it may work
ahead (Dask keeps several batches in flight) but must not reorder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from truce.extract.articles import Article
from truce.extract.pipeline import Extractor

_lock = threading.Lock()
_shared: Extractor | None = None


@dataclass(frozen=True)
class Extracted:
    """The events of one article, or why extraction failed on it."""

    events: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


Extraction = Callable[[Iterable[list[Article]]], Iterator[list[Extracted]]]


def shared_extractor() -> Extractor:
    """The process-wide extractor: spaCy and the gazetteer load once per process."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = Extractor()
        return _shared


def _describe(err: Exception) -> str:
    return f"extraction failed ({type(err).__name__}: {err})"[:300]


def extract_batch(
    articles: list[Article], extractor: Extractor | None = None, n_process: int = 1
) -> list[Extracted]:
    """Events for each article of a batch, aligned with it.

    The batch goes through ``nlp.pipe`` at once; if anything in it raises, each
    article is retried alone so one bad article costs only itself.
    """
    ex = extractor or shared_extractor()
    try:
        done = list(
            ex.extract_many(articles, n_process=n_process, batch_size=max(1, len(articles)))
        )
        return [Extracted(events) for _, events in done]
    except Exception:  # an extractor bug on one article must not sink its batch
        pass
    out: list[Extracted] = []
    for article in articles:
        try:
            out.append(Extracted(ex.extract(article)))
        except Exception as err:
            out.append(Extracted(error=_describe(err)))
    return out


def local_extraction(extractor: Extractor | None = None, n_process: int = 1) -> Extraction:
    """Extraction in this process (``n_process`` > 1 lets spaCy fork parser workers)."""

    def run(batches: Iterable[list[Article]]) -> Iterator[list[Extracted]]:
        for batch in batches:
            yield extract_batch(batch, extractor, n_process) if batch else []

    return run
