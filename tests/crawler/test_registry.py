"""The source registry and the spiders built from it."""

from __future__ import annotations

import re

import pytest

from crawler.registry import RegistryError, load_registry, select
from crawler.runner import spider_class_for
from crawler.spiders import SPIDERS


def test_shipped_registry_covers_the_required_outlet_families():
    sources = load_registry()
    live = select(sources, None, offline=False)
    families = {s.family for s in live}
    assert {"antara", "kompas", "detik", "tribun"} <= families
    regional = [s for s in live if s.family not in {"antara", "kompas", "detik", "tribun"}]
    assert len(regional) >= 2
    assert {s.discovery for s in sources.values()} == set(SPIDERS)


@pytest.mark.parametrize("source", load_registry().values(), ids=lambda s: s.name)
def test_every_source_builds_a_consistently_named_spider(source):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", source.name)
    cls = spider_class_for(source, {"DOWNLOAD_DELAY": 0})
    assert cls.name == source.name
    assert issubclass(cls, SPIDERS[source.discovery])
    assert (cls.custom_settings is None) == source.polite
    if source.offline:
        resolved = source.resolve("http://127.0.0.1:9999")
        assert all(u.startswith("http://127.0.0.1:9999/") for u in resolved.start_urls)
        with pytest.raises(RegistryError):
            source.resolve(None)


def test_bad_registry_entries_are_named(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "x"\ntitle = "X"\ndiscovery = "carrier-pigeon"\n'
                    'start_urls = ["http://x"]\nallowed_domains = ["x"]\n')
    with pytest.raises(RegistryError, match="source x: discovery"):
        load_registry(path)
    path.write_text('[[source]]\nname = "y"\nbogus = 1\n')
    with pytest.raises(RegistryError, match="source y"):
        load_registry(path)
    with pytest.raises(RegistryError, match="unknown source"):
        select(load_registry(), ["nope"])
