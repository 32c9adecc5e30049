"""Routing and rendering of the offline news site, independent of any socket.

`Site.handle(method, target, host)` maps a request line to a `Response`; server.py only
moves bytes. Keeping the renderer pure lets tests and benchmarks render pages without
HTTP."""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from newssite import boilerplate as bp
from newssite import broken, fmt
from newssite.content import SiteArticle, load_articles, slugify
from newssite.outlets import BY_PREFIX, OUTLETS, Outlet
from newssite.urls import (
    PER_PAGE,
    article_path,
    listing_path,
    page_path,
    page_split,
    sort_newest_first,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML = "text/html; charset=utf-8"
SITE_EPOCH = datetime(2026, 11, 20, 8, 0, tzinfo=timezone(timedelta(hours=7)))
# smallest valid GIF, served for every /static/img/... so pages stay self-contained
PIXEL = bytes.fromhex(
    "47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b"
)
_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")

# after which paragraph (0-based) each family puts an ad block / a "Baca juga" link
AD_AFTER = {
    "antara": {2},
    "kompas": {2, 5, 9},
    "detik": {2},
    "tribun": {1, 6},
    "wordpress": {4},
}
RELATED_AFTER = (1, 4, 7)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None


def _jsonld(value: Any) -> Markup:
    """JSON for <script type="application/ld+json">, safe against '</script>' in the
    data."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above


def linkify(text: str, terms: dict[str, str], used: set[str], cls: str) -> Markup:
    """Escape `text`, linking the first occurrence of each term (term -> href) not yet
    used."""
    spans: list[tuple[int, int, str]] = []
    for term, href in terms.items():
        if term.lower() in used or len(term) < 4:
            continue
        m = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)
        if m and not any(s < m.end() and m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), href))
            used.add(term.lower())
    out, pos = Markup(""), 0
    for start, end, href in sorted(spans):
        out += escape(text[pos:start])
        out += Markup('<a class="{}" href="{}">{}</a>').format(
            cls, href, text[start:end]
        )
        pos = end
    return out + escape(text[pos:])


def comments_html(article: SiteArticle, comments: list[dict[str, str]]) -> Markup:
    """The WordPress comment list built without Jinja: the huge page has tens of
    thousands."""
    title = escape(article.title)
    parts = [
        f'<h2 class="comments-title">{len(comments)} tanggapan untuk &ldquo;{title}'
        "&rdquo;</h2>",
        '<ol class="comment-list">',
    ]
    for i, c in enumerate(comments, 1):
        parts.append(
            f'<li id="comment-{i}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{i}" class="comment-body">'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{escape(c["name"])}</b> <span class="says">berkata:</span>'
            '</div><div class="comment-metadata">'
            f'<time datetime="{c["iso"]}">{c["when"]}</time></div></footer>'
            f'<div class="comment-content"><p>{escape(c["text"])}</p></div>'
            '<div class="reply"><a rel="nofollow" class="comment-reply-link" '
            'href="#respond">Balas</a></div></article></li>'
        )
    parts.append("</ol>")
    return Markup("\n".join(parts))  # noqa: S704 - every inserted value is escaped above


class Site:
    """The whole offline site for one set of articles."""

    def __init__(self, articles: list[SiteArticle]) -> None:
        self.articles = list(articles)
        self.by_id = {a.id: a for a in self.articles}
        self.by_prefix: dict[str, list[SiteArticle]] = {
            o.prefix: [] for o in OUTLETS.values()
        }
        for article in sort_newest_first(self.articles):
            self.by_prefix[article.prefix].append(article)
        self.routes: dict[str, SiteArticle] = {
            article_path(a): a for a in self.articles
        }
        clash = set(self.routes) & set(broken.BROKEN_PAGES)
        if clash:
            raise ValueError(
                f"article paths collide with broken pages: {sorted(clash)}"
            )
        self.today = max((a.published for a in self.articles), default=SITE_EPOCH)
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["jsonld"] = _jsonld
        self.env.globals.update(fmt=fmt, slugify=slugify)
        self._css: dict[str, Markup] = {}
        self._huge: dict[str, bytes] = {}

    @classmethod
    def from_dir(cls, content_dir: Path | str | None = None) -> Site:
        return cls(load_articles(content_dir))

    # ----------------------------------------------------------------------------------
    # request dispatch

    def handle(self, method: str, target: str, host: str | None) -> Response:
        """Render the response for `target` (path and query) as seen through Host
        `host`."""
        base = f"http://{host}" if host and _HOST_RE.match(host) else "http://127.0.0.1"
        split = urlsplit(target)
        path, query = split.path or "/", parse_qs(split.query)
        if path == "/":
            return self._html(
                self._render("site/index.html", self._root_ctx(base)), self.today
            )
        if path == "/robots.txt":
            return Response(
                200,
                self.robots(base).encode(),
                {"Content-Type": "text/plain; charset=utf-8"},
            )
        if path == "/search":
            return self._search(base, query.get("q", [""])[0])
        if path.startswith("/static/img/"):
            return Response(
                200,
                PIXEL,
                {"Content-Type": "image/gif", "Cache-Control": "max-age=86400"},
            )
        if path in broken.BROKEN_PAGES:
            return self._broken(base, path)
        prefix, _, rest = path.lstrip("/").partition("/")
        outlet = BY_PREFIX.get(prefix)
        if outlet is None:
            return self._not_found(base, None)
        if path == f"/{prefix}":
            return self._redirect(base, f"/{prefix}/", 301)
        rest = "/" + rest
        if rest == "/":
            return self._listing(base, outlet, query, home=True)
        if rest == "/indeks":
            return self._listing(base, outlet, query)
        if rest == "/rss.xml":
            return self._xml(self._render("site/rss.xml", self._feed_ctx(base, outlet)))
        if rest.startswith("/sitemap"):
            return self._sitemap(base, outlet, rest)
        if rest.startswith("/kanal/") or rest.startswith("/tag/"):
            return self._channel(base, outlet, rest)
        if rest.startswith("/halaman/"):
            return self._static_page(
                base, outlet, rest.removeprefix("/halaman/").strip("/")
            )
        if rest.startswith("/admin/") or rest == "/admin":
            return self._admin(base, outlet)
        article = self.routes.get(path)
        if article is not None:
            return self._article(base, article, query)
        if outlet.family == "wordpress" and path + "/" in self.routes:
            return self._redirect(base, path + "/", 301)
        return self._not_found(base, outlet)

    # ----------------------------------------------------------------------------------
    # helpers

    def _render(self, template: str, ctx: dict[str, Any]) -> str:
        return self.env.get_template(template).render(**ctx)

    @staticmethod
    def _html(text: str, modified: datetime | None, status: int = 200) -> Response:
        return Response(status, text.encode("utf-8"), {"Content-Type": HTML}, modified)

    def _xml(self, text: str, content_type: str = "application/xml") -> Response:
        return Response(
            200,
            text.encode("utf-8"),
            {"Content-Type": f"{content_type}; charset=utf-8"},
            self.today,
        )

    @staticmethod
    def _redirect(base: str, path: str, status: int = 302) -> Response:
        body = (
            f'<html><body>Moved: <a href="{escape(base + path)}">here</a></body></html>'
        )
        return Response(
            status, body.encode(), {"Location": base + path, "Content-Type": HTML}
        )

    def css(self, outlet: Outlet) -> Markup:
        if outlet.family not in self._css:
            self._css[outlet.family] = Markup(
                bp.stylesheet(outlet.family, outlet.color)
            )  # noqa: S704
        return self._css[outlet.family]

    def item(self, base: str, article: SiteArticle) -> dict[str, Any]:
        """What listings and sidebars show of an article."""
        words = article.paragraphs[0].split() if article.paragraphs else []
        teaser = " ".join(words[:28]) + (" ..." if len(words) > 28 else "")
        return {
            "title": article.title,
            "url": base + article_path(article),
            "date": article.published,
            "teaser": teaser,
            "section": article.section,
            "img": f"{base}/static/img/{article.prefix}/{article.numeric_id}.jpg",
            "outlet": OUTLETS[article.outlet],
        }

    def fillers(
        self, base: str, outlet: Outlet, seed: str, count: int
    ) -> list[dict[str, Any]]:
        labels = [label for label, _ in outlet.nav] or ["Berita"]
        r = bp.rng("filler-links", outlet.key, seed)
        return [
            {
                "title": title,
                "url": f"{base}/{outlet.prefix}/kanal/{slugify(r.choice(labels))}",
                "date": None,
                "teaser": "",
                "section": "",
                "img": f"{base}/static/img/{outlet.prefix}/"
                f"f{zlib.crc32(title.encode())}.jpg",
                "outlet": outlet,
            }
            for title in bp.filler_headlines(outlet, seed, count)
        ]

    def _chrome(
        self, base: str, outlet: Outlet, section: str, kind: str, seed: str
    ) -> dict[str, Any]:
        """Header, menus, ticker, sidebars and scripts shared by every page of an
        outlet."""
        own = self.by_prefix[outlet.prefix]
        others = [a for a in own if a.id != seed]
        r = bp.rng("popular", seed)
        popular = others[:]
        r.shuffle(popular)
        ticker = [self.item(base, a) for a in own[:6]] + self.fillers(
            base, outlet, seed + "t", 4
        )
        nav = [
            {
                "label": label,
                "url": f"{base}/{outlet.prefix}/kanal/{slugify(label)}",
                "subs": [
                    {"label": s, "url": f"{base}/{outlet.prefix}/kanal/{slugify(s)}"}
                    for s in subs
                ],
            }
            for label, subs in outlet.nav
        ]
        return {
            "outlet": outlet,
            "base": base,
            "home": f"{base}/{outlet.prefix}/",
            "indeks_url": base + listing_path(outlet.prefix),
            "rss_url": f"{base}/{outlet.prefix}/rss.xml",
            "nav": nav,
            "network": outlet.network,
            "socials": outlet.socials,
            "footer_pages": [
                {"label": p, "url": f"{base}/{outlet.prefix}/halaman/{slugify(p)}"}
                for p in outlet.footer_pages
            ],
            "ticker": ticker,
            "popular": (
                [self.item(base, a) for a in popular[:6]]
                + self.fillers(base, outlet, seed + "p", 10)
            )[:10],
            "latest": (
                [self.item(base, a) for a in others[:8]]
                + self.fillers(base, outlet, seed + "l", 10)
            )[:12],
            "more": self.fillers(base, outlet, seed + "m", 16),
            "today": fmt.header_today(self.today),
            "year": self.today.year,
            "css": self.css(outlet),
            "ads_js": Markup(bp.ad_script(outlet, section, kind)),  # noqa: S704
            "site_js": Markup(bp.SITE_SCRIPT),  # noqa: S704
            "push_js": Markup(bp.PUSH_SCRIPT),  # noqa: S704
            "charset": "utf-8",
            "kind": kind,
            "search_url": f"{base}/search",
            "rel_next": None,
            "rel_prev": None,
            "extra_links": [],
            "ref_date": self.today,
            "network_stories": self._network_stories(base, outlet, seed),
            "svg_sprite": Markup(bp.svg_sprite(outlet.family)),  # noqa: S704
            "trackers_js": Markup(bp.trackers_script(outlet)),  # noqa: S704
        }

    def _analytics(self, outlet: Outlet, page: dict[str, Any]) -> Markup:
        return Markup(bp.analytics_script(outlet, page))  # noqa: S704

    # ----------------------------------------------------------------------------------
    # articles

    def _blocks(
        self, base: str, outlet: Outlet, article: SiteArticle, indices: list[int]
    ) -> list[dict[str, Any]]:
        related = [self.by_id[r] for r in article.related if r in self.by_id]
        n = len(article.paragraphs)
        tag_links = {
            t: f"{base}/{outlet.prefix}/tag/{slugify(t)}" for t in article.tags
        }
        link_cls = {"kompas": "inner-link-tag", "tribun": "blue"}.get(outlet.family)
        used: set[str] = set()
        blocks: list[dict[str, Any]] = []
        for i in range(
            n
        ):  # walk all paragraphs so tag links land where they would on one page
            text = article.paragraphs[i]
            html = (
                linkify(text, tag_links, used, link_cls) if link_cls else escape(text)
            )
            if i not in indices:
                continue
            blocks.append({"type": "para", "index": i, "first": i == 0, "html": html})
            if i in AD_AFTER[outlet.family] and i < n - 1:
                blocks.append({"type": "ad", "index": i})
            if outlet.family == "wordpress":
                if i == 2 and related and i < n - 1:
                    blocks.append(
                        {
                            "type": "related_box",
                            "items": [self.item(base, a) for a in related[:4]],
                        }
                    )
            elif i in RELATED_AFTER and i < n - 1:
                slot = RELATED_AFTER.index(i)
                if slot < len(related):
                    blocks.append({"type": "related", **self.item(base, related[slot])})
        return blocks

    def article_context(
        self, base: str, article: SiteArticle, page: int | str = 1
    ) -> dict[str, Any]:
        outlet = OUTLETS[article.outlet]
        split = page_split(article)
        indices = (
            [i for part in split for i in part]
            if page == "all"
            else split[int(page) - 1]
        )
        canonical = base + article_path(article)
        ctx = self._chrome(base, outlet, article.section, "article", article.id)
        origin = (
            self.by_id.get(article.syndicated_from) if article.syndicated_from else None
        )
        pub = article.published
        ctx.update(
            article=article,
            title=article.title,
            description=self.item(base, article)["teaser"],
            canonical=canonical,
            url=canonical
            if page in (1, "all")
            else base + page_path(article, int(page)),
            image=f"{base}/static/img/{article.prefix}/{article.numeric_id}.jpg",
            blocks=self._blocks(base, outlet, article, indices),
            page=page,
            pages=len(split),
            page_urls=[base + page_path(article, p) for p in range(1, len(split) + 1)],
            all_url=canonical + "?page=all",
            is_last_page=page == "all" or int(page) == len(split),
            tags=[
                {"label": t, "url": f"{base}/{outlet.prefix}/tag/{slugify(t)}"}
                for t in article.tags
            ],
            related=[
                self.item(base, self.by_id[r])
                for r in article.related
                if r in self.by_id
            ],
            origin=self.item(base, origin) if origin else None,
            section_label=article.section.replace("-", " ").title(),
            section_url=f"{base}/{outlet.prefix}/kanal/{slugify(article.section)}",
            date_long=fmt.long_date(pub),
            date_detik=fmt.detik_date(pub),
            date_kompas=fmt.kompas_date(pub),
            date_day=fmt.day_date(pub),
            iso=pub.isoformat(timespec="seconds"),
            iso_utc=fmt.utc_iso(pub),
            initials=f"{bp.initials(article.author)}/{bp.initials(article.editor)}",
            comments=self.comments(article, bp.rng("nc", article.id).randint(0, 5)),
            ref_date=pub,
            nav_prev=self._adjacent(base, article, +1),
            nav_next=self._adjacent(base, article, -1),
            video_title=bp.filler_headlines(outlet, article.id + "v", 1)[0],
            analytics=self._analytics(
                outlet,
                {
                    "event": "pageview",
                    "pageType": "article",
                    "articleId": str(article.numeric_id),
                    "title": article.title,
                    "section": article.section,
                    "author": article.author,
                    "editor": article.editor,
                    "publishDate": pub.strftime("%Y-%m-%d %H:%M:%S"),
                    "tags": ",".join(article.tags),
                    "wordCount": sum(len(p.split()) for p in article.paragraphs),
                    "page": str(page),
                },
            ),
        )
        ctx["next_teaser"] = ""
        if page != "all":
            p = int(page)
            if p < len(split):
                ctx["next_teaser"] = " ".join(
                    article.paragraphs[split[p][0]].split()[:6]
                )
            ctx["rel_next"] = ctx["page_urls"][p] if p < len(split) else None
            ctx["rel_prev"] = ctx["page_urls"][p - 2] if p > 1 else None
        return ctx

    def comments(self, article: SiteArticle, count: int) -> list[dict[str, str]]:
        """Reader comments dated after the story (traps for naive date extraction)."""
        result = []
        for i in range(count):
            c = bp.comment(article.id, i)
            when = article.published + timedelta(minutes=37 * (i + 1))
            c["iso"] = when.isoformat()
            c["when"] = f"{fmt.day_date(when)} pukul {when:%H.%M}"
            result.append(c)
        return result

    def _adjacent(
        self, base: str, article: SiteArticle, step: int
    ) -> dict[str, Any] | None:
        """Older (+1) or newer (-1) story of the same outlet, for WordPress post
        navigation."""
        own = self.by_prefix[article.prefix]
        if article not in own:
            return None
        i = own.index(article) + step
        return self.item(base, own[i]) if 0 <= i < len(own) else None

    def _network_stories(
        self, base: str, outlet: Outlet, seed: str
    ) -> list[dict[str, Any]]:
        """Tribun's long 'Tribun Network' rail: stories of the other outlets plus local
        fillers."""
        if outlet.family != "tribun":
            return []
        others = [a for a in sort_newest_first(self.articles) if a.outlet != outlet.key]
        return (
            [self.item(base, a) for a in others[:18]]
            + self.fillers(base, outlet, seed + "n", 30)
        )[:30]

    def render_article(
        self, base: str, article: SiteArticle, page: int | str = 1, **extra: Any
    ) -> str:
        ctx = self.article_context(base, article, page)
        ctx.update(extra)
        return self._render(f"{OUTLETS[article.outlet].family}/article.html", ctx)

    def _article(
        self, base: str, article: SiteArticle, query: dict[str, list[str]]
    ) -> Response:
        raw = query.get("page", ["1"])[0]
        pages = len(page_split(article))
        if article.outlet == "kompas_regional":
            if raw == "all":
                page: int | str = "all"
            elif raw.isdigit() and 1 <= int(raw) <= pages:
                page = int(raw)
            else:
                return self._not_found(base, OUTLETS[article.outlet])
        else:
            page = 1  # other outlets ignore ?page like real CMSs do
        return self._html(self.render_article(base, article, page), article.published)

    # ----------------------------------------------------------------------------------
    # listings, channels, feeds

    def _listing(
        self, base: str, outlet: Outlet, query: dict[str, list[str]], home: bool = False
    ) -> Response:
        own = self.by_prefix[outlet.prefix]
        raw = query.get("page", ["1"])[0]
        last = max(1, -(-len(own) // PER_PAGE))
        if not raw.isdigit() or not 1 <= int(raw) <= last:
            return self._not_found(base, outlet)
        page = 1 if home else int(raw)
        items = [
            self.item(base, a) for a in own[(page - 1) * PER_PAGE : page * PER_PAGE]
        ]
        ctx = self._chrome(
            base, outlet, "indeks", "home" if home else "index", f"indeks{page}"
        )
        url = (
            f"{base}/{outlet.prefix}/"
            if home
            else base + listing_path(outlet.prefix, page)
        )
        ctx.update(
            title=f"{outlet.name} - Berita Terkini"
            if home
            else f"Indeks Berita - Halaman {page}",
            description=outlet.description,
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/logo.png",
            items=items,
            page=page,
            last_page=last,
            page_links=[
                {"n": n, "url": base + listing_path(outlet.prefix, n)}
                for n in range(1, last + 1)
            ],
            heading=outlet.name if home else "Indeks Berita",
            is_home=home,
            analytics=self._analytics(
                outlet, {"event": "pageview", "pageType": "index", "page": page}
            ),
        )
        if not home:
            ctx["rel_next"] = (
                base + listing_path(outlet.prefix, page + 1) if page < last else None
            )
            ctx["rel_prev"] = (
                base + listing_path(outlet.prefix, page - 1) if page > 1 else None
            )
        else:
            ctx["rel_next"] = (
                base + listing_path(outlet.prefix, 2) if last > 1 else None
            )
        if page == 1:
            ctx["extra_links"] = [
                {"title": broken.LISTING_TITLES[p], "url": base + p}
                for p in broken.LINKED_FROM[outlet.prefix]
            ]
            if outlet.prefix == "detik-news":
                ctx["extra_links"].append(
                    {
                        "title": "Pratinjau redaksi (internal)",
                        "url": base + broken.ADMIN_TRAP,
                    }
                )
            if outlet.prefix == "warta-perbatasan":
                ctx["extra_links"].append(
                    {
                        "title": "Cari: perdagangan orang",
                        "url": base + broken.SEARCH_TRAP,
                    }
                )
        modified = own[(page - 1) * PER_PAGE].published if own else self.today
        return self._html(self._render(f"{outlet.family}/listing.html", ctx), modified)

    def _channel(self, base: str, outlet: Outlet, rest: str) -> Response:
        kind, _, slug = rest.strip("/").partition("/")
        own = self.by_prefix[outlet.prefix]
        if kind == "tag":
            chosen = [a for a in own if slug in {slugify(t) for t in a.tags}]
            heading = next(
                (t for a in chosen for t in a.tags if slugify(t) == slug),
                slug.replace("-", " "),
            )
            heading = f"Tag: {heading}"
        else:
            chosen = [a for a in own if slugify(a.section) == slug]
            labels = {
                slugify(x): x for label, subs in outlet.nav for x in (label, *subs)
            }
            labels.update(
                {
                    slugify(a.section): a.section.replace("-", " ").title()
                    for a in chosen
                }
            )
            if slug not in labels:
                return self._not_found(base, outlet)
            heading = labels[slug]
        url = f"{base}/{outlet.prefix}/{kind}/{slug}"
        ctx = self._chrome(base, outlet, slug, "kanal", f"{kind}-{slug}")
        ctx.update(
            title=heading,
            description=f"Berita {heading} terbaru dari {outlet.name}",
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/logo.png",
            items=[self.item(base, a) for a in chosen],
            page=1,
            last_page=1,
            page_links=[],
            heading=heading,
            is_home=False,
            analytics=self._analytics(outlet, {"event": "pageview", "pageType": kind}),
        )
        return self._html(
            self._render(f"{outlet.family}/listing.html", ctx), self.today
        )

    def _feed_ctx(self, base: str, outlet: Outlet) -> dict[str, Any]:
        items = [
            self.item(base, a) | {"author": a.author}
            for a in self.by_prefix[outlet.prefix]
        ]
        for path in broken.LINKED_FROM[
            outlet.prefix
        ]:  # feeds keep stale and odd links too
            items.append(
                {
                    "title": broken.LISTING_TITLES[path],
                    "url": base + path,
                    "date": broken.PUBLISHED[path],
                    "teaser": "",
                    "section": "daerah",
                    "author": "Tim Redaksi",
                    "img": f"{base}/static/img/{outlet.prefix}/logo.png",
                }
            )
        return {
            "outlet": outlet,
            "base": base,
            "items": items,
            "build_date": fmt.rfc822(self.today),
            "fmt": fmt,
        }

    def sitemap_entries(self, base: str, outlet: Outlet) -> list[dict[str, Any]]:
        """Article URLs (newest first) plus the outlet's broken article-like pages."""
        entries = [
            {"loc": base + article_path(a), "date": a.published, "title": a.title}
            for a in self.by_prefix[outlet.prefix]
        ]
        for path in broken.LINKED_FROM[outlet.prefix]:
            if path in broken.IN_SITEMAP:
                entries.append(
                    {
                        "loc": base + path,
                        "date": broken.PUBLISHED[path],
                        "title": broken.LISTING_TITLES[path],
                    }
                )
        return entries

    def _sitemap(self, base: str, outlet: Outlet, rest: str) -> Response:
        entries = self.sitemap_entries(base, outlet)
        ctx = {"outlet": outlet, "base": base, "fmt": fmt}
        if outlet.prefix == "kompas-regional":
            months = sorted(
                {e["date"].strftime("%Y-%m") for e in entries}, reverse=True
            )
            if rest == "/sitemap.xml":
                ctx["sitemaps"] = [
                    {
                        "loc": f"{base}/{outlet.prefix}/sitemap-{m}.xml",
                        "lastmod": max(
                            e["date"]
                            for e in entries
                            if e["date"].strftime("%Y-%m") == m
                        ),
                    }
                    for m in months
                ]
                return self._xml(self._render("site/sitemap_index.xml", ctx))
            m = re.fullmatch(r"/sitemap-(\d{4}-\d{2})\.xml", rest)
            if m and m.group(1) in months:
                ctx["entries"] = [
                    e for e in entries if e["date"].strftime("%Y-%m") == m.group(1)
                ]
                return self._xml(self._render("site/sitemap.xml", ctx))
        elif rest == "/sitemap.xml":
            ctx["entries"] = entries
            return self._xml(self._render("site/sitemap.xml", ctx))
        elif rest == "/sitemap-news.xml" and outlet.prefix == "antara-ntt":
            ctx["entries"] = entries
            return self._xml(self._render("site/sitemap_news.xml", ctx))
        return self._not_found(base, outlet)

    def sitemap_urls(self, base: str) -> list[str]:
        """Every sitemap robots.txt announces."""
        urls = [f"{base}/{o.prefix}/sitemap.xml" for o in OUTLETS.values()]
        urls.append(f"{base}/antara-ntt/sitemap-news.xml")
        return urls

    def robots(self, base: str) -> str:
        lines = ["# robots.txt for the Pantau offline news site", "User-agent: *"]
        lines += [f"Disallow: /{o.prefix}/admin/" for o in OUTLETS.values()]
        lines += ["Disallow: /search", "Allow: /", ""]
        lines += [f"Sitemap: {u}" for u in self.sitemap_urls(base)]
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------------------------------
    # other pages

    def _root_ctx(self, base: str) -> dict[str, Any]:
        outlets = [
            {
                "outlet": o,
                "url": f"{base}/{o.prefix}/",
                "count": len(self.by_prefix[o.prefix]),
                "latest": [self.item(base, a) for a in self.by_prefix[o.prefix][:3]],
            }
            for o in OUTLETS.values()
        ]
        return {"base": base, "outlets": outlets, "total": len(self.articles)}

    def _static_page(self, base: str, outlet: Outlet, slug: str) -> Response:
        labels = {slugify(p): p for p in outlet.footer_pages}
        if slug not in labels:
            return self._not_found(base, outlet)
        url = f"{base}/{outlet.prefix}/halaman/{slug}"
        ctx = self._chrome(base, outlet, slug, "page", f"page-{slug}")
        ctx.update(
            title=labels[slug],
            description=f"{labels[slug]} {outlet.name}",
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/logo.png",
            heading=labels[slug],
            body_kind="static",
            analytics=self._analytics(
                outlet, {"event": "pageview", "pageType": "static"}
            ),
        )
        return self._html(self._render(f"{outlet.family}/page.html", ctx), self.today)

    def _admin(self, base: str, outlet: Outlet) -> Response:
        url = f"{base}/{outlet.prefix}/admin/"
        ctx = self._chrome(base, outlet, "admin", "page", "admin")
        ctx.update(
            title="Masuk Redaksi",
            description="Halaman internal redaksi",
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/logo.png",
            heading="Masuk Redaksi",
            body_kind="admin",
            analytics=self._analytics(
                outlet, {"event": "pageview", "pageType": "admin"}
            ),
        )
        return self._html(self._render(f"{outlet.family}/page.html", ctx), self.today)

    def _search(self, base: str, q: str) -> Response:
        terms = q.lower().split()
        hits = [
            a
            for a in sort_newest_first(self.articles)
            if terms
            and all(
                t in (a.title + " " + " ".join(a.paragraphs)).lower() for t in terms
            )
        ]
        ctx = {"base": base, "q": q, "items": [self.item(base, a) for a in hits[:50]]}
        return self._html(self._render("site/search.html", ctx), None)

    def _not_found(self, base: str, outlet: Outlet | None) -> Response:
        if outlet is None:
            return self._html(self._render("site/404.html", {"base": base}), None, 404)
        url = f"{base}/{outlet.prefix}/"
        ctx = self._chrome(base, outlet, "404", "page", "404")
        ctx.update(
            title="Halaman tidak ditemukan",
            description=outlet.description,
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/logo.png",
            heading="Halaman tidak ditemukan",
            body_kind="404",
            analytics=self._analytics(outlet, {"event": "pageview", "pageType": "404"}),
        )
        return self._html(self._render(f"{outlet.family}/page.html", ctx), None, 404)

    # ----------------------------------------------------------------------------------
    # broken pages

    def _broken(self, base: str, path: str) -> Response:
        kind = broken.BROKEN_PAGES[path].split(":", 1)[0]
        modified = broken.PUBLISHED.get(path)
        if kind == "server_error":
            body = (
                b"<html><head><title>500 Internal Server Error</title></head><body>\n"
                b"<center><h1>500 Internal Server Error</h1></center>\n"
                b"<hr><center>nginx</center>\n</body></html>\n"
            )
            return Response(500, body, {"Content-Type": HTML})
        if kind == "redirect_loop":
            return self._redirect(
                base, broken.LOOP_B if path == broken.LOOP_A else broken.LOOP_A
            )
        if kind == "not_found":
            return self._not_found(base, BY_PREFIX["warta-perbatasan"])
        if kind == "not_article":
            return self._html(self._gallery(base, path), modified)
        article = broken.SYNTHETIC[path]
        if kind == "truncated":
            html = self.render_article(base, article)
            body_at = html.index("data-article-body")
            cut = (
                html.index('<ins class="adsbygoogle"', body_at) + 30
            )  # inside the ad's attributes
            return Response(
                200, html[:cut].encode("utf-8"), {"Content-Type": HTML}, modified
            )
        if kind == "charset_mislabelled_latin1":
            html = self.render_article(base, article, charset="iso-8859-1")
            return Response(
                200,
                html.encode("utf-8"),
                {"Content-Type": "text/html; charset=iso-8859-1"},
                modified,
            )
        if kind == "charset_mislabelled_cp1252":
            html = self.render_article(base, article)
            return Response(
                200,
                html.encode("cp1252", "xmlcharrefreplace"),
                {"Content-Type": HTML},
                modified,
            )
        if kind == "empty_body":
            return self._html(self.render_article(base, article), modified)
        if kind == "huge":
            return Response(200, self.huge_page(base), {"Content-Type": HTML}, modified)
        raise AssertionError(f"unhandled broken page kind {kind}")

    def huge_page(self, base: str) -> bytes:
        """The >12 MB page, rendered once per base URL (only the latest one is kept)."""
        if base not in self._huge:
            article = broken.SYNTHETIC[broken.HUGE]
            comments = self.comments(article, broken.HUGE_COMMENTS)
            html = self.render_article(
                base,
                article,
                comments=comments,
                comments_html=comments_html(article, comments),
            )
            self._huge = {base: html.encode("utf-8")}
        return self._huge[base]

    def _gallery(self, base: str, path: str) -> str:
        outlet = BY_PREFIX["antara-kalbar"]
        url = base + path
        ctx = self._chrome(base, outlet, "foto", "gallery", "gallery")
        ctx.update(
            title=broken.LISTING_TITLES[path],
            description=broken.GALLERY_CAPTIONS[0],
            canonical=url,
            url=url,
            image=f"{base}/static/img/{outlet.prefix}/galeri-0.jpg",
            heading=broken.LISTING_TITLES[path],
            photos=[
                {
                    "caption": c,
                    "img": f"{base}/static/img/{outlet.prefix}/galeri-{i}.jpg",
                }
                for i, c in enumerate(broken.GALLERY_CAPTIONS)
            ],
            date_long=fmt.long_date(broken.PUBLISHED[path]),
            iso=broken.PUBLISHED[path].isoformat(),
            analytics=self._analytics(
                outlet, {"event": "pageview", "pageType": "gallery"}
            ),
        )
        return self._render("antara/gallery.html", ctx)
