"""Item pipeline stages, in ITEM_PIPELINES order (settings.py):

Validate(300) -> Dedupe(400) -> Classify(500) -> Entities(600) -> Store(900)

Each stage does one job, returns the item or raises DropItem(reason), and counts what it saw
under ``pantau/<stage>/<event>`` in the crawl stats. ``FailureItem``s (pages that gave no
article) pass through untouched to the store, which records them with their reason.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler import analysis
from crawler.dedupe import FingerprintIndex, simhash
from crawler.items import ArticleItem, FailureItem

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class _Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class ValidatePipeline(_Stage):
    """Required fields, language, minimum length; counts missing optional fields."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.languages = set(crawler.settings.getlist("PANTAU_LANGUAGES"))
        self.min_chars = crawler.settings.getint("PANTAU_MIN_BODY_CHARS")

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if not item.title.strip():
            self._drop("no_title")
        if len(item.text) < self.min_chars:
            self._drop("too_short")
        if item.language not in self.languages:
            self._drop(f"language_{item.language}")
        self.stats.inc_value("pantau/validate/ok")
        for name in ("published", "dateline"):
            if not getattr(item, name):
                self.stats.inc_value(f"pantau/field/{name}/missing")
        return item

    def _drop(self, reason: str) -> None:
        self.stats.inc_value(f"pantau/drop/{reason}")
        raise DropItem(reason)


