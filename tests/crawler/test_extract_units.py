# ruff: noqa: E501 - the HTML snippets read better on one line each
"""crawler.extract on small pages written for these tests: decoding, bad input,
boilerplate, datelines, dates, titles, canonical URLs and pagination."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from html import escape

import pytest

from crawler.extract import (
    MAX_HTML_BYTES,
    Article,
    ExtractionHints,
    decode_html,
    detect_language,
    extract_article,
    join_pages,
)
from crawler.families import FAMILIES, family_for_domain, parse_dateline

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
URL = "https://kalbar.antaranews.com/berita/123/polres-gagalkan-pengiriman"
STORY = [
    "Pontianak (ANTARA) - Polres Singkawang menggagalkan pengiriman dua perempuan ke China "
    "yang dijanjikan pekerjaan sebagai penjaga toko dengan gaji besar.",
    "Kapolres mengatakan kedua korban direkrut melalui media sosial oleh seorang perantara "
    "yang kini sudah ditahan untuk pemeriksaan lebih lanjut.",
    "Polisi juga menyita paspor, tiket pesawat dan telepon genggam milik tersangka yang "
    "dipakai untuk berkomunikasi dengan jaringan di luar negeri.",
]
TITLE = "Polres Singkawang gagalkan pengiriman dua perempuan ke China"


def page(
    body: str,
    *,
    title: str = TITLE,
    head: str = "",
    h1: str | None = None,
    container: str = '<div class="post-content">{}</div>',
    after: str = "",
) -> str:
    """An ANTARA-like article page around ``body`` (HTML of the article container)."""
    heading = escape(title if h1 is None else h1)
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>{escape(title)} - ANTARA News</title>{head}</head><body>"
        f"<nav><a href='/'>Beranda</a> <a href='/hukum'>Hukum</a></nav>"
        f"<div class='wrap__article-detail-title'><h1>{heading}</h1></div>"
        f"<div class='wrap__article-detail-info'><span>Jumat, 15 Maret 2024 14:20 WIB</span></div>"
        f"{container.format(body)}{after}"
        f"<footer>Copyright © 2024 ANTARA</footer></body></html>"
    )


def paras(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def extract(html: str | bytes, url: str = URL, **hints: object) -> Article | None:
    return extract_article(html, url, ExtractionHints(**hints))  # type: ignore[arg-type]


# -- decoding --------------------------------------------------------------------------

TEXT = (
    "“Kami ingin tenun ikat dikenal,” kata Maria — harga Rp 350.000 – Rp 5 juta, bosé ½"
)


def test_utf8_declared_as_latin1_is_read_as_utf8() -> None:
    body = f"<meta charset='iso-8859-1'><p>{TEXT}</p>".encode()
    text, encoding = decode_html(body, "iso-8859-1")
    assert encoding == "utf-8"
    assert TEXT in text


def test_cp1252_declared_as_utf8_is_read_as_cp1252() -> None:
    body = f"<meta charset='utf-8'><p>{TEXT}</p>".encode("cp1252")
    text, encoding = decode_html(body, "utf-8")
    assert encoding == "cp1252"
    assert TEXT in text


def test_latin1_declared_in_meta() -> None:
    body = "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
    body += "<p>Caf\xe9 di Pontianak</p>"
    text, encoding = decode_html(body.encode("latin-1"))
    assert encoding == "iso-8859-1"
    assert "Café di Pontianak" in text


def test_unknown_declared_charset_falls_back() -> None:
    body = "<p>Caf\xe9 “ok”</p>".encode("cp1252")
    text, encoding = decode_html(body, "x-no-such-charset")
    assert encoding == "cp1252"
    assert "Café “ok”" in text


def test_utf8_cut_inside_a_character_stays_utf8() -> None:
    body = f"<p>{TEXT}</p>".encode()
    cut = body[: body.index("½".encode()) + 1]  # half of a two-byte character
    text, encoding = decode_html(cut)
    assert encoding == "utf-8"
    assert "bosé" in text


def test_utf8_with_one_stray_latin1_byte_stays_utf8() -> None:
    body = ("<p>" + TEXT * 3 + "</p>").encode() + b"<p>\xa9 2016</p>"
    text, encoding = decode_html(body)
    assert encoding == "utf-8"
    assert TEXT in text


def test_byte_order_mark_is_dropped() -> None:
    text, encoding = decode_html(b"\xef\xbb\xbf<p>halo</p>")
    assert (text, encoding) == ("<p>halo</p>", "utf-8")


def test_extract_decodes_bytes_itself() -> None:
    html = page(paras([*STORY[:2], TEXT]))
    article = extract(html.encode("cp1252", "xmlcharrefreplace"))
    assert article is not None
    assert TEXT in article.text


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html", ["", "   \n ", b"", "<html></html>", "<p>halo</p>", "\x00\x00"]
)
def test_empty_input_gives_none(html: str | bytes) -> None:
    assert extract(html) is None


def test_listing_page_gives_none() -> None:
    items = "".join(
        f"<article><h2><a href='/berita/{i}'>Judul berita nomor {i} tentang banjir</a></h2>"
        f"<p>Pontianak - Ringkasan singkat berita nomor {i} yang dimuat hari ini.</p></article>"
        for i in range(20)
    )
    html = page(
        items, title="Indeks Berita", head="<meta property='og:type' content='website'>"
    )
    assert extract(html, "https://kalbar.antaranews.com/indeks") is None


def test_listing_without_og_type_gives_none() -> None:
    """Teaser cards are sentences too; they are not one story about the page's title."""
    cards = "".join(
        f"<div class='card'><h3><a href='/b/{i}'>Judul {i}</a></h3><p>Polisi di kabupaten "
        f"nomor {i} menangkap seorang perekrut pekerja migran yang memberangkatkan warga "
        f"secara ilegal ke luar negeri bulan lalu.</p></div>"
        for i in range(12)
    )
    html = f"<html><head><title>Indeks Berita</title></head><body>{cards}</body></html>"
    assert extract(html, "https://kabardaerah.example.id/indeks") is None


