"""`pantau site` serves until interrupted and reports bad content by file name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.newssite.conftest import article_data, write_article


def _site_command(content: Path) -> list[str]:
    return [sys.executable, "-m", "pantau.cli", "site", "--port", "0", "--content", str(content)]


def test_pantau_site_serves_and_stops_on_ctrl_c(tiny_dir):
    proc = subprocess.Popen(
        _site_command(tiny_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONFAULTHANDLER="1"),
        # as from a terminal: a shell's background job inherits SIGINT ignored, and Python
        # then installs no KeyboardInterrupt handler (the cause of a CI-only failure)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith("Pantau offline news site: http://127.0.0.1:")
        base = first.split()[4].rstrip("/")
        lines = [proc.stdout.readline() for _ in range(8)]
        assert any(f"{base}/detik-news/" in line for line in lines)
        assert httpx.get(base + "/robots.txt").status_code == 200
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # show where every thread of the site waits
            proc.send_signal(signal.SIGABRT)
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"pantau site did not stop on Ctrl-C; its threads:\n{err}")
        assert code == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_pantau_site_names_the_bad_file(tmp_path):
    bad = write_article(
        tmp_path, article_data("detik-news-x", "detik_news") | {"outlet": "cnn"}
    )
    result = subprocess.run(
        _site_command(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"error: {bad}: unknown outlet 'cnn'" in result.stderr
