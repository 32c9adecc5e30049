"""End to end in headless Debian chromium: log in, confirm with an edited count,
download CSV.

`pantau serve` runs as a subprocess on a free 127.0.0.1 port over a tmp SQLite store.
Skipped only when chromium or Playwright is absent (.ci/services.sh installs chromium).
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.queue import ReviewQueue
from review.store import Store
from review.users import Users
from tests.review.conftest import STORY_A, STORY_B, make_candidate, make_unrelated
from tests.webapp.conftest import PASSWORD, SECRET

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    store = Store(url)
    queue = ReviewQueue(store)
    ids = queue.add_candidates(
        [
            make_candidate(
                1,
                title="Polres Singkawang gagalkan pengiriman dua perempuan ke China",
                text=STORY_A,
            ),
            make_candidate(
                2,
                title="Pengantin pesanan: dua warga Singkawang diselamatkan",
                text=STORY_B,
                outlet="kompas_regional",
            ),
            make_unrelated(3, score=0.4),
        ]
    )
    queue.group_new()
    Users(store).add("rev@example.org", PASSWORD, "reviewer")
    incident = queue.incident_of_article(ids[0])
    store.close()
    port = _free_port()
    env = {**os.environ, "PANTAU_SECRET_KEY": SECRET, "PANTAU_DATABASE_URL": url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pantau.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"pantau serve did not start: {out}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", incident
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_login_confirm_with_edited_count_and_download_csv(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    base, incident = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{base}/queue")
            assert "/login" in page.url
            page.fill("input[name=email]", "rev@example.org")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/queue")
            assert page.locator("#queue-table tbody tr").count() == 2
            # keyboard: select the first row (highest score) and open it
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_url(f"{base}/incidents/{incident}?**")
            assert (
                page.locator("#article-text mark.hl-place").first.inner_text()
                == "Singkawang"
            )
            page.fill("#count_victims", "11")
            page.uncheck("input[name=go_next]")
            page.click("#btn-confirm")
            page.wait_for_url(f"{base}/incidents/{incident}?*msg=confirm*")
            assert page.locator(".status.st-confirmed").first.is_visible()
            assert page.locator("#count_victims").input_value() == "11"
            page.goto(f"{base}/exports")
            with page.expect_download() as info:
                page.click("#export-csv")
            target = tmp_path / "export.csv"
            info.value.save_as(target)
            assert errors == []
        finally:
            browser.close()
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 1
    assert rows[0]["id"] == str(incident)
    assert rows[0]["status"] == "confirmed"
    assert rows[0]["victims"] == "11"
    assert rows[0]["confirmed_by"] == "rev@example.org"
    assert (
        rows[0]["headline"]
        == "Polres Singkawang gagalkan pengiriman dua perempuan ke China"
    )