def test_front_page_gives_none() -> None:
    assert extract(page(paras(STORY)), "https://kalbar.antaranews.com/") is None


@pytest.mark.parametrize(
    "body_class", ["archive category", "blog", "search", "error404"]
)
def test_wordpress_archive_pages_give_none(body_class: str) -> None:
    html = page(paras(STORY), container="<div class='entry-content'>{}</div>")
    html = html.replace("<body>", f"<body class='{body_class}'>")
    url = "https://wartaperbatasan.example.id/2024/03/a/"
    assert extract(html, url, family="wordpress") is None
    single = html.replace(
        f"<body class='{body_class}'>", "<body class='single single-post'>"
    )
    assert extract(single, url, family="wordpress") is not None


def test_page_of_links_gives_none() -> None:
    links = "".join(
        f"<li><a href='/b/{i}'>Berita nomor {i} yang sedang populer</a></li>"
        for i in range(40)
    )
    html = (
        f"<html><head><title>Situs</title></head><body><ul>{links}</ul></body></html>"
    )
    assert extract(html, "https://unknown.example.id/") is None


def test_empty_family_container_gives_none_without_guessing() -> None:
    html = page(
        "", after=f"<div class='cookie-banner'><p>{STORY[1]} {STORY[2]}</p></div>"
    )
    assert extract(html) is None


def test_too_short_body_gives_none() -> None:
    assert extract(page(paras(["Pontianak (ANTARA) - Singkat."]))) is None


def test_truncated_html_still_gives_the_text_before_the_cut() -> None:
    html = page(paras(STORY))
    cut = html[
        : html.index(STORY[2][:30]) + 20
    ]  # inside the third paragraph, no closing tags
    article = extract(cut)
    assert article is not None
    assert article.title == TITLE
    assert STORY[0] in article.text
    assert STORY[1] in article.text


def test_huge_page_costs_bounded_time() -> None:
    comments = "".join(
        f"<div class='comment'><p>Komentar pembaca nomor {i}: setuju sekali dengan berita ini "
        f"dan semoga pelaku dihukum berat.</p></div>"
        for i in range(60_000)
    )
    html = page(paras(STORY), after=comments).encode()
    assert len(html) > MAX_HTML_BYTES
    started = time.perf_counter()
    article = extract(html)
    assert time.perf_counter() - started < 15
    assert article is not None
    assert article.text == "\n\n".join(STORY)


