"""Render a digest in headless Chromium: the layout is measured, not assumed."""

from __future__ import annotations

import os
import struct
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from digest.build import DigestRequest, build_digest, month_totals
from tests.digest.conftest import summary

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent"),
]


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) for 8-bit RGB/RGBA PNGs, filters undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            assert color in (2, 6)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r) for r in rows]


def pixel(rows: list[bytes], x: int, y: int, bpp: int) -> tuple[int, int, int]:
    r, g, b = rows[y][x * bpp : x * bpp + 3]
    return r, g, b


def digest_html() -> str:
    hostile = "<script>alert(1)</script> " + "Judulsangatpanjangtanpaspasi" * 30
    incidents = [
        summary(id=1, path="/incidents/1"),
        summary(
            id=2,
            headline=hostile,
            path="/incidents/2",
            sources=tuple(
                {
                    "url": f"https://warta.test/{'x' * 300}/{i}",
                    "outlet": "Warta",
                    "title": "Mawar (16) " + "panjang" * 60,
                }
                for i in range(4)
            ),
        ),
        summary(
            id=3,
            headline="Sidang lanjutan kasus Nunukan",
            follow_up_of=1,
            path="/incidents/3",
        ),
    ]
    req = DigestRequest(
        recipient="ana@pantau.test",
        digest_date=date(2026, 11, 28),
        lang="id",
        tz="Asia/Jakarta",
        provinces=("65", "35"),
        modus=(),
        window_start=datetime(2026, 11, 27, tzinfo=UTC),
        window_end=datetime(2026, 11, 28, tzinfo=UTC),
        incidents=tuple(incidents),
        month=month_totals(incidents, 2026, 11),
        pending_count=12,
        app_url="https://app.pantau.test",
    )
    return build_digest(req).html


def test_digest_layout_in_chromium(tmp_path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    html = digest_html()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.set_content(html, wait_until="load")
            box = page.locator("table.container").bounding_box()
            assert box is not None
            assert 600 <= box["width"] <= 700
            overflow = page.evaluate(
                """() => {
                    const c = document.querySelector('table.container').getBoundingClientRect();
                    const bad = [];
                    for (const el of document.querySelectorAll('table.container *')) {
                        const r = el.getBoundingClientRect();
                        if (r.width && (r.right > c.right + 0.5 || r.left < c.left - 0.5))
                            bad.push(el.tagName + ' ' + (el.textContent || '').slice(0, 40));
                    }
                    return {bad, scroll: document.documentElement.scrollWidth,
                            inner: window.innerWidth,
                            incidents: document.querySelectorAll('td.incident').length,
                            headlineWidths: [...document.querySelectorAll('.headline')]
                                .map(e => e.getBoundingClientRect().width)};
                }"""
            )
            assert overflow["bad"] == []
            assert overflow["scroll"] <= overflow["inner"]
            assert overflow["incidents"] == 3
            assert all(0 < w <= box["width"] for w in overflow["headlineWidths"])
            assert page.evaluate("() => document.scripts.length") == 0
            assert requests == []  # no remote resources at all
            shot = tmp_path / "digest.png"
            page.screenshot(path=str(shot), full_page=True)
            # on a phone-sized screen the card shrinks instead of scrolling sideways
            page.set_viewport_size({"width": 390, "height": 800})
            narrow = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth,"
                " document.querySelector('table.container').getBoundingClientRect().width]"
            )
            assert narrow[0] <= narrow[1]
            assert narrow[2] <= 390
            if os.environ.get("PANTAU_DIGEST_PNG"):
                page.screenshot(
                    path=os.environ["PANTAU_DIGEST_PNG"] + ".narrow.png", full_page=True
                )
        finally:
            browser.close()
    keep = os.environ.get("PANTAU_DIGEST_PNG")
    if keep:
        Path(keep).write_bytes(shot.read_bytes())
    width, height, rows = decode_png(shot.read_bytes())
    bpp = len(rows[0]) // width
    assert width == 800
    assert height > 900
    colours = {
        pixel(rows, x, y, bpp) for y in range(0, height, 7) for x in range(0, width, 7)
    }
    assert len(colours) > 20  # text, header bar and background: not a blank page
    # the dark header bar sits inside the 640px card, the page background outside it
    left = int(box["x"])
    assert pixel(rows, left + 30, int(box["y"]) + 20, bpp) == (0x12, 0x35, 0x5B)
    assert pixel(rows, max(0, left - 20), int(box["y"]) + 20, bpp) == (0xF2, 0xF4, 0xF7)
