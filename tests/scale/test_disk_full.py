"""Disk full during a write: SQLite on a small tmpfs mounted for the test (as root), or else
under RLIMIT_FSIZE (the `ulimit -f` of a subprocess). A clear error, the rows already stored
intact, and a later run completes (issue 7)."""

from __future__ import annotations

import hashlib
import json
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from review import Store
from tests.scale import crawl

pytestmark = pytest.mark.slow

LIMIT = 1024 * 1024  # bytes of the small disk (or of any one file, under RLIMIT_FSIZE)

_WRITER = textwrap.dedent("""
    import hashlib, json, os, resource, signal, sys
    from review import ArticleRecord, Store
    from review.exceptions import StoreError
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, as on a full disk
    store = Store(sys.argv[1])
    if int(sys.argv[2]):
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
    done = []
    try:
        for i in range(10_000):
            text = os.urandom(3000).hex()
            url = f"http://x.test/berita/{i}"
            store.upsert_article(ArticleRecord(url=url, canonical_url=url, outlet="x",
                                               title=f"Judul {i}", text=text,
                                               raw_html=os.urandom(4000)))
            done.append([url, hashlib.sha256(text.encode()).hexdigest()])
    except StoreError as exc:
        print(json.dumps({"done": done, "error": f"{type(exc).__name__}: {exc}"}))
        sys.exit(3)
    print(json.dumps({"done": done, "error": None}))
""")


FULL_DISK_ERRORS = ("database or disk is full", "disk I/O error")


class SmallDisk:
    """A directory on a LIMIT-byte filesystem, or (mount not permitted) a directory whose
    writers get RLIMIT_FSIZE = LIMIT through ``preexec``."""

    def __init__(self, path) -> None:
        self.path = path
        path.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={LIMIT}", "tmpfs", str(path)],
            capture_output=True,
            check=False,
        )
        self.mounted = mounted.returncode == 0
        self.rlimit = 0 if self.mounted else LIMIT

    def preexec(self) -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if self.rlimit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.rlimit, self.rlimit))

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False)


@pytest.fixture
def small_disk(tmp_path):
    disk = SmallDisk(tmp_path / "disk")
    yield disk
    disk.unmount()


def test_store_reports_a_full_disk_and_keeps_what_it_stored(small_disk):
    db = f"sqlite:///{small_disk.path}/p.db"
    out = subprocess.run(
        [sys.executable, "-c", _WRITER, db, str(small_disk.rlimit)],
        cwd=crawl.REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 3, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["error"].startswith("StoreUnavailable")
    assert any(e in result["error"] for e in FULL_DISK_ERRORS), result["error"]
    assert len(result["done"]) > 10
    with sqlite3.connect(small_disk.path / "p.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store(db) as store:
        stored = {a.canonical_url: a for a in store.iter_articles()}
        assert set(stored) == {url for url, _ in result["done"]}
        for url, digest in result["done"]:
            assert hashlib.sha256(stored[url].text.encode()).hexdigest() == digest
            assert len(store.raw_html(stored[url].id)) == 4000


@pytest.fixture(scope="module")
def slow_site():
    from newssite.server import start_site

    site = start_site(latency=0.02)
    yield site
    site.stop()


def test_crawl_on_a_full_disk_fails_loudly_and_a_rerun_completes(
    slow_site, small_disk, tmp_path
):
    db = f"sqlite:///{small_disk.path}/p.db"
    env = crawl.crawl_env(PANTAU_STORE_RETRY_SECONDS="1")
    full = subprocess.run(
        crawl.crawl_command(slow_site.base_url, db, *crawl.subset_args()),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        preexec_fn=small_disk.preexec,
    )
    assert "store unavailable for 1s, closing the crawl" in full.stderr, full.stderr[
        -3000:
    ]
    assert any(e in full.stderr for e in FULL_DISK_ERRORS)
    with sqlite3.connect(small_disk.path / "p.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    partial = crawl.canonical_urls(db)
    assert len(partial) < crawl.subset_expected()
    # room again: move the database to a roomy disk and crawl once more
    roomy = tmp_path / "roomy.db"
    with (
        sqlite3.connect(small_disk.path / "p.db") as src,
        sqlite3.connect(roomy) as dst,
    ):
        src.backup(dst)
    db = f"sqlite:///{roomy}"
    again = crawl.run(
        slow_site.base_url, db, tmp_path, crawl.crawl_env(), *crawl.subset_args()
    )
    assert again.returncode == 0, again.stderr[-3000:]
    urls = crawl.canonical_urls(db)
    assert len(urls) == len(set(urls)) == crawl.subset_expected()
    assert set(partial) <= set(urls)
