"""End to end: the spiders crawl the bundled offline site over real HTTP into SQLite."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from newssite import broken
from newssite.content import load_articles
from newssite.urls import article_path
from review import Store
from tests.crawler.conftest import crawl_command, crawl_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def articles():
    return load_articles()


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    """One full crawl of the offline site, shared by the assertions below."""
    tmp = tmp_path_factory.mktemp("crawl")
    db = f"sqlite:///{tmp}/pantau.db"
    # one analysis worker process, whatever the machine's core count (the default "auto"
    # gives none on a single core); test_workers_and_inline_store_the_same compares
    env = {**crawl_env(), "PANTAU_ANALYSIS_WORKERS": "1"}
    result = subprocess.run(crawl_command(site.base_url, db), cwd=tmp, env=env,
                            capture_output=True, text=True, timeout=600)
    hits_after_first = dict(site.hits)
    return db, result, hits_after_first, tmp


def _stored(db: str) -> dict[str, object]:
    """Stored articles by the path they were fetched from."""
    with Store(db) as store:
        return {"/" + a.url.split("/", 3)[-1]: a for a in store.iter_articles()}


# broken pages that still hold an article: stored, correctly decoded
ARTICLE_BEARING_BROKEN_PAGES = (broken.TRUNCATED, broken.LATIN1_DECLARED, broken.CP1252_BYTES)


def test_every_site_article_is_stored_once(crawled, articles):
    db, result, _, _ = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    by_path = _stored(db)
    for article in articles:
        path = article_path(article)
        assert path in by_path, f"{article.id} not stored ({path})"
        assert by_path[path].title == article.title
    assert set(by_path) == {article_path(a) for a in articles} | set(
        ARTICLE_BEARING_BROKEN_PAGES)


def test_mislabelled_charsets_and_truncated_pages_decode_cleanly(crawled):
    db, _, _, _ = crawled
    by_path = _stored(db)
    for path in ARTICLE_BEARING_BROKEN_PAGES:
        article = by_path[path]
        for mojibake in ("\u00c3", "\u00e2\u20ac", "\ufffd"):
            assert mojibake not in article.title + article.text, (path, mojibake)
        assert len(article.text) > 200


def test_articles_carry_dates_outlets_and_predictions(crawled, articles):
    db, _, _, _ = crawled
    with Store(db) as store:
        rows = list(store.iter_articles())
        assert all(r.published for r in rows)
        assert {r.outlet for r in rows} == {
            "offline_antara_kalbar", "offline_antara_ntt", "offline_kompas_regional",
            "offline_detik_news", "offline_tribun_batam", "offline_warta_perbatasan"}
        scored = [store.prediction(r.id) for r in rows]
        assert all(p is not None and 0.0 <= p["tppo_score"] <= 1.0 for p in scored)
        assert all(store.entities(r.id) is not None for r, p in zip(rows, scored, strict=True)
                   if p["is_tppo"])
        assert all(store.raw_html(r.id) for r in rows)


def test_bad_pages_are_counted_by_reason_without_crashing(crawled):
    db, result, _, _ = crawled
    with Store(db) as store:
        reasons = store.failures_by_reason()
    for reason in ("http_404", "http_500", "redirect_loop", "too_large", "robots_disallowed"):
        assert reasons.get(reason, 0) >= 1, (reason, reasons)
    assert reasons.get("not_article", 0) + reasons.get("empty_body", 0) >= 2
    assert "Failures by reason" in result.stdout


def test_robots_txt_is_obeyed(crawled):
    _, _, hits, _ = crawled
    assert hits.get("/robots.txt", 0) >= 1
    assert not [p for p in hits if "/admin/" in p]


def test_a_second_crawl_fetches_no_stored_article_again(crawled, site, run_crawl):
    db, _, hits_before, _ = crawled
    before = _stored(db)
    result = run_crawl(site.base_url, db)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _stored(db).keys() == before.keys()
    for path in before:  # stored articles; failed pages are rightly tried again
        assert site.hits[path] == hits_before[path], f"{path} fetched again"


def test_killed_crawl_resumes_without_loss_or_duplicates(articles, tmp_path):
    from newssite.server import start_site

    slow = start_site(latency=0.05)
    try:
        db = f"sqlite:///{tmp_path}/pantau.db"
        cmd = crawl_command(slow.base_url, db, "--jobdir", str(tmp_path / "jobs"))
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=crawl_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            try:
                with Store(db, migrate=False) as store:
                    stored = store.article_count()
            except Exception:  # the crawl has not created the tables yet
                stored = 0
            if stored >= 8:
                break
        assert proc.poll() is None, "crawl finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert 8 <= stored < len(articles)
        again = subprocess.run(cmd, cwd=tmp_path, env=crawl_env(), capture_output=True,
                               text=True, timeout=600)
        assert again.returncode == 0, again.stderr[-2000:]
        with Store(db) as store:
            rows = list(store.iter_articles())
            failures = store.failures_by_reason()
        # on a miss, say why: the resumed run's failures and its report (seen once in CI:
        # 57 of 71 stored, cause not known; the JOBDIR's queue was ruled out)
        assert len(rows) == len(articles) + len(ARTICLE_BEARING_BROKEN_PAGES), (
            len(rows), failures, again.stdout[-3000:])
        assert len({r.canonical_url for r in rows}) == len(rows)
        assert len({r.url for r in rows}) == len(rows)
        # a finished crawl forgets its queue, so tomorrow's feeds are read afresh
        assert not [p for p in (tmp_path / "jobs").iterdir() if any(p.iterdir())]
    finally:
        slow.stop()


def test_workers_and_inline_store_the_same(crawled, site, tmp_path):
    """Extraction, SimHash, classification and entities give the same stored rows whether
    they ran in the analysis worker or in the crawl process."""
    db, result, _, _ = crawled
    inline_db = f"sqlite:///{tmp_path}/inline.db"
    env = {**crawl_env(), "PANTAU_ANALYSIS_WORKERS": "0"}
    inline = subprocess.run(crawl_command(site.base_url, inline_db), cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and inline.returncode == 0, inline.stderr[-2000:]

    def rows(database: str) -> dict[str, tuple[object, ...]]:
        with Store(database) as store:
            stored = list(store.iter_articles())
            url_of = {a.id: a.canonical_url for a in stored}
            return {
                a.canonical_url: (a.title, a.text, a.published, a.dateline,
                                  url_of.get(a.duplicate_of),
                                  store.prediction(a.id)["tppo_score"],
                                  store.entities(a.id) and store.entities(a.id)["locations"])
                for a in stored
            }

    with_workers, in_process = rows(db), rows(inline_db)
    assert len(with_workers) > 60
    assert with_workers == in_process