def test_broken_xpath_in_rules_finds_nothing_instead_of_raising() -> None:
    from crawler.extract import _xpath

    assert _xpath(None, "//div[") == []


# -- boilerplate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    [
        "<p>Baca juga: <a href='/b/2'>Polisi tangkap perekrut PMI ilegal</a></p>",
        "<p class='baca-juga'><b>Baca juga:</b> <a href='/b/3'>Kisah korban TPPO</a></p>",
        "<p>Baca: Jawaban soal SMP tentang menunda pekerjaan</p>",
        "<p>Pewarta: Nama Pewarta<br>Editor: Nama Editor<br>Copyright © ANTARA 2024</p>",
        "<p>Penulis: Muhammad Renald</p>",
        "<p>Sumber: TribunSolo.com</p>",
        "<p>ADVERTISEMENT</p>",
        "<p>SCROLL TO CONTINUE WITH CONTENT</p>",
        "<div class='ads-in-article'><ins class='adsbygoogle'></ins><p>Iklan</p></div>",
        "<figure><img src='x.jpg'><figcaption>Kapolres memberi keterangan. (ANTARA/Nama)"
        "</figcaption></figure>",
        "<div class='entertainment-newsdetail-image-caption'>Korban saat diperiksa</div>",
        "<div><em>Taylor Swift memberikan standing ovation untuk Joey. Foto: Grammy</em></div>",
        "<p>Depresi berat, waspada diabetes! (Foto: Usnews)</p>",
        "<div class='share-links'><span>Bagikan</span><a href='#'>Facebook</a></div>",
        "<ul class='related'><li><a href='/b/5'>Berita lain tentang pengiriman PMI</a></li></ul>",
        "<p>0 Komentar</p>",
        "<p>17 Shares</p>",
        "<h2>Jangan Lewatkan!</h2>",
        "<a class='button'>LOAD MORE</a>",
        "<p>Halaman Selanjutnya</p>",
        "<p>Artikel ini telah tayang di TribunBatam.id dengan judul Polisi Gagalkan</p>",
        "<p>Ikuti berita terkini dari kami di Google News</p>",
        "<blockquote class='twitter-tweet'><p>A standing ovation for Joey!</p></blockquote>",
        "<script>var iklan = 'jangan tampil';</script><style>p{color:red}</style>",
    ],
)
def test_boilerplate_inside_the_body_is_dropped(junk: str) -> None:
    body = f"<p>{STORY[0]}</p>{junk}<p>{STORY[1]}</p><p>{STORY[2]}</p>"
    article = extract(page(body))
    assert article is not None
    assert list(article.paragraphs) == STORY


@pytest.mark.parametrize(
    "tail",
    [
        "<p>(kpl/pur/tch)</p>",
        "<p><strong>(FHM)</strong></p>",
        "<p><strong>DINI TEJA</strong></p>",
        "<p>Tags: <a href='/t/tppo'>tppo</a></p>",
        "<p>Shares</p>",
        "<p>LOAD MORE...</p>",
    ],
)
def test_trailing_credits_and_buttons_are_dropped(tail: str) -> None:
    article = extract(page(paras(STORY) + tail))
    assert article is not None
    assert list(article.paragraphs) == STORY


def test_initials_at_the_end_of_the_last_paragraph_are_cut() -> None:
    article = extract(page(paras([*STORY[:2], STORY[2] + " (vyp/kna)"])))
    assert article is not None
    assert article.paragraphs[-1] == STORY[2]


@pytest.mark.parametrize(
    "keep",
    [
        "Sumber dana kegiatan itu berasal dari anggaran desa, kata kepala desa kepada wartawan.",
        "Editor senior di sebuah penerbit itu ikut menjadi korban penipuan lowongan kerja.",
        "Korban dijanjikan bekerja di Malaysia (ANTARA) dengan gaji tinggi oleh perekrut.",
        "Salah satunya adalah depresi.",
        "Polisi menyebut modus ini sudah dipakai sejak 2022 (KPAI).",
    ],
)
def test_story_lines_that_look_like_boilerplate_are_kept(keep: str) -> None:
    article = extract(page(paras([*STORY, keep])))
    assert article is not None
    assert article.paragraphs[-1] == keep


