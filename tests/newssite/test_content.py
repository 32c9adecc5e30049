"""The article loader: schema validation with file names in errors, stable URL ids."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newssite.content import (
    ContentError,
    load_articles,
    numeric_id,
    slugify,
    style_warnings,
)
from newssite.urls import article_path, article_paths, expected_text, page_split
from tests.newssite.conftest import article_data, write_article


def test_loads_all_fields(tmp_path):
    write_article(
        tmp_path,
        article_data(
            "antara-ntt-satu",
            "antara_ntt",
            dateline="Kupang",
            published="2025-01-02T03:04:05+08:00",
            caption=None,
        ),
    )
    [article] = load_articles(tmp_path)
    assert article.id == "antara-ntt-satu"
    assert article.outlet == "antara_ntt"
    assert article.published == datetime.fromisoformat("2025-01-02T03:04:05+08:00")
    assert article.zone == "WITA"
    assert article.caption is None
    assert article.paragraphs[0].startswith("Paragraf 1")
    assert article.label["tppo"] is True
    assert article.source == tmp_path / "antara-ntt-satu.json"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"outlet": "kompas"}, "unknown outlet"),
        ({"published": "2024-03-15T14:20:00"}, "UTC offset"),
        ({"published": "2022-12-31T10:00:00+07:00"}, "outside"),
        ({"published": "2024-03-15T14:20:00+05:30"}, "offset must be"),
        ({"published": "15 Maret 2024"}, "not ISO 8601"),
        ({"paragraphs": []}, "'paragraphs' is empty"),
        ({"paragraphs": ["ok", ""]}, "'paragraphs' must be a list"),
        ({"title": "  "}, "'title' must be a non-empty string"),
        ({"related": ["detik-news-x"]}, "cannot be related to itself"),
        ({"label": {"tppo": "yes"}}, "label.tppo"),
        ({"label": {"tppo": True, "kind": None}}, "label.kind is required"),
        ({"paragraf": ["typo"]}, "unknown field"),
    ],
)
def test_bad_file_is_named_in_the_error(tmp_path, change, message):
    write_article(tmp_path, article_data("detik-news-ok", "detik_news"))
    bad = write_article(tmp_path, article_data("detik-news-x", "detik_news") | change)
    with pytest.raises(ContentError) as info:
        load_articles(tmp_path)
    assert str(info.value).startswith(str(bad))
    assert message in str(info.value)


def test_missing_field_and_broken_json_are_named(tmp_path):
    data = article_data("tribun-batam-x", "tribun_batam")
    del data["editor"]
    bad = write_article(tmp_path, data)
    with pytest.raises(
        ContentError, match=r"tribun-batam-x\.json: missing field\(s\) \['editor'\]"
    ):
        load_articles(tmp_path)
    bad.write_text('{"id": "tribun-batam-x",', encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"tribun-batam-x\.json: invalid JSON at line 1"
    ):
        load_articles(tmp_path)


def test_file_name_must_match_id(tmp_path):
    (tmp_path / "lain.json").write_text(
        json.dumps(article_data("detik-news-a", "detik_news")), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"lain\.json: file name must be the id"):
        load_articles(tmp_path)


def test_references_must_resolve(tmp_path):
    write_article(
        tmp_path, article_data("detik-news-a", "detik_news", related=["hilang"])
    )
    with pytest.raises(
        ContentError, match=r"detik-news-a\.json: related id 'hilang' does not exist"
    ):
        load_articles(tmp_path)
    write_article(
        tmp_path, article_data("detik-news-a", "detik_news", syndicated_from="hilang")
    )
    with pytest.raises(ContentError, match="syndicated_from id 'hilang'"):
        load_articles(tmp_path)


def test_same_day_same_title_on_one_outlet_is_refused(tmp_path):
    # Tribun URLs carry only the date and the slug, so two such stories would share a
    # URL
    write_article(
        tmp_path, article_data("tribun-batam-a", "tribun_batam", title="Sama Persis")
    )
    write_article(
        tmp_path, article_data("tribun-batam-b", "tribun_batam", title="Sama persis!")
    )
    with pytest.raises(ContentError, match="same outlet, date and title slug"):
        load_articles(tmp_path)


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(ContentError, match="does not exist"):
        load_articles(tmp_path / "nope")


def test_numeric_ids_are_stable_seven_digit_hashes():
    assert numeric_id("antara-kalbar-2023-kawin-kontrak-singkawang") == numeric_id(
        "antara-kalbar-2023-kawin-kontrak-singkawang"
    )
    ids = {numeric_id(f"artikel-{i}") for i in range(2000)}
    assert all(1_000_000 <= i <= 8_999_999 for i in ids)
    assert len(ids) == 2000


def test_slugs_are_ascii_and_short():
    assert slugify("Polres Singkawang gagalkan pengiriman 2 perempuan ke China") == (
        "polres-singkawang-gagalkan-pengiriman-2-perempuan-ke-china"
    )
    assert slugify("Bosé, “kopi” & café — Rp 5 juta!") == "bose-kopi-cafe-rp-5-juta"
    long = slugify("kata " * 60)
    assert len(long) <= 90
    assert not long.endswith("-")


def test_url_shapes_per_outlet(tmp_path):
    for outlet, city in [
        ("antara_kalbar", "Pontianak"),
        ("kompas_regional", "Pontianak"),
        ("detik_news", "Jakarta"),
        ("tribun_batam", "Batam"),
        ("warta_perbatasan", "Nunukan"),
        ("antara_ntt", "Kupang"),
    ]:
        write_article(
            tmp_path,
            article_data(
                f"{outlet.replace('_', '-')}-url",
                outlet,
                dateline=city,
                title="Judul Berita Uji",
                published="2024-03-15T14:20:00+07:00",
            ),
        )
    by_outlet = {a.outlet: a for a in load_articles(tmp_path)}
    n = {k: a.numeric_id for k, a in by_outlet.items()}
    assert (
        article_path(by_outlet["antara_kalbar"])
        == f"/antara-kalbar/berita/{n['antara_kalbar']}/judul-berita-uji"
    )
    assert (
        article_path(by_outlet["antara_ntt"])
        == f"/antara-ntt/berita/{n['antara_ntt']}/judul-berita-uji"
    )
    assert article_path(by_outlet["kompas_regional"]) == (
        f"/kompas-regional/read/2024/03/15/{n['kompas_regional']}/judul-berita-uji"
    )
    assert (
        article_path(by_outlet["detik_news"])
        == f"/detik-news/berita/d-{n['detik_news']}/judul-berita-uji"
    )
    assert (
        article_path(by_outlet["tribun_batam"])
        == "/tribun-batam/2024/03/15/judul-berita-uji"
    )
    assert (
        article_path(by_outlet["warta_perbatasan"])
        == "/warta-perbatasan/2024/03/judul-berita-uji/"
    )
    paths = article_paths(by_outlet.values())
    assert sorted(paths) == sorted(
        [
            "antara-kalbar",
            "antara-ntt",
            "kompas-regional",
            "detik-news",
            "tribun-batam",
            "warta-perbatasan",
        ]
    )
    assert all(len(v) == 1 for v in paths.values())


def test_kompas_page_split_and_expected_text(tmp_path):
    for n in (7, 8, 11, 12, 14):
        write_article(
            tmp_path,
            article_data(
                f"kompas-regional-p{n}",
                "kompas_regional",
                n_paragraphs=n,
                title=f"Judul {n}",
            ),
        )
    write_article(
        tmp_path, article_data("detik-news-p14", "detik_news", n_paragraphs=14)
    )
    arts = {a.id: a for a in load_articles(tmp_path)}
    sizes = {
        n: [len(p) for p in page_split(arts[f"kompas-regional-p{n}"])]
        for n in (7, 8, 11, 12, 14)
    }
    assert sizes == {7: [7], 8: [4, 4], 11: [6, 5], 12: [4, 4, 4], 14: [5, 5, 4]}
    assert len(page_split(arts["detik-news-p14"])) == 1
    text = expected_text(arts["kompas-regional-p7"])
    assert text.split("\n\n") == arts["kompas-regional-p7"].paragraphs
    assert "Pontianak" not in text


def test_bundled_content_follows_the_schema():
    articles = load_articles()
    assert len(articles) >= 6
    assert {a.outlet for a in articles} == {
        "antara_kalbar",
        "antara_ntt",
        "kompas_regional",
        "detik_news",
        "tribun_batam",
        "warta_perbatasan",
    }
    problems = {a.id: style_warnings(a) for a in articles if style_warnings(a)}
    assert problems == {}


def test_style_warnings_flag_short_stories_and_datelines(tmp_path):
    write_article(
        tmp_path,
        article_data(
            "detik-news-w",
            "detik_news",
            dateline="Medan",
            paragraphs=["Medan - Polisi menangkap dua orang."],
        ),
    )
    [article] = load_articles(tmp_path)
    warnings = style_warnings(article)
    assert "1 paragraphs (expected 6-14)" in warnings
    assert any("start with a dateline" in w for w in warnings)
    assert any("paragraph 1 has 6 words" in w for w in warnings)
