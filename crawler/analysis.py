"""Per-article CPU work in worker processes, so that one crawl uses more than one core.

A crawl of fast sources is CPU-bound in its one Scrapy process (bench/bench_crawl.py).
Extraction, SimHash, classification and the place/count extraction are pure functions of a
page or an article, so they can run anywhere; Scrapy's engine, the dedupe index and the
store stay in the crawl process. The workers call the very same functions, so results do
not depend on where they ran.

``PANTAU_ANALYSIS_WORKERS``: ``0`` runs everything in the crawl process, ``N`` starts N
worker processes, ``auto`` (the default) none on a single core, else two: the crawl process
keeps about half of the CPU work per page (Scrapy, the store), so two workers keep it busy,
and more only add memory (~170 MB each). A worker that dies is not fatal: the crawl logs it
once and goes on in its own process.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_warming: list[Future[str | None]] = []


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. under taskset or a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(setting: str | int | None) -> int:
    """Workers for a ``PANTAU_ANALYSIS_WORKERS`` value (see the module docstring)."""
    value = str(setting if setting is not None else "auto").strip().lower()
    if value in ("", "auto"):
        cores = usable_cores()
        return 0 if cores < 2 else min(2, cores)
    try:
        count = int(value)
    except ValueError:
        raise ValueError(
            f"PANTAU_ANALYSIS_WORKERS must be 'auto' or a whole number, not {setting!r}"
        ) from None
    if count < 0:
        raise ValueError(f"PANTAU_ANALYSIS_WORKERS must not be negative, not {count}")
    return count


@functools.cache
def shared_classifier() -> Any:
    """The active model, loaded once per process however many spiders run in it."""
    from classifier import load_classifier

    return load_classifier()


def warm(classify: bool, entities: bool) -> str | None:
    """Load the model and the gazetteer in this process (a worker or the crawl process);
    returns the classifier's load error, if any."""
    error = None
    if classify:
        from classifier.exceptions import ClassifierError

        try:
            shared_classifier()
        except ClassifierError as exc:
            error = str(exc)
    if entities:
        incident("", "", None)
    return error


def predict_many(documents: Sequence[tuple[str, str]]) -> list[Any]:
    """``Classifier.predict_many`` with the process's shared model."""
    return shared_classifier().predict_many(documents)


def incident(title: str, text: str, published: str | None) -> dict[str, Any]:
    """Places, counts, dates and kind of one article, as the store keeps them."""
    from classifier.entities import extract_incident

    return extract_incident(title, text, published=published).to_dict()


def _exit_with_parent() -> None:
    """Worker initializer: exit when the crawl process dies, even by SIGKILL. A killed crawl
    cannot shut its pool down, and its workers would otherwise wait for work forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="pantau-parent-watch", daemon=True).start()


def start(workers: int, *, classify: bool, entities: bool) -> None:
    """Start the worker processes; each begins loading what it needs at once.

    Call :func:`wait_ready` before the crawl. Workers are spawned, not forked: the crawl
    process may hold threads and sockets.
    """
    global _pool, _warming
    shutdown()
    if workers <= 0:
        return
    _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                initializer=_exit_with_parent)
    _warming = [_pool.submit(warm, classify, entities) for _ in range(workers)]


def wait_ready() -> None:
    """Block until every worker has loaded the model and the gazetteer."""
    global _warming
    warming, _warming = _warming, []
    try:
        for future in warming:
            if error := future.result():
                logger.warning("analysis worker could not load the classifier: %s", error)
    except BrokenProcessPool as exc:
        logger.error("analysis workers failed to start (%s); analysing in the crawl process",
                     exc)
        shutdown()


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def active() -> bool:
    return _pool is not None


async def run(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a worker when workers run, else here; same result either way.

    ``fn`` must be a module-level function (workers receive it by reference). Exceptions
    raised by ``fn`` reach the caller as if it had run here.
    """
    pool = _pool
    if pool is None:
        return fn(*args)
    try:
        return await asyncio.wrap_future(pool.submit(fn, *args))
    except BrokenProcessPool as exc:
        if _pool is pool:
            logger.error("an analysis worker died (%s); analysing in the crawl process from "
                         "now on", exc)
            _lose(pool)
        return fn(*args)


def _lose(pool: ProcessPoolExecutor) -> None:
    global _pool
    _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
