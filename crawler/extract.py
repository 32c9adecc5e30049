"""Article extraction: ``(html, url, hints) -> Article | None``, pure and fast.

Per-family XPath rules (``crawler.families``) find title, body and date on the outlets Pantau
knows; a paragraph-density heuristic covers unknown layouts, and trafilatura is the last resort.
Body text keeps the dateline ("Pontianak (ANTARA) - ...") because the incident extractor uses it,
and drops the boilerplate Indonesian outlets put inside the article container: "Baca juga"
links, Pewarta/Editor/Penulis lines, copyright, captions, share and ad markers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html

from crawler.dates import JAKARTA, parse_date, parse_iso
from crawler.families import DATELINE_PATTERNS, FAMILIES, FamilyRules, family_for_domain
from crawler.urls import canonicalize_url

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_HTML_BYTES = 10_000_000  # the extractor parses at most this much of a page

_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "form", "button", "figure", "figcaption",
    "aside", "ins", "video", "audio", "svg", "select", "nav", "footer", "template",
)
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "table",
    "tr", "section", "article", "header", "pre", "dl", "dt", "dd", "center",
})
# class/id tokens of boilerplate inside article containers
_JUNK_TOKEN = re.compile(
    r"^(?:ads?|adv|advert\w*|iklan\w*|banner\w*|(?:\w+[-_])?ads?(?:[-_]\w+)?|baca[-_]?juga\w*|"
    r"bacajuga|related\w*|terkait\w*|share\w*|social\w*|sosmed\w*|caption\w*|wp-caption\w*|"
    r"photo[-_]?caption|tags?|tag[-_]\w+|pagination\w*|paging\w*|comments?\w*|komentar\w*|"
    r"newsletter\w*|promo\w*|video[-_]?\w*|sharedaddy|jp-relatedposts|author[-_]?box|"
    r"parallax\w*|scroll[-_]?\w*|sidebar\w*|widget\w*|breadcrumbs?|editor[-_]?\w*|"
    r"pewarta|copyright\w*|byline|recommend\w*|populer\w*|terpopuler|most[-_]?\w+)$",
    re.IGNORECASE,
)
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:baca\s+(?:juga|pula|selengkapnya|berita)|lihat\s+juga|simak\s+(?:juga|video|berita)|"
    r"saksikan\s+(?:juga|video)|tonton\s+(?:juga|video)|pewarta\s*:|editor\s*:|penulis\s*:|"
    r"reporter\s*:|redaktur\s*:|penyunting\s*:|sumber\s*:|foto\s*:|copyright|hak\s+cipta|"
    r"\u00a9|advertisement|scroll\s+to\s+continue|artikel\s+ini\s+telah\s+tayang|"
    r"dapatkan\s+(?:update|berita|informasi)|ikuti\s+(?:berita|kami|update|saluran)|"
    r"follow\s+(?:berita|us)|bagikan\s*:|share\s*:|halaman\s+(?:selanjutnya|berikutnya)|"
    r"selanjutnya\s*>|next\s*>|laporan\s+wartawan|\(\w{2,5}/\w{2,5}\)\s*$|"
    r"klik\s+(?:di\s+sini|link)|download\s+aplikasi|unduh\s+aplikasi|"
    r"kompas\.com\s+(?:media\s+partner|adalah)|berita\s+terkait|tag\s*:|tags\s*:)",
    re.IGNORECASE,
)
_TRAILING_INITIALS = re.compile(r"\s*\((?:[a-z]{2,5}/){1,3}[a-z]{2,5}\)\s*$")
_TITLE_SUFFIX = re.compile(
    r"\s+[-|\u2013\u2014:]\s+(?:[\w.]+\s?){0,3}(?:news|\.com|\.co\.id|\.co|\.id|antara|"
    r"kompas|detik\w*|tribun\w*|liputan6|okezone|republika|tempo|viva|kapanlagi|online)"
    r"[\w. ]{0,20}$",
    re.IGNORECASE,
)
_DATE_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='publishdate']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='content_PublishedDate']/@content",
    "//meta[@name='dc.date']/@content",
    "//meta[@name='date']/@content",
    "//time[@datetime]/@datetime",
)
_DATE_TEXT = (
    "//*[contains(@class,'date') or contains(@class,'time') or contains(@class,'tanggal') "
    "or contains(@class,'waktu')][string-length(normalize-space(.)) < 80]",
)
_ID_WORDS = frozenset(
    "yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga adalah oleh karena "
    "telah sudah bisa ada mereka kata ujarnya saat tersebut sebagai atau lebih".split()
)
_EN_WORDS = frozenset(
    "the and of to in is that for on with was as by it said are from at be this have".split()
)


@dataclass(frozen=True)
class ExtractionHints:
    """What the source registry knows about a page before it is parsed.

    ``family`` names a rule set in ``crawler.families`` (else the URL's domain picks one);
    ``now`` anchors relative dates such as "2 jam lalu"; ``timezone`` is the outlet's zone.
    """

    family: str | None = None
    outlet: str | None = None
    timezone: str = "Asia/Jakarta"
    now: datetime | None = None
    min_body_chars: int = 150
    use_trafilatura: bool = True


@dataclass(frozen=True)
class Article:
    """One extracted article. ``published`` is aware (outlet's zone) or None when unknown."""

    url: str
    canonical_url: str
    outlet: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime | None
    dateline: str | None
    language: str
    method: str
    next_page: str | None = None
    pages: int = 1
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """The `pantau extract` contract: title, text, published, dateline, outlet, canonical_url."""
        return {
            "title": self.title,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "dateline": self.dateline,
            "outlet": self.outlet,
            "canonical_url": self.canonical_url,
            "url": self.url,
            "language": self.language,
            "method": self.method,
            "next_page": self.next_page,
            "pages": self.pages,
        }


# -- decoding -------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page whose declared charset may lie; returns (text, encoding used).

    UTF-8 is tried first because a strict UTF-8 decode of non-UTF-8 bytes almost always fails,
    while pages labelled iso-8859-1 are very often UTF-8 in fact. Then the declared charset
    (header, then meta), then windows-1252, which decodes any byte.
    """
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3:  # a truncated page cut inside a multi-byte character
            return body.decode("utf-8", errors="ignore"), "utf-8"
    candidates = [declared] if declared else []
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for enc in [*candidates, "cp1252"]:
        try:
            return body.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("latin-1"), "latin-1"


# -- helpers --------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _first(doc: Any, xpaths: Sequence[str]) -> Any:
    for xp in xpaths:
        try:
            found = doc.xpath(xp)
        except lxml.etree.XPathError:
            continue
        for item in found:
            value = item if isinstance(item, str) else item
            if isinstance(value, str):
                if value.strip():
                    return value.strip()
            elif _norm(value.text_content()):
                return value
    return None


def _is_junk(el: Any) -> bool:
    tokens = f"{el.get('class', '')} {el.get('id', '')}".split()
    return any(_JUNK_TOKEN.match(t) for t in tokens)


def _link_density(el: Any) -> float:
    text = len(_norm(el.text_content()))
    if not text:
        return 0.0
    linked = sum(len(_norm(a.text_content())) for a in el.iter("a"))
    return linked / text


def _clean_container(el: Any, rules: FamilyRules | None) -> None:
    for xp in rules.drop if rules else ():
        for bad in el.xpath("." + xp if xp.startswith("//") else xp):
            bad.drop_tree()
    for bad in el.iter(*_DROP_TAGS):
        if bad is not el:
            bad.drop_tree()
    for bad in [e for e in el.iter() if isinstance(e.tag, str) and e is not el and _is_junk(e)]:
        if bad.getparent() is not None:
            bad.drop_tree()


def _blocks(el: Any) -> list[str]:
    """Paragraph texts of a cleaned container, honouring <p> and <br><br> layouts."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.tail:
                buf.append(node.tail)
            return
        block = node.tag in _BLOCK_TAGS
        if block:
            flush()
            if node.tag in {"p", "li", "blockquote"} and _link_density(node) > 0.7:
                # a related-headline list or a lone "Baca juga" link
                if node.tail:
                    buf.append(node.tail)
                return
        if node.tag == "br":
            if buf and buf[-1] == "\n":
                flush()
            else:
                buf.append("\n")
        if node.text:
            buf.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            buf.append(node.tail)

    walk(el)
    flush()
    return out


def _keep(paragraph: str) -> bool:
    return len(paragraph) > 2 and not _BOILERPLATE_LINE.match(paragraph)


def _clean_paragraphs(paragraphs: list[str]) -> list[str]:
    kept: list[str] = []
    for p in paragraphs:
        p = _TRAILING_INITIALS.sub("", p).strip()
        # inline markers that survive inside a paragraph
        p = re.sub(r"\s*(?:ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT)\s*", " ", p).strip()
        if _keep(p):
            kept.append(p)
    return kept


def _generic_container(doc: Any) -> Any:
    """The element holding the most paragraph text directly: the usual article body."""
    scores: dict[Any, int] = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(_norm(p.text_content()))
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 200 else None


def _title(doc: Any, rules: FamilyRules | None) -> str:
    candidates: list[str] = []
    found = _first(doc, rules.title) if rules else None
    if found is not None:
        candidates.append(found if isinstance(found, str) else found.text_content())
    candidates += [
        v for v in doc.xpath("//meta[@property='og:title']/@content | //title/text()")
    ]
    for raw in candidates:
        title = _norm(raw)
        if title:
            return _TITLE_SUFFIX.sub("", title).strip()
    return ""


def _jsonld_dates(doc: Any) -> list[str]:
    dates: list[str] = []
    for script in doc.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    dates.append(item["datePublished"])
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return dates


def _published(doc: Any, rules: FamilyRules | None, tz: ZoneInfo,
               now: datetime | None) -> datetime | None:
    xpaths = list(rules.date) if rules else []
    for xp in xpaths:
        for item in doc.xpath(xp):
            text = item if isinstance(item, str) else _norm(item.text_content())
            found = parse_date(str(text), now=now, default_tz=tz)
            if found:
                return found
    for value in _jsonld_dates(doc):
        found = parse_iso(value, tz)
        if found:
            return found
    for xp in (*_DATE_META, *_DATE_TEXT):
        for item in doc.xpath(xp):
            text = item if isinstance(item, str) else _norm(item.text_content())
            found = parse_date(str(text), now=now, default_tz=tz)
            if found:
                return found
    return None


def _dateline(paragraphs: Sequence[str]) -> str | None:
    if not paragraphs:
        return None
    first = paragraphs[0]
    for pattern in DATELINE_PATTERNS:
        m = pattern.match(first)
        if m:
            city = _norm(m.group("city"))
            return city.title() if city.isupper() else city
    return None


def detect_language(text: str) -> str:
    """'id', 'en' or 'other' from function-word counts; cheap and good enough for news."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if not words:
        return "other"
    ind = sum(w in _ID_WORDS for w in words)
    eng = sum(w in _EN_WORDS for w in words)
    if max(ind, eng) < max(3, len(words) // 50):
        return "other"
    return "id" if ind >= eng else "en"


def _canonical(doc: Any, url: str) -> str:
    for xp in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for href in doc.xpath(xp):
            href = href.strip()
            if href and not href.startswith(("javascript:", "#")):
                return canonicalize_url(urljoin(url, href))
    return canonicalize_url(url)


def _next_page(doc: Any, rules: FamilyRules | None, url: str) -> str | None:
    for xp in rules.next_page if rules else ():
        for href in doc.xpath(xp):
            href = href.strip()
            if href:
                target = urljoin(url, href)
                if target != url:
                    return target
    return None


def _trafilatura(html: str, url: str) -> tuple[str, list[str]] | None:
    import trafilatura  # imported lazily: slow to import, and only the fallback needs it

    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    paragraphs = [p for p in (_norm(x) for x in text.split("\n")) if p]
    return _norm(data.get("title") or ""), paragraphs


# -- the public function --------------------------------------------------------------------


def extract_article(html: str | bytes, url: str,
                    hints: ExtractionHints | None = None) -> Article | None:
    """Extract one article from a page; None when the page holds no article.

    ``html`` may be bytes (decoded with ``decode_html``) or text. Pages larger than
    ``MAX_HTML_BYTES`` are cut before parsing, so a huge page costs bounded time.
    """
    hints = hints or ExtractionHints()
    if isinstance(html, bytes):
        html, _ = decode_html(html[:MAX_HTML_BYTES])
    html = html[:MAX_HTML_BYTES]
    if not html.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    tz = ZoneInfo(hints.timezone) if hints.timezone else JAKARTA
    host = urlsplit(url).hostname or ""
    rules = FAMILIES.get(hints.family or "") or family_for_domain(host)
    outlet = hints.outlet or (host[4:] if host.startswith("www.") else host)

    title = _title(doc, rules)
    published = _published(doc, rules, tz, hints.now)
    canonical = _canonical(doc, url)
    next_page = _next_page(doc, rules, url)

    method = ""
    paragraphs: list[str] = []
    container = _first(doc, rules.body) if rules else None
    if container is not None and not isinstance(container, str):
        method = f"rules:{rules.name}" if rules else "rules"
    else:
        container = _generic_container(doc)
        method = "generic"
    if container is not None and not isinstance(container, str):
        _clean_container(container, rules)
        paragraphs = _clean_paragraphs(_blocks(container))
    if sum(map(len, paragraphs)) < hints.min_body_chars and hints.use_trafilatura:
        fallback = _trafilatura(html, url)
        if fallback and sum(map(len, fallback[1])) > sum(map(len, paragraphs)):
            title = title or fallback[0]
            paragraphs = _clean_paragraphs(fallback[1])
            method = "trafilatura"
    if not title or sum(map(len, paragraphs)) < hints.min_body_chars:
        return None
    if title and paragraphs and _norm(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]
    return Article(
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        title=title,
        paragraphs=tuple(paragraphs),
        published=published,
        dateline=_dateline(paragraphs),
        language=detect_language(" ".join(paragraphs)),
        method=method,
        next_page=next_page,
    )


def join_pages(first: Article, rest: Sequence[Article]) -> Article:
    """One article from a paginated one: paragraphs of every page in order, first page's meta."""
    paragraphs = list(first.paragraphs)
    for page in rest:
        paragraphs += [p for p in page.paragraphs if p not in paragraphs]
    return replace(first, paragraphs=tuple(paragraphs), next_page=None, pages=1 + len(rest))
