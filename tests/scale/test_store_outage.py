"""PostgreSQL unavailable during a crawl: the store pipeline retries, or fails loudly and a
re-run stores what was missed -- never a silent drop (issue 7)."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from newssite.content import load_articles
from tests.scale import crawl
from tests.scale.proxy import OutageProxy

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

BROKEN_PAGES_WITH_ARTICLES = 3  # see tests/crawler/test_crawl_offline.py


@pytest.fixture(scope="module")
def slow_site():
    from newssite.server import start_site

    site = start_site(latency=0.05)
    yield site
    site.stop()


@pytest.fixture
def proxied(pg_schema_url):
    """(direct URL, URL through a proxy the test can cut) for one fresh schema."""
    url = sa.engine.make_url(pg_schema_url)
    proxy = OutageProxy((url.host, url.port))
    yield pg_schema_url, url.set(port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.stop()


def _assert_complete(database: str) -> None:
    urls = crawl.canonical_urls(database)
    assert len(urls) == len(set(urls))
    assert len(urls) == len(load_articles()) + BROKEN_PAGES_WITH_ARTICLES


def test_short_outage_pauses_the_crawl_and_loses_nothing(slow_site, proxied, tmp_path):
    direct, via_proxy, proxy = proxied
    env = crawl.crawl_env(PANTAU_STORE_RETRY_SECONDS="60")
    log = tmp_path / "crawl.log"
    proc = crawl.start(slow_site.base_url, via_proxy, tmp_path, env, log=log)
    try:
        assert crawl.wait_for_articles(direct, 5, proc) >= 5
        proxy.down()
        time.sleep(3)
        proxy.up()
        assert proc.wait(timeout=240) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "store unavailable, retrying" in log.read_text()
    _assert_complete(direct)


def test_long_outage_closes_the_crawl_loudly_and_a_rerun_completes(slow_site, proxied,
                                                                    tmp_path):
    direct, via_proxy, proxy = proxied
    env = crawl.crawl_env(PANTAU_STORE_RETRY_SECONDS="2")
    log = tmp_path / "crawl.log"
    proc = crawl.start(slow_site.base_url, via_proxy, tmp_path, env, log=log)
    try:
        stored = crawl.wait_for_articles(direct, 5, proc)
        proxy.down()
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert code != 0, text[-3000:]
    assert "store unavailable for 2s, closing the crawl" in text
    assert stored < len(load_articles())
    proxy.up()
    again = crawl.run(slow_site.base_url, via_proxy, tmp_path, env)
    assert again.returncode == 0, again.stderr[-3000:]
    _assert_complete(direct)
