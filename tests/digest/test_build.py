"""Rendering: content, languages, follow-ups, totals, empty and huge digests, hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest

from digest.build import (
    MAX_INCIDENTS,
    DigestRequest,
    MonthTotals,
    build_digest,
    matches,
    month_totals,
)
from tests.digest.conftest import summary

WINDOW = (
    datetime(2026, 11, 27, 0, 0, tzinfo=UTC),
    datetime(2026, 11, 28, 0, 0, tzinfo=UTC),
)


def request(incidents=(), **overrides) -> DigestRequest:
    values = {
        "recipient": "ana@pantau.test",
        "digest_date": date(2026, 11, 28),
        "lang": "id",
        "tz": "Asia/Jakarta",
        "provinces": ("65",),
        "modus": (),
        "window_start": WINDOW[0],
        "window_end": WINDOW[1],
        "incidents": tuple(incidents),
        "month": month_totals(incidents, 2026, 11),
        "pending_count": 37,
        "app_url": "https://app.pantau.test",
    }
    values.update(overrides)
    return DigestRequest(**values)


class Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_safe_html(html: str) -> None:
    found = tags(html)
    names = {t for t, _ in found}
    assert not names & {
        "script",
        "img",
        "iframe",
        "object",
        "embed",
        "link",
        "style",
        "form",
        "svg",
    }
    for tag, attrs in found:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        assert "src" not in attrs
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://")), attrs


def test_one_incident_in_indonesian() -> None:
    digest = build_digest(request([summary()]))
    assert (
        digest.subject
        == "Pantau · 1 insiden TPPO baru terkonfirmasi · Sabtu, 28 November 2026"
    )
    assert digest.incident_count == 1
    for part in (digest.text, digest.html):
        assert "Polisi gagalkan pengiriman 12 calon PMI ilegal ke Malaysia" in part
        assert "Kabupaten Nunukan" in part
        assert "Malaysia" in part
        assert "PMI non-prosedural" in part
        assert "sedikitnya 2" in part  # suspects at_least
        assert "26 November 2026" in part
        assert "https://warta.test/a/1" in part
        assert "https://app.pantau.test/incidents/7" in part
        assert "37 insiden menunggu tinjauan" in part
        assert "https://app.pantau.test/queue" in part
        assert "Total November 2026" in part
        assert "Kalimantan Utara" in part
    assert "Korban: 12 | Tersangka: sedikitnya 2" in digest.text
    assert "Kabupaten Nunukan (transit), Malaysia (tujuan)" in digest.text
    assert_safe_html(digest.html)


def test_english_option() -> None:
    digest = build_digest(request([summary()], lang="en"))
    assert (
        digest.subject
        == "Pantau · 1 newly confirmed TPPO incident · Saturday, 28 November 2026"
    )
    assert "Victims: 12 | Suspects: at least 2" in digest.text
    assert "Irregular migrant work" in digest.html
    assert 'lang="en"' in digest.html
    assert "insiden" not in digest.text


def test_follow_up_is_marked_and_links_the_earlier_incident() -> None:
    new = summary(id=8, path="/incidents/8")
    follow = summary(
        id=9,
        headline="Sidang perdana kasus Nunukan",
        follow_up_of=3,
        path="/incidents/9",
    )
    digest = build_digest(request([new, follow]))
    text = digest.text
    assert text.index("== Insiden baru (1) ==") < text.index(
        "== Perkembangan kasus sebelumnya (1) =="
    )
    follow_block = text[text.index("== Perkembangan kasus sebelumnya") :]
    assert (
        "[LANJUTAN] lanjutan dari insiden #3 <https://app.pantau.test/incidents/3>"
        in follow_block
    )
    assert "Sidang perdana kasus Nunukan" in follow_block
    assert "LANJUTAN" in digest.html
    assert 'href="https://app.pantau.test/incidents/3"' in digest.html


def test_month_totals_sum_counts_and_flag_floors() -> None:
    incidents = [
        summary(id=1, counts={"victims": {"value": 12, "qualifier": "exact"}}),
        summary(
            id=2,
            counts={
                "victims": {"value": 30, "qualifier": "at_least"},
                "suspects": {"value": 4, "qualifier": "exact"},
            },
        ),
        summary(id=3, counts={}),
    ]
    totals = month_totals(incidents, 2026, 11)
    assert totals == MonthTotals(2026, 11, 3, 42, True, 4, False)
    digest = build_digest(request(incidents[:1], month=totals))
    assert "3 insiden · sedikitnya 42 korban · 4 tersangka" in digest.text


def test_nothing_new() -> None:
    digest = build_digest(request([], month=MonthTotals(2026, 11)))
    assert digest.incident_count == 0
    assert digest.subject.startswith("Pantau · Tidak ada insiden baru · ")
    assert "Tidak ada insiden baru yang dikonfirmasi" in digest.text
    assert "== Insiden baru" not in digest.text
    assert "37 insiden menunggu tinjauan" in digest.text
    assert_safe_html(digest.html)
    en = build_digest(request([], lang="en", month=MonthTotals(2026, 11)))
    assert "No new incidents were confirmed" in en.text
    assert en.subject.startswith("Pantau · Nothing new")


def test_many_incidents_are_capped_with_a_pointer_to_the_app() -> None:
    incidents = [
        summary(id=i, headline=f"Kasus nomor {i}", path=f"/incidents/{i}")
        for i in range(1, 121)
    ]
    digest = build_digest(request(incidents))
    assert digest.incident_count == 120
    assert digest.subject.startswith("Pantau · 120 insiden TPPO baru")
    assert digest.text.count("\n* Kasus nomor") == MAX_INCIDENTS
    assert "Kasus nomor 50" in digest.text
    assert "Kasus nomor 51\n" not in digest.text
    assert f"{120 - MAX_INCIDENTS} insiden lain tidak ditampilkan" in digest.html
    assert len(digest.html) < 400_000
    assert_safe_html(digest.html)


HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> "quoted" & <b>bold</b>'
)


def test_hostile_article_text_is_escaped_and_links_are_filtered() -> None:
    inc = summary(
        headline=HOSTILE + " " + "Sangatpanjang" * 400,
        locations=(
            {
                "name": "<i>Nunukan</i>",
                "code": "65.03",
                "level": "kabupaten_kota",
                "role": "<b>x</b>",
            },
        ),
        sources=(
            {
                "url": "javascript:alert(1)",
                "outlet": "<script>o</script>",
                "title": HOSTILE,
            },
            {
                "url": 'https://ok.test/a" onmouseover="alert(1)',
                "outlet": "Q",
                "title": "quote",
            },
            {
                "url": "data:text/html;base64,PHNjcmlwdD4=",
                "outlet": "D",
                "title": "data",
            },
            {
                "url": "https://ok.test/good?a=1&b=2",
                "outlet": "G",
                "title": "good\u202eevil",
            },
        ),
        path="javascript:alert(2)",
    )
    digest = build_digest(request([inc]))
    html = digest.html
    assert_safe_html(html)
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    hrefs = [a["href"] for t, a in tags(html) if t == "a"]
    assert "https://ok.test/good?a=1&b=2" in hrefs
    assert not any("alert" in h or h.startswith(("javascript", "data")) for h in hrefs)
    assert 'href="https://ok.test/good?a=1&amp;b=2"' in html
    assert "\u202e" not in html
    assert "\u202e" not in digest.text
    # the headline is cut: no line of the text part carries the 5000-character title
    assert max(len(line) for line in digest.text.splitlines()) < 260
    assert "…" in digest.text
    # plain text is not HTML-escaped but never carries a javascript: link
    assert "javascript:" not in digest.text
    assert "data:text" not in digest.text


def test_names_in_headlines_and_source_titles_are_masked_everywhere() -> None:
    inc = summary(
        headline="Mawar (16) dijual ke Batam",
        sources=(
            {
                "url": "https://warta.test/x",
                "outlet": "W",
                "title": "SR (17) dan Mawar (16) diselamatkan",
            },
        ),
    )
    digest = build_digest(request([inc]))
    for part in (digest.text, digest.html, digest.subject):
        assert "Mawar" not in part
        assert "SR (" not in part
    assert "[nama disamarkan] (16) dijual ke Batam" in digest.text


def test_rendering_is_pure() -> None:
    req = request([summary(), summary(id=8, follow_up_of=2)])
    assert build_digest(req) == build_digest(req)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        build_digest(request([], lang="fr"))


@pytest.mark.parametrize(
    ("provinces", "modus", "expected"),
    [
        ((), (), True),
        (("65",), (), True),
        (("35",), (), False),
        ((), ("irregular_migrant_work",), True),
        ((), ("online_scam",), False),
        (("35", "65"), ("online_scam", "irregular_migrant_work"), True),
    ],
)
def test_matches_filters(provinces, modus, expected) -> None:
    assert matches(summary(), provinces, modus) is expected


def test_plain_text_is_wrapped_for_plain_mail_clients() -> None:
    long = (
        "Polisi gagalkan pengiriman 12 calon PMI ilegal ke Malaysia lewat jalur tikus "
        "di perbatasan Nunukan, dua orang ditangkap"
    )
    digest = build_digest(request([summary(headline=long)]))
    assert (
        "* Polisi gagalkan pengiriman 12 calon PMI ilegal ke Malaysia lewat jalur\n"
        in (digest.text)
    )
    assert "  tikus di perbatasan Nunukan, dua orang ditangkap\n" in digest.text
    prose = [line for line in digest.text.splitlines() if "http" not in line]
    assert max(len(line) for line in prose) <= 80
