"""The analysis workers: same results as in the crawl process, and a dead worker is not fatal."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crawler import analysis
from crawler.extract import ExtractionHints, extract_article
from newssite.content import load_articles
from newssite.server import start_site
from newssite.urls import article_path


def _die_in_worker(parent_pid: int) -> str:
    """Kills the process it runs in, unless that is the test process itself."""
    if os.getpid() != parent_pid:
        os._exit(3)
    return "ran in the crawl process"


def _where(parent_pid: int) -> str:
    return "here" if os.getpid() == parent_pid else "worker"


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("3", 3), (2, 2)])
def test_worker_count_reads_numbers(value, expected):
    assert analysis.worker_count(value) == expected


def test_worker_count_auto_is_none_on_one_core_else_two():
    cores = analysis.usable_cores()
    assert analysis.worker_count("auto") == (0 if cores < 2 else 2)
    assert analysis.worker_count(None) == analysis.worker_count("auto")


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_worker_count_auto_follows_the_cpu_affinity():
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(before)})  # as under `taskset -c N`
        assert analysis.usable_cores() == 1
        assert analysis.worker_count("auto") == 0
    finally:
        os.sched_setaffinity(0, before)


@pytest.mark.parametrize("value", ["many", "-1", "1.5"])
def test_worker_count_rejects_nonsense(value):
    with pytest.raises(ValueError, match="PANTAU_ANALYSIS_WORKERS"):
        analysis.worker_count(value)


@pytest.fixture
def one_worker():
    analysis.start(1, classify=False, entities=False)
    analysis.wait_ready()
    yield
    analysis.shutdown()


def _site_page() -> tuple[bytes, str]:
    article = next(a for a in load_articles() if a.outlet.startswith("antara"))
    with start_site() as site:
        url = site.url(article_path(article))
        with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback fixture site
            return response.read(), url


def test_extraction_in_a_worker_equals_extraction_here(one_worker):
    body, url = _site_page()
    hints = ExtractionHints(family="antara", outlet="offline_antara_kalbar")
    remote = asyncio.run(analysis.run(extract_article, body, url, hints))
    assert remote == extract_article(body, url, hints)
    assert asyncio.run(analysis.run(_where, os.getpid())) == "worker"


def test_errors_raised_in_a_worker_reach_the_caller(one_worker):
    with pytest.raises(Exception) as here:
        extract_article(b"<html></html>", None, None)
    with pytest.raises(here.type, match=re.escape(str(here.value))):
        asyncio.run(analysis.run(extract_article, b"<html></html>", None, None))
    assert analysis.active()  # an error in the work is not a dead worker


def test_a_dead_worker_falls_back_to_the_crawl_process(one_worker, caplog):
    result = asyncio.run(analysis.run(_die_in_worker, os.getpid()))
    assert result == "ran in the crawl process"
    assert not analysis.active()
    assert "analysis worker died" in caplog.text
    # later calls run here without trying the dead pool again
    assert asyncio.run(analysis.run(_where, os.getpid())) == "here"


def test_without_workers_everything_runs_here():
    analysis.shutdown()
    assert not analysis.active()
    assert asyncio.run(analysis.run(_where, os.getpid())) == "here"


_KILLED_CRAWL = """
from crawler import analysis
import sys, time
analysis.start(1, classify=False, entities=False)
analysis.wait_ready()
print(*analysis._pool._processes, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for an init that does not reap (some containers)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # gone between the two checks
        return False


def test_workers_exit_when_the_crawl_process_is_killed():
    """SIGKILL leaves no time to shut the pool down; the workers must not linger."""
    crawl = subprocess.Popen([sys.executable, "-c", _KILLED_CRAWL], stdout=subprocess.PIPE,
                             text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        workers = [int(pid) for pid in crawl.stdout.readline().split()]
        assert workers and all(_alive(pid) for pid in workers)
    finally:
        crawl.kill()
        crawl.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]