def test_inline_link_with_a_tag_class_is_story_text() -> None:
    first = STORY[0].replace(
        "China", "<a class='inner-link-tag' href='/tag/china'>China</a>"
    )
    article = extract(page(f"<p>{first}</p>" + paras(STORY[1:])))
    assert article is not None
    assert article.paragraphs[0] == STORY[0]


def test_br_separated_paragraphs() -> None:
    body = "<p>" + "<br><br>".join(escape(p) for p in STORY) + "</p>"
    article = extract(page(body))
    assert article is not None
    assert list(article.paragraphs) == STORY


def test_title_repeated_as_first_body_line_is_dropped() -> None:
    article = extract(page(f"<h1>{TITLE}</h1>" + paras(STORY)))
    assert article is not None
    assert list(article.paragraphs) == STORY


# -- datelines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "city"),
    [
        ("Pontianak (ANTARA) - Polisi", "Pontianak"),
        ("Kota Kupang (ANTARA) - Polisi", "Kota Kupang"),
        ("Mataram, NTB (ANTARA News) - Sebanyak", "Mataram"),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- Pemerintah", "Istanbul"),
        ("PONTIANAK, KOMPAS.com - Polisi", "Pontianak"),
        ("LOS ANGELES, KOMPAS.com — Pendiri", "Los Angeles"),
        ("Jakarta, KompasOtomotif – Tahun depan", "Jakarta"),
        ("TRIBUNBATAM.id, BATAM - Polisi", "Batam"),
        ("Liputan6.com, Jakarta - Indonesia", "Jakarta"),
        ("Liputan6.com, Jakarta London Love Story", "Jakarta"),
        ("REPUBLIKA.CO.ID, JAKARTA -- Aktris", "Jakarta"),
        ("IHRAM.CO.ID, BANJARMASIH -- Kepala", "Banjarmasih"),
        ("TEMPO.CO, Jakarta - Organisasi", "Jakarta"),
        ("Jakarta - Galaxy S6", "Jakarta"),
        ("JAKARTA - Memiliki", "Jakarta"),
        ("NUNUKAN – Warga", "Nunukan"),
        ("Kapanlagi.com - Brandon", None),
        ("TRIBUNNEWS.COM - Berikut", None),
        ("VIVA.co.id - Pianis", None),
    ],
)
def test_dateline_patterns(opening: str, city: str | None) -> None:
    found = parse_dateline(opening)
    assert found is not None
    assert found.city == city
    assert opening[found.end :].strip()[0].isupper()


@pytest.mark.parametrize(
    "opening",
    [
        "DEPRESI jadi satu momok",
        "Polisi menangkap dua orang",
        "“Kami terpaksa,” ujar Yosef.",
    ],
)
def test_no_dateline(opening: str) -> None:
    assert parse_dateline(opening) is None


def test_dateline_is_returned_and_kept_in_the_text() -> None:
    article = extract(page(paras(STORY)))
    assert article is not None
    assert article.dateline == "Pontianak"
    assert article.paragraphs[0].startswith("Pontianak (ANTARA) - ")


def test_bare_dateline_block_joins_the_next_paragraph() -> None:
    body = "<strong>Jakarta</strong> - " + paras(
        ["Galaxy S6 Edge adalah ponsel jagoan Samsung.", *STORY[1:]]
    )
    html = page(body, container="<div class='detail__body-text'>{}</div>")
    article = extract(html, "https://inet.detik.com/read/1/a", family="detik")
    assert article is not None
    assert (
        article.paragraphs[0]
        == "Jakarta - Galaxy S6 Edge adalah ponsel jagoan Samsung."
    )
    assert article.dateline == "Jakarta"


def test_outlet_is_not_a_dateline() -> None:
    first = "Kapanlagi.com - " + STORY[0].split(" - ", 1)[1]
    article = extract(page(paras([first, *STORY[1:]])))
    assert article is not None
    assert article.dateline is None


# -- titles ----------------------------------------------------------------------------