class DedupePipeline(_Stage):
    """Drops a second copy of a URL in one run; links syndicated copies to their original.

    Fingerprints of stored articles are loaded when the spider opens, so a copy is caught
    whether its original came in this run or an earlier one.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.database_url = crawler.settings.get("PANTAU_DATABASE_URL")
        self.index = FingerprintIndex()
        self.seen: set[str] = set()

    def open_spider(self, spider: Spider | None = None) -> None:
        from review import Store

        with Store(self.database_url) as store:
            for article_id, fp in store.fingerprints():
                self.index.add(fp, f"id:{article_id}")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if item.canonical_url in self.seen:
            self.stats.inc_value("pantau/drop/duplicate_url")
            raise DropItem("duplicate_url")
        self.seen.add(item.canonical_url)
        item.fingerprint = await analysis.run(simhash, f"{item.title}\n{item.text}")
        # no await from here on: lookup and insertion happen as one step
        original = self.index.nearest(item.fingerprint)
        if original and original != f"url:{item.canonical_url}":
            self.stats.inc_value("pantau/dedupe/near_duplicate")
            item.duplicate_of_key = original
        self.index.add(item.fingerprint, f"url:{item.canonical_url}")
        return item


def warm_up(settings: Any) -> None:
    """Load the model and the gazetteer before the crawl starts, not inside the first
    spider's callback (which would stall every other spider in the process).

    The crawl process always loads the model (its load errors are reported when the crawl
    opens, and it is the fallback if a worker dies); the gazetteer only when it analyses
    articles itself.
    """
    classify, entities = _stages(settings)
    # a load error is reported again by ClassifyPipeline when the crawl opens
    if error := analysis.warm(classify, entities and not analysis.active()):
        logger.warning("could not preload the classifier: %s", error)


def _stages(settings: Any) -> tuple[bool, bool]:
    """Whether the classify and entities stages are enabled."""
    pipelines = settings.getdict("ITEM_PIPELINES")
    return (any(p.endswith("ClassifyPipeline") for p in pipelines),
            any(p.endswith("EntitiesPipeline") for p in pipelines))


def start_analysis(settings: Any) -> None:
    """Start the analysis workers (PANTAU_ANALYSIS_WORKERS) for the stages that run."""
    classify, entities = _stages(settings)
    analysis.start(analysis.worker_count(settings.get("PANTAU_ANALYSIS_WORKERS")),
                   classify=classify, entities=entities)


class _Batcher:
    """Gathers the articles that reach the classifier at about the same time into one call.

    The model's fixed cost per call (~9 ms) is far above its cost per article (~3 ms), so
    spiders of one process share a batcher: an article waits at most ``max_wait`` seconds
    for others, and a full batch goes at once (to an analysis worker when they run).
    """

    def __init__(self, size: int = 32, max_wait: float = 0.02) -> None:
        self.size = size
        self.max_wait = max_wait
        self.pending: list[tuple[tuple[str, str], asyncio.Future[Any]]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.running: set[asyncio.Task[None]] = set()

    async def predict(self, title: str, text: str) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self.pending.append(((title, text), future))
        if len(self.pending) >= self.size:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(self.max_wait, self.flush)
        return await future

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.pending = self.pending, []
        if batch:
            task = asyncio.get_running_loop().create_task(self._predict(batch))
            self.running.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(self.running.discard)

    @staticmethod
    async def _predict(batch: list[tuple[tuple[str, str], asyncio.Future[Any]]]) -> None:
        try:
            predictions = await analysis.run(analysis.predict_many, [doc for doc, _ in batch])
        except Exception as exc:  # noqa: BLE001 - handed to every waiting item, not swallowed
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), prediction in zip(batch, predictions, strict=True):
            if not future.done():
                future.set_result(prediction)


@functools.cache
def shared_batcher() -> _Batcher:
    return _Batcher()


class ClassifyPipeline(_Stage):
    """Scores every article with the shipped TPPO model (loaded once per process).

    Under Scrapy's asyncio reactor (the default) articles are scored in small batches shared
    by the process's spiders; otherwise one at a time.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        min_score = crawler.settings.get("PANTAU_MIN_SCORE")
        self.min_score = float(min_score) if min_score not in (None, "") else None
        self.classifier: Any = None
        self.batcher: _Batcher | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClassifyPipeline:
        from classifier.artifacts import resolve_model_dir
        from classifier.exceptions import ModelNotFoundError

        try:
            resolve_model_dir()  # the active model: models/CURRENT or PANTAU_MODEL_DIR
        except ModelNotFoundError as exc:
            # articles are still stored; `pantau analyze` can score them later
            raise NotConfigured(f"no trained model: {exc}") from exc
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        self.classifier = analysis.shared_classifier()
        if is_asyncio_reactor_installed():
            self.batcher = shared_batcher()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if self.batcher is not None:
            prediction = await self.batcher.predict(item.title, item.text)
        else:
            prediction = self.classifier.predict(item.title, item.text)
        item.prediction = prediction.to_dict()
        self.stats.inc_value(f"pantau/classify/{'tppo' if prediction.is_tppo else 'other'}")
        if self.min_score is not None and prediction.tppo_score < self.min_score:
            self.stats.inc_value("pantau/drop/below_min_score")
            raise DropItem("below_min_score")
        return item


