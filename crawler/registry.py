"""The source registry: which outlets to crawl, how to discover their articles, with what hints.

Entries live in ``crawler/sources.toml``. ``discovery`` picks the generic spider (``rss``,
``sitemap``, ``news_sitemap`` or ``listing``); ``family`` picks the extraction rules. Entries
with ``offline = true`` describe the bundled offline site: their URLs start with ``{site}``,
which is replaced by the site's base URL at crawl time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_REGISTRY = Path(__file__).with_name("sources.toml")
DISCOVERY_METHODS = ("rss", "sitemap", "news_sitemap", "listing")


class RegistryError(ValueError):
    """The registry file is missing, malformed, or names an unknown outlet."""


@dataclass(frozen=True)
class Source:
    """One outlet. ``article_pattern`` is a regex an article URL must match (listing pages and
    feeds link to much else); ``next_page_xpath`` follows listing pagination."""

    name: str
    title: str
    discovery: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    family: str | None = None
    province: str | None = None
    timezone: str = "Asia/Jakarta"
    article_pattern: str | None = None
    listing_link_xpath: str = "//a/@href"
    next_page_xpath: str | None = None
    max_listing_pages: int = 50
    offline: bool = False
    polite: bool = True
    min_body_chars: int = 150
    tags: tuple[str, ...] = field(default=())

    def resolve(self, site_url: str | None) -> Source:
        """The entry with ``{site}`` replaced; offline entries need ``site_url``."""
        if not self.offline:
            return self
        if not site_url:
            raise RegistryError(f"source {self.name} is offline: pass the offline site URL")
        base = site_url.rstrip("/")
        return Source(**{
            **self.__dict__,
            "start_urls": tuple(u.replace("{site}", base) for u in self.start_urls),
        })


def load_registry(path: Path | None = None) -> dict[str, Source]:
    """All sources by name; raises RegistryError naming the entry that is wrong."""
    path = path or DEFAULT_REGISTRY
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"cannot read source registry {path}: {exc}") from exc
    sources: dict[str, Source] = {}
    for i, entry in enumerate(data.get("source", [])):
        name = entry.get("name") or f"#{i}"
        try:
            src = Source(
                **{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
            )
        except TypeError as exc:
            raise RegistryError(f"source {name} in {path}: {exc}") from exc
        if src.discovery not in DISCOVERY_METHODS:
            raise RegistryError(
                f"source {name}: discovery {src.discovery!r} not in {DISCOVERY_METHODS}"
            )
        if not src.start_urls or not src.allowed_domains:
            raise RegistryError(f"source {name}: start_urls and allowed_domains are required")
        if name in sources:
            raise RegistryError(f"source {name} is listed twice in {path}")
        sources[name] = src
    return sources


def select(sources: dict[str, Source], names: list[str] | None, *,
           offline: bool | None = None) -> list[Source]:
    """The named sources (all when ``names`` is empty), optionally only offline or live ones."""
    if names:
        unknown = [n for n in names if n not in sources]
        if unknown:
            raise RegistryError(f"unknown source(s): {', '.join(unknown)}")
        chosen = [sources[n] for n in names]
    else:
        chosen = list(sources.values())
    if offline is not None:
        chosen = [s for s in chosen if s.offline == offline]
    return chosen