def test_section_heading_in_h1_is_not_the_title() -> None:
    html = page(
        paras(STORY),
        h1="News",
        container=f"<div class='jdl-detail'><h2>{TITLE}</h2></div><div class='content-detail'>{{}}</div>",
    )
    article = extract(html, "https://nasional.republika.co.id/berita/1/a")
    assert article is not None
    assert article.title == TITLE


def test_visible_headline_wins_over_a_shorter_title_tag() -> None:
    shown = "In Picture: " + TITLE
    article = extract(page(paras(STORY), h1=shown))
    assert article is not None
    assert article.title == shown


def test_title_tag_without_site_suffix_when_no_heading_agrees() -> None:
    html = page(paras(STORY), h1="Hukum")
    article = extract(html)
    assert article is not None
    assert article.title == TITLE


def test_prefix_of_og_title_is_dropped() -> None:
    html = page(paras(STORY), h1="Berita", title="Polres gagalkan pengiriman")
    html = html.replace(
        "<title>", f"<meta property='og:title' content='KapanLagi.com: {TITLE}'><title>"
    )
    article = extract(html)
    assert article is not None
    assert article.title == TITLE


# -- dates -----------------------------------------------------------------------------


def test_visible_date_in_the_page_zone() -> None:
    article = extract(page(paras(STORY)))
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, tzinfo=WIB)


def test_seconds_come_from_a_stamp_that_agrees() -> None:
    head = "<meta property='article:published_time' content='2024-03-15T07:20:37Z'>"
    article = extract(page(paras(STORY), head=head))
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, 37, tzinfo=WIB)


def test_local_time_mislabelled_utc_follows_the_page() -> None:
    """detik labels Jakarta time "Z"; the page's own 14:20 WIB is right, seconds are
    kept."""
    head = "<meta name='pubdate' content='2024-03-15 T14:20:58Z'>"
    article = extract(page(paras(STORY), head=head))
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, 58, tzinfo=WIB)


def test_stamp_alone_is_used() -> None:
    html = page(paras(STORY)).replace("Jumat, 15 Maret 2024 14:20 WIB", "")
    html = html.replace(
        "</head>",
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2024-03-15T14:20:05+08:00"}'
        "</script></head>",
    )
    article = extract(html)
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, 5, tzinfo=WITA)


def test_date_with_time_beats_a_bare_date_the_same_day() -> None:
    info = "<span class='kcm-date'>Selasa, 23 Februari 2016</span>"
    info += "<div class='kcm-date'>Selasa, 23 Februari 2016 | 16:52 WIB</div>"
    html = page(paras(STORY)).replace("<span>Jumat, 15 Maret 2024 14:20 WIB</span>", "")
    html = html.replace(
        '<div class="post-content">', info + "<div class='read__content'>"
    )
    article = extract(html, "https://otomotif.kompas.com/read/2016/02/23/1/a")
    assert article is not None
    assert article.published == datetime(2016, 2, 23, 16, 52, tzinfo=WIB)


def test_relative_date_against_a_frozen_now() -> None:
    now = datetime(2024, 3, 15, 16, 0, tzinfo=WIB)
    html = page(paras(STORY)).replace("Jumat, 15 Maret 2024 14:20 WIB", "2 jam lalu")
    article = extract(html, now=now)
    assert article is not None
    assert article.published == now - timedelta(hours=2)


def test_outlet_zone_for_dates_without_one() -> None:
    html = page(paras(STORY)).replace("14:20 WIB", "14:20")
    article = extract(html, timezone="Asia/Makassar")
    assert article is not None
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(hours=8)
    assert article.published.hour == 14


def generic_page(head: str, before_h1: str, after_h1: str) -> str:
    return (
        f"<html><head><title>{TITLE} | Kabar Daerah</title>{head}</head><body>"
        f"{before_h1}<h1>{TITLE}</h1>{after_h1}<div class='isi'>{paras(STORY)}</div>"
        f"<aside><span class='date'>Senin, 11 Maret 2024</span></aside></body></html>"
    )


GENERIC_URL = "https://kabardaerah.example.id/2024/03/15/polres-gagalkan"


