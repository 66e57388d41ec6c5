"""Extraction on a Dask cluster (``truce ingest --dask tcp://scheduler:8786``).

Only extraction is distributed: batches of articles go to the workers, each of
which loads spaCy and the gazetteer once (``shared_extractor``), and the events come
back to the driver, where the single writer files them. The store and the ledger
never see more than one writer, so the cluster changes speed, not the record.

Workers must have Truce installed (the task is ``truce.ingest.dask_runner`` code,
sent by reference).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any

from truce.errors import TruceError
from truce.extract.articles import Article
from truce.ingest.extraction import Extracted, extract_batch


def _extract_on_worker(batch: list[Article]) -> list[Extracted]:
    """The task each worker runs: one batch with that worker's process-wide extractor."""
    return extract_batch(batch)


class DaskExtraction:
    """An :data:`~truce.ingest.extraction.Extraction` over a Dask scheduler.

    A context manager: connecting happens on entry, so a wrong address fails before
    any article is read. Up to ``in_flight`` batches (default: two per worker
    thread) are queued ahead; results come back in submission order.
    """

    def __init__(
        self, address: str, *, in_flight: int | None = None, timeout_s: float = 20
    ) -> None:
        self.address = address
        self.in_flight = in_flight
        self.timeout_s = timeout_s
        self._client: Any = None

    def __enter__(self) -> DaskExtraction:
        from distributed import Client

        try:
            self._client = Client(  # type: ignore[no-untyped-call]
                self.address, timeout=self.timeout_s, set_as_default=False
            )
        except (OSError, TimeoutError, ValueError) as err:
            raise TruceError(f"cannot reach the Dask scheduler at {self.address}: {err}") from None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def workers(self) -> int:
        """Worker threads the scheduler knows of now (at least 1)."""
        info = self._client.scheduler_info() if self._client is not None else {}
        threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
        return max(1, threads)

    def __call__(self, batches: Iterable[list[Article]]) -> Iterator[list[Extracted]]:
        if self._client is None:
            raise TruceError("DaskExtraction is used outside its 'with' block")
        window = self.in_flight or 2 * self.workers()
        pending: deque[Any] = deque()
        try:
            for batch in batches:
                # An all-irrelevant batch has nothing to send; None keeps its place in line.
                pending.append(
                    self._client.submit(_extract_on_worker, batch, pure=False) if batch else None
                )
                if len(pending) >= window:
                    yield self._result(pending.popleft())
            while pending:
                yield self._result(pending.popleft())
        finally:
            for fut in pending:  # the run stopped early: do not leave work queued
                if fut is not None:
                    fut.cancel()

    def _result(self, future: Any) -> list[Extracted]:
        if future is None:
            return []
        try:
            result: list[Extracted] = future.result()
        except Exception as err:  # KilledWorker, lost scheduler, ...
            raise TruceError(
                f"Dask extraction failed ({type(err).__name__}: {err}); "
                "rerun the same command to resume"
            ) from err
        return result
