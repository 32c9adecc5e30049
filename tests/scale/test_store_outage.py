"""PostgreSQL unavailable during a crawl: the store pipeline retries, or fails loudly and a
re-run stores what was missed -- never a silent drop (issue 7)."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from tests.scale import crawl
from tests.scale.proxy import OutageProxy

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


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
    yield (
        pg_schema_url,
        url.set(port=proxy.port).render_as_string(hide_password=False),
        proxy,
    )
    proxy.stop()


def _assert_complete(database: str) -> None:
    urls = crawl.canonical_urls(database)
    assert len(urls) == len(set(urls)) == crawl.subset_expected()


def test_short_outage_pauses_the_crawl_and_loses_nothing(slow_site, proxied, tmp_path):
    direct, via_proxy, proxy = proxied
    env = crawl.crawl_env(PANTAU_STORE_RETRY_SECONDS="60")
    log = tmp_path / "crawl.log"
    proc = crawl.start(
        slow_site.base_url, via_proxy, tmp_path, env, *crawl.subset_args(), log=log
    )
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


@pytest.mark.parametrize("distributed", [False, True], ids=["one-process", "redis"])
def test_long_outage_closes_the_crawl_loudly_and_a_rerun_completes(
    slow_site, proxied, tmp_path, request, distributed
):
    """On Redis, the requests whose items could not be stored stay in flight: the re-run
    (resuming the same queue, with the dupe filter that has seen them) crawls them again."""
    direct, via_proxy, proxy = proxied
    redis_url = request.getfixturevalue("redis_url") if distributed else None
    env = crawl.crawl_env(redis_url, PANTAU_STORE_RETRY_SECONDS="2")
    args = crawl.subset_args()
    if distributed:
        args += crawl.redis_keys_args(crawl.new_prefix())
    log = tmp_path / "crawl.log"
    proc = crawl.start(slow_site.base_url, via_proxy, tmp_path, env, *args, log=log)
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
    assert stored < crawl.subset_expected()
    proxy.up()
    again = crawl.run(slow_site.base_url, via_proxy, tmp_path, env, *args)
    assert again.returncode == 0, again.stderr[-3000:]
    _assert_complete(direct)
