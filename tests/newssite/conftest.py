"""Fixtures for the offline news site: tiny article sets in tmp dirs and running
servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newssite.server import start_site
from newssite.site import Site

OFFSETS = {
    "antara_kalbar": "+07:00",
    "antara_ntt": "+08:00",
    "kompas_regional": "+07:00",
    "detik_news": "+07:00",
    "tribun_batam": "+07:00",
    "warta_perbatasan": "+08:00",
}
HOSTILE_TITLE = '<script>alert("judul")</script> Polisi & "agen" </title> gerebek'


def article_data(article_id: str, outlet: str, **overrides: Any) -> dict[str, Any]:
    """A minimal valid article (tiny paragraphs pass the loader's hard rules)."""
    n = int(overrides.pop("n_paragraphs", 3))
    data = {
        "id": article_id,
        "outlet": outlet,
        "section": "hukum",
        "title": f"Berita uji {article_id}",
        "published": f"2024-03-15T14:20:00{OFFSETS[outlet]}",
        "dateline": "Pontianak",
        "author": "Rina Pewarta",
        "editor": "Budi Editor",
        "caption": "Petugas memberi keterangan kepada wartawan. (Foto/Redaksi)",
        "paragraphs": [
            f"Paragraf {i + 1} dari berita {article_id} tentang korban di desa."
            for i in range(n)
        ],
        "tags": ["tppo", "korban"],
        "related": [],
        "syndicated_from": None,
        "label": {
            "tppo": True,
            "kind": "incident",
            "modus": [],
            "locations": [],
            "counts": {},
        },
    }
    data.update(overrides)
    return data


def write_article(directory: Path, data: dict[str, Any]) -> Path:
    path = directory / f"{data['id']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def tiny_site_dir(directory: Path) -> Path:
    """Two dozen tiny articles: every outlet, a paginated detik indeks, multi-page
    Kompas stories, a syndicated copy, related links and one hostile title per
    layout."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(23):  # 3 indeks pages of 10
        write_article(
            directory,
            article_data(
                f"detik-news-uji-{i:02d}",
                "detik_news",
                published=f"2024-02-{i + 1:02d}T0{i % 10}:15:00+07:00",
                dateline="Jakarta",
                n_paragraphs=3 + i % 4,
            ),
        )
    write_article(
        directory,
        article_data(
            "kompas-regional-uji-delapan",
            "kompas_regional",
            n_paragraphs=8,
            related=["detik-news-uji-01", "antara-kalbar-uji-a"],
        ),
    )
    write_article(
        directory,
        article_data(
            "kompas-regional-uji-empatbelas",
            "kompas_regional",
            n_paragraphs=14,
            published="2024-04-01T09:00:00+07:00",
        ),
    )
    write_article(
        directory,
        article_data(
            "kompas-regional-uji-pendek",
            "kompas_regional",
            n_paragraphs=7,
            published="2024-03-02T10:00:00+07:00",
        ),
    )
    write_article(
        directory,
        article_data(
            "antara-kalbar-uji-a",
            "antara_kalbar",
            n_paragraphs=6,
            related=["kompas-regional-uji-delapan", "detik-news-uji-02"],
        ),
    )
    write_article(
        directory,
        article_data(
            "antara-ntt-uji-a",
            "antara_ntt",
            dateline="Kupang",
            n_paragraphs=6,
            published="2025-06-10T08:05:00+08:00",
        ),
    )
    write_article(
        directory,
        article_data(
            "tribun-batam-uji-a",
            "tribun_batam",
            dateline="Batam",
            n_paragraphs=6,
            related=["antara-kalbar-uji-a"],
        ),
    )
    write_article(
        directory,
        article_data(
            "tribun-batam-uji-salinan",
            "tribun_batam",
            dateline="Batam",
            syndicated_from="kompas-regional-uji-delapan",
            n_paragraphs=5,
            published="2024-03-16T08:00:00+07:00",
        ),
    )
    write_article(
        directory,
        article_data(
            "warta-perbatasan-uji-a",
            "warta_perbatasan",
            dateline="Nunukan",
            n_paragraphs=6,
            related=["tribun-batam-uji-a", "antara-ntt-uji-a"],
            syndicated_from="antara-ntt-uji-a",
        ),
    )
    for outlet in OFFSETS:
        write_article(
            directory,
            article_data(
                f"{outlet.replace('_', '-')}-uji-hostile",
                outlet,
                title=HOSTILE_TITLE,
                published=f"2023-05-05T05:05:00{OFFSETS[outlet]}",
                paragraphs=[
                    "Warga menulis <b>tebal</b> & </p><script>alert(1)</script> di media sosial.",  # noqa: E501
                    "Paragraf kedua menyebut \"agen\" dan 'calo' serta <!-- komentar -->.",  # noqa: E501
                ],
                caption="<img src=x onerror=alert(1)>",
                tags=["</script>", "korban"],
                author="Pewarta <b>Nakal</b>",
            ),
        )
    return directory


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_site_dir(tmp_path_factory.mktemp("tiny-site"))


@pytest.fixture(scope="session")
def tiny_site(tiny_dir: Path) -> Site:
    return Site.from_dir(tiny_dir)


@pytest.fixture(scope="session")
def bundled_site() -> Site:
    return Site.from_dir()


@pytest.fixture(scope="module")
def server(tiny_dir: Path):
    with start_site(content_dir=tiny_dir) as srv:
        yield srv