class EntitiesPipeline(_Stage):
    """Places, counts, dates and kind (pure text functions) for articles that may be TPPO.

    Articles the classifier scores below PANTAU_ENTITIES_MIN_SCORE never reach the review
    queue, so extracting their places and counts would only cost time.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.min_score = crawler.settings.getfloat("PANTAU_ENTITIES_MIN_SCORE", 0.0)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if item.prediction is not None and item.prediction["tppo_score"] < self.min_score \
                and not item.prediction["is_tppo"]:
            self.stats.inc_value("pantau/entities/skipped_low_score")
            return item
        item.entities = await analysis.run(
            analysis.incident, item.title, item.text, item.published)
        return item


# database URL -> monotonic time its outage began, shared by the spiders of one process
_store_down_since: dict[str, float] = {}


class StorePipeline(_Stage):
    """Writes articles, predictions, entities and failures; one transaction per item.

    Dropped items are recorded as failures too (via the item_dropped signal), so the crawl
    report accounts for every page.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.database_url = crawler.settings.get("PANTAU_DATABASE_URL")
        if not self.database_url:
            raise NotConfigured("PANTAU_DATABASE_URL is not set")
        self.store: Any = None
        self.retry_seconds = crawler.settings.getfloat(
            "PANTAU_STORE_RETRY_SECONDS", 60.0
        )
        self.gave_up = False
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    def open_spider(self, spider: Spider | None = None) -> None:
        from review import Store

        self.store = Store(self.database_url)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.store is not None:
            self.store.close()

    def item_dropped(self, item: Any, response: Any, exception: Exception,
                     spider: Spider | None = None) -> None:
        if isinstance(item, ArticleItem) and self.store is not None:
            reason = str(exception) or "dropped"
            if reason != "duplicate_url":
                self._retrying(
                    self.store.record_failure, item.url, reason, outlet=item.outlet
                )

    def process_item(self, item: Any) -> Any:
        return self._retrying(self._store, item)

    def _retrying(self, write: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``write``, riding out a database outage of up to PANTAU_STORE_RETRY_SECONDS.

        The crawl pauses meanwhile (nothing could be stored anyway). Past that, the error is
        logged, the spider closes with reason ``store_unavailable`` and the item fails with
        ``StoreUnavailable``: never a silent drop (issue 7). Writes are idempotent upserts,
        so repeating one is safe. The outage clock is shared by every spider of the process.
        """
        from review.exceptions import StoreUnavailable

        delay = 0.25
        while True:
            try:
                result = write(*args, **kwargs)
            except StoreUnavailable as exc:
                since = _store_down_since.setdefault(self.database_url, time.monotonic())
                if time.monotonic() - since >= self.retry_seconds:
                    if not self.gave_up:
                        self.gave_up = True
                        self.stats.inc_value("pantau/store/unavailable")
                        logger.error("store unavailable for %.0fs, closing the crawl: %s",
                                     self.retry_seconds, exc)
                        deferred_from_coro(self.crawler.engine.close_spider_async(
                            reason="store_unavailable"))
                    raise
                self.stats.inc_value("pantau/store/retries")
                logger.warning("store unavailable, retrying in %.2fs: %s", delay, exc)
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
            else:
                _store_down_since.pop(self.database_url, None)
                return result

    def _store(self, item: Any) -> Any:
        from review import ArticleRecord, EntitiesRecord, PredictionRecord

        if isinstance(item, FailureItem):
            self.store.record_failure(item.url, item.reason, outlet=item.outlet,
                                      detail=item.detail)
            return item
        duplicate_of = None
        key = item.duplicate_of_key
        if key and key.startswith("id:"):
            duplicate_of = int(key[3:])
        elif key:
            duplicate_of = self.store.article_id_for_url(key[4:])
        record = ArticleRecord(
            url=item.url, canonical_url=item.canonical_url, outlet=item.outlet,
            title=item.title, text=item.text, published=item.published,
            dateline=item.dateline, language=item.language, province_hint=item.province,
            fetched_at=item.fetched_at, extraction_method=item.method,
            raw_html=item.raw_html, raw_encoding=item.raw_encoding,
            fingerprint=item.fingerprint, duplicate_of=duplicate_of,
        )
        prediction = entities = None
        if item.prediction is not None:
            p = item.prediction
            prediction = PredictionRecord(
                model_version=p["model_version"], tppo_score=p["tppo_score"],
                is_tppo=p["is_tppo"], modus=tuple(p.get("modus", ())),
                evidence=tuple(p.get("evidence", ())),
            )
        if item.entities is not None:
            e = item.entities
            entities = EntitiesRecord(
                kind=e.get("kind"), locations=e.get("locations", []),
                counts=e.get("counts", {}), dates=e.get("dates", {}),
            )
        article_id, created = self.store.upsert_article(
            record, also_urls=item.also_urls, prediction=prediction, entities=entities)
        item.article_id = article_id
        self.stats.inc_value("pantau/store/saved" if created else "pantau/store/updated")
        return item