def test_generic_date_is_the_one_under_the_headline() -> None:
    html = generic_page(
        "",
        "<div class='today-date'>Sabtu, 16 Maret 2024</div>",
        "<div class='byline'><span class='posted-on'>15/03/2024, 14:20 WIB</span></div>",
    )
    article = extract(html, GENERIC_URL)
    assert article is not None
    assert article.method == "generic"
    assert article.published == datetime(2024, 3, 15, 14, 20, tzinfo=WIB)


def test_generic_page_time_wins_over_a_stamp_mislabelled_utc() -> None:
    head = "<meta itemprop='datePublished' content='2024-03-15T14:20:41Z'>"
    html = generic_page(head, "", "<time>Jumat, 15 Maret 2024 14:20 WIB</time>")
    article = extract(html, GENERIC_URL)
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, 41, tzinfo=WIB)


def test_generic_stamp_wins_when_the_page_shows_no_zone() -> None:
    head = "<meta itemprop='datePublished' content='2024-03-15T07:20:41Z'>"
    html = generic_page(head, "", "<time>15 Maret 2024 21:00</time>")
    article = extract(html, GENERIC_URL)
    assert article is not None
    assert article.published == datetime(2024, 3, 15, 14, 20, 41, tzinfo=WIB)


def test_of_several_headings_the_title_itself_wins() -> None:
    html = page(paras(STORY), h1="Okezone " + TITLE + " - Health")
    html = html.replace('<div class="post-content">', f"<h1>{TITLE}</h1><div>", 1)
    article = extract(html, GENERIC_URL)
    assert article is not None
    assert article.title == TITLE


def test_no_date_anywhere_gives_none() -> None:
    html = page(paras(STORY)).replace("Jumat, 15 Maret 2024 14:20 WIB", "")
    article = extract(html)
    assert article is not None
    assert article.published is None


# -- canonical URL and pagination ------------------------------------------------------


def test_canonical_link_is_absolute_and_clean() -> None:
    head = "<link rel='canonical' href='/berita/123/polres-gagalkan-pengiriman?utm_source=x'>"
    article = extract(page(paras(STORY), head=head), URL + "?page=1#top")
    assert article is not None
    assert article.canonical_url == URL


def test_og_url_when_no_canonical_link() -> None:
    head = (
        "<link rel='canonical' href=''><meta property='og:url' content='"
        + URL
        + "/amp'>"
    )
    article = extract(page(paras(STORY), head=head), "https://m.antaranews.com/x")
    assert article is not None
    assert article.canonical_url == URL


def test_page_url_when_the_page_names_none() -> None:
    article = extract(page(paras(STORY)), URL + "?utm_medium=social")
    assert article is not None
    assert article.canonical_url == URL


KOMPAS = "https://regional.kompas.com/read/2024/03/15/1420/polres-gagalkan"


def kompas_page(paragraphs: list[str], paging: str) -> str:
    return page(
        paras(paragraphs), container=f"<div class='read__content'>{{}}</div>{paging}"
    )


def test_next_page_of_the_same_article() -> None:
    paging = f"<a class='paging__link paging__link--next' rel='next' href='{KOMPAS}?page=2'>Next</a>"
    article = extract(kompas_page(STORY[:2], paging), KOMPAS)
    assert article is not None
    assert article.next_page == KOMPAS + "?page=2"


def test_next_link_to_a_section_index_is_not_a_next_page() -> None:
    paging = "<a class='paging__link paging__link--next' rel='next' href='https://indeks.kompas.com?page=2'>2</a>"
    article = extract(kompas_page(STORY, paging), KOMPAS)
    assert article is not None
    assert article.next_page is None


def test_last_page_has_no_next_page() -> None:
    paging = f"<a class='paging__link' href='{KOMPAS}'>1</a>"
    article = extract(kompas_page(STORY[2:] * 2, paging), KOMPAS + "?page=2")
    assert article is not None
    assert article.next_page is None


def test_join_pages_keeps_order_meta_and_drops_repeats() -> None:
    first = extract(kompas_page(STORY[:2], ""), KOMPAS)
    second = extract(
        kompas_page([STORY[1], STORY[2], STORY[0][21:]], ""), KOMPAS + "?page=2"
    )
    assert first is not None
    assert second is not None
    joined = join_pages(first, [second])
    assert joined.paragraphs == (STORY[0], STORY[1], STORY[2], STORY[0][21:])
    assert joined.pages == 2
    assert joined.next_page is None
    assert (joined.title, joined.url, joined.published) == (
        first.title,
        first.url,
        first.published,
    )


# -- families, language, fallbacks -----------------------------------------------------


@pytest.mark.parametrize(
    ("host", "family"),
    [
        ("kalbar.antaranews.com", "antara"),
        ("regional.kompas.com", "kompas"),
        ("news.detik.com", "detik"),
        ("batam.tribunnews.com", "tribun"),
        ("www.liputan6.com", "liputan6"),
        ("WWW.TEMPO.CO:443", "tempo"),
        ("example.id", None),
        ("notkompas.com", None),
    ],
)
def test_family_for_domain(host: str, family: str | None) -> None:
    rules = family_for_domain(host)
    assert (rules.name if rules else None) == family


def test_hint_family_beats_the_domain() -> None:
    html = page(paras(STORY), container="<div class='entry-content'>{}</div>")
    article = extract(
        html, "http://127.0.0.1:8000/warta/2024/03/a/", family="wordpress"
    )
    assert article is not None
    assert article.method == "rules:wordpress"
    assert set(FAMILIES) >= {"antara", "kompas", "detik", "tribun", "wordpress"}


def test_generic_path_skips_a_cookie_notice() -> None:
    notice = (
        "<div class='cookie-consent'><p>Kami menggunakan cookie untuk meningkatkan pengalaman "
        "Anda membaca berita dan menayangkan iklan yang relevan bagi pembaca.</p><p>Dengan "
        "melanjutkan, Anda menyetujui kebijakan privasi dan ketentuan layanan kami.</p></div>"
    )
    html = (
        f"<html><head><title>{TITLE}</title></head><body>{notice}"
        f"<div class='isi'>{paras(STORY)}</div></body></html>"
    )
    article = extract(html, "https://kabardaerah.example.id/2024/03/a")
    assert article is not None
    assert list(article.paragraphs) == STORY


def test_unknown_layout_uses_the_generic_path() -> None:
    html = (
        f"<html><head><title>{TITLE} | Kabar Daerah</title></head><body><div id='menu'>"
        f"<a href='/'>Home</a></div><div class='isi'>{paras(STORY)}</div></body></html>"
    )
    article = extract(html, "https://kabardaerah.example.id/2024/03/a")
    assert article is not None
    assert article.method == "generic"
    assert list(article.paragraphs) == STORY
    assert article.title == TITLE


def test_trafilatura_is_the_last_resort() -> None:
    divs = "".join(f"<div>{escape(p)}</div>" for p in STORY)
    html = (
        f"<html><head><title>{TITLE}</title></head><body><main><article>"
        f"<h1>{TITLE}</h1>{divs}</article></main></body></html>"
    )
    url = "https://kabardaerah.example.id/2024/03/a"
    assert extract(html, url, use_trafilatura=False) is None
    article = extract(html, url)
    assert article is not None
    assert article.method == "trafilatura"
    assert STORY[1] in article.text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (" ".join(STORY), "id"),
        (
            "Indonesia could learn from the experience of Finland in handling peatlands, "
            "the secretary of state said on Tuesday.",
            "en",
        ),
        ("12345 67890", "other"),
        ("", "other"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_to_json_has_the_cli_contract() -> None:
    article = extract(page(paras(STORY)))
    assert article is not None
    data = article.to_json()
    assert data["title"] == TITLE
    assert data["text"] == "\n\n".join(STORY)
    assert data["published"] == "2024-03-15T14:20:00+07:00"
    assert data["dateline"] == "Pontianak"
    assert data["outlet"] == "kalbar.antaranews.com"
    assert data["canonical_url"] == URL


def test_threads_can_extract_at_once() -> None:
    """Parsers and compiled XPaths are per thread (lxml's are not thread-safe)."""
    from concurrent.futures import ThreadPoolExecutor

    html = page(paras(STORY)).encode()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: extract(html), range(40)))
    assert all(r is not None and list(r.paragraphs) == STORY for r in results)
