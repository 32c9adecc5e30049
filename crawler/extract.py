"""Article extraction: ``(html, url, hints) -> Article | None``, pure and fast.

Per-family XPath rules (``crawler.families``) find title, body and date on the outlets
Pantau knows; a paragraph-density heuristic covers unknown layouts, and trafilatura is
the last resort (it is 10-20x slower, see bench/bench_extract.py). Body text keeps the
dateline ("Pontianak (ANTARA) - ...") because the incident extractor uses it, and drops
the boilerplate Indonesian outlets put inside the article container: "Baca juga" links,
Pewarta/Editor/Penulis lines, copyright, captions, share and ad markers, reporter
initials.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html

from crawler.dates import JAKARTA, ParsedDate, parse_date_precise
from crawler.families import FAMILIES, FamilyRules, family_for_domain, parse_dateline
from crawler.urls import canonicalize_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import timezone

MAX_HTML_BYTES = 5_000_000  # the extractor parses at most this much of a page
# floor for a body found by family rules: a photo page's text is short
_MIN_RULE_BODY_CHARS = 80
_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blogposting", "blog"})


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "form", "button", "figure", "figcaption",
    "aside", "ins", "video", "audio", "svg", "select", "nav", "footer", "template",
    "img", "picture", "object", "embed", "input", "textarea", "label", "head", "title",
)  # fmt: skip
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
    "table", "tr", "section", "article", "header", "pre", "dl", "dt", "dd", "center",
    "main", "td", "th",
})  # fmt: skip
_INLINE_TAGS = frozenset({
    "a", "span", "b", "strong", "em", "i", "u", "small", "sup", "sub", "mark", "abbr",
    "time", "font", "q", "cite",
})  # fmt: skip
# parts of class/id names (split on - and _) that mark boilerplate inside article
# containers
_JUNK_PARTS = _wordset(
    "ad ads adv advert advertisement adsbygoogle iklan banner baca bacajuga "
    "lihatjuga related terkait share sharing shares social sosmed caption "
    "captions tag tags tagging pagination paging comment comments komentar "
    "newsletter promo sidebar widget breadcrumb breadcrumbs byline recommend "
    "recommendation rekomendasi populer terpopuler popular author editor pewarta "
    "copyright twitter facebook instagram whatsapp telegram subscribe parallax "
    "sharedaddy jp-relatedposts outbrain taboola sponsor sponsored disclaimer "
    "cookie cookies consent gdpr"
)
_JUNK_TOKEN = re.compile(
    r"^(?:video[-_]?\w*|scroll[-_]?\w*|most[-_]?\w+|\w*-?tweet|instagram-media)$",
    re.IGNORECASE,
)
# paragraphs that start like this are outlet furniture, not story
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:baca\s+(?:juga|pula|selengkapnya|berita)|baca\s*:|lihat\s+juga|simak\s+(?:juga|"
    r"video|berita|\w+\s+populer)|saksikan\s+(?:juga|video|live)|tonton\s+(?:juga|video)|"
    r"pewarta\s*:|editor\s*:|penulis\s*:|reporter\s*:|redaktur\s*:|penyunting\s*:|"
    r"sumber\s*:|foto\s*:|fotografer\s*:|copyright|hak\s+cipta|\u00a9|advertisement|"
    r"scroll\s+to\s+continue|artikel\s+ini\s+telah\s+(?:tayang|terbit)|"
    r"dapatkan\s+(?:update|berita|informasi)|ikuti\s+(?:berita|kami|update|saluran|terus)|"
    r"follow\s+(?:berita|us)|bagikan\s*:|share\s*:|halaman\s+(?:selanjutnya|berikutnya)|"
    r"selanjutnya\s*>|next\s*>|laporan\s+wartawan|klik\s+(?:di\s+sini|link)|"
    r"download\s+aplikasi|unduh\s+aplikasi|kompas\.com\s+(?:media\s+partner|adalah)|"
    r"berita\s+terkait|tag\s*:|tags\s*:|topik\s*:|jangan\s+sampai\s+ketinggalan|"
    r"ikuti\s+perkembangan\s+berita|komentar\s+adalah\s+tanggapan|"
    r"(?:dilarang|hak)\s+(?:mengutip|menyalin))",
    re.IGNORECASE,
)
# whole paragraphs that are a button, a counter or a section label
_JUNK_LINE = re.compile(
    r"^(?:\d[\d.,]*\s*)?(?:shares?|komentar|comments?|views?|dibaca(?:\s+[\d.,]+\s+kali)?|"
    r"kali)$|^(?:jangan\s+lewatkan|load\s+more|muat\s+lebih\s+banyak|lihat\s+(?:semua|foto)|"
    r"tweet|bagikan|share|vote\s+photo|zoom\s+(?:in|out)|more\s+photos|advertisement|"
    r"iklan|scroll\s+to\s+continue\s+with\s+content|halaman\s*:?(?:\s*\d+)*|"
    r"(?:berita|artikel)\s+(?:terkait|rekomendasi|lainnya|pilihan)|terpopuler|"
    r"foto\s+terkait|komentari\s+artikel\s+ini)[\s.!:>\u2026]*$",
    re.IGNORECASE,
)
# "(kpl/pur/tch)", "(FHM)", "(vyp/kna)": the desk's sign-off initials
_INITIALS = r"\((?:[A-Za-z]{2,6}/){0,3}[A-Za-z]{2,6}\)"
_TRAILING_INITIALS = re.compile(rf"\s*(?<=[.!?\"'\u201d)\s]){_INITIALS}\s*$")
_ONLY_INITIALS = re.compile(rf"^{_INITIALS}$")
_SENTENCE_END = re.compile(r"[.!?\"'\u201d)]$")
_INLINE_MARKERS = re.compile(r"\s*(?:ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT)\s*")
# a photo caption left inline in the body: "... Joey Alexander. Foto: Grammy"
_CAPTION = re.compile(
    r"(?:^|[\s.(])(?:Foto|Photo|Image|Gambar|Ilustrasi|Dok(?:umentasi)?\.?)\s*:\s*"
    r"[^.:]{2,60}\)?\s*$",
)
# the last " - ", " | ", ": " of a <title>, and what follows: a site name when it is
# short and names an outlet ("... - ANTARA News", "... | Tempo Gaya", "... -
# Kompas.com")
_TITLE_TAIL = re.compile(
    r"\s[-|\u2013\u2014:]\s+(?P<tail>(?:(?!\s[-|\u2013\u2014:]\s).){1,40})$"
)
_SITE_WORDS = re.compile(
    r"news|\.com|\.co\.id|\.co\b|\.id\b|antara|kompas|detik|tribun|liputan6|okezone|"
    r"republika|tempo|viva|kapanlagi|online",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"^(?:[\w-]+\.(?:com|co\.id|co|id))\s*:\s*(?:\w+\s+[-|]\s+)?", re.IGNORECASE
)
# machine-readable publication stamps, most trustworthy first: (attribute, value) of a
# <meta>
_STAMP_META = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "publishdate"),
    ("name", "dtk:publishdate"),
    ("name", "pubdate"),
    ("name", "content_PublishedDate"),
    ("itemprop", "dateCreated"),
    ("name", "dc.date"),
    ("name", "date"),
)
# class names of the elements that show a date, for layouts without family rules
_DATE_CLASS = (
    "(self::time or contains(@class,'date') or contains(@class,'time') or "
    "contains(@class,'tanggal') or contains(@class,'waktu') or "
    "contains(@class,'publish') or contains(@class,'posted') or "
    "contains(@class,'schedule') or contains(@class,'tgl'))"
    " and string-length(normalize-space(.)) < 80"
)
_ID_WORDS = _wordset(
    "yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga adalah "
    "oleh karena telah sudah bisa ada mereka kata ujarnya saat tersebut sebagai "
    "atau lebih merupakan bahwa kepada hingga namun serta para hari masih menjadi "
    "sebanyak ia kami kita saya jika"
)
_EN_WORDS = _wordset(
    "the and of to in is that for on with was as by it said are from at be this have"
)


@dataclass(frozen=True)
class ExtractionHints:
    """What the source registry knows about a page before it is parsed.

    ``family`` names a rule set in ``crawler.families`` (else the URL's domain picks
    one); ``now`` anchors relative dates such as "2 jam lalu"; ``timezone`` is the
    outlet's zone, used for dates the page prints without one. ``min_body_chars`` is
    the least body text of an article found by the generic path or trafilatura; a body
    found by family rules needs only 80 characters (photo pages carry two sentences).
    ``use_trafilatura=False`` skips the slow last resort.
    """

    family: str | None = None
    outlet: str | None = None
    timezone: str = "Asia/Jakarta"
    now: datetime | None = None
    min_body_chars: int = 150
    use_trafilatura: bool = True


@dataclass(frozen=True)
class Article:
    """One extracted article; ``published`` is aware (outlet's zone) or None."""

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
        """The `pantau extract` JSON; title, text, published (ISO 8601 with offset),
        dateline, outlet and canonical_url are a contract with its users."""
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


# -- decoding --------------------------------------------------------------------------

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.IGNORECASE)


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page whose declared charset may lie; returns (text, encoding used).

    UTF-8 is tried first because a strict UTF-8 decode of non-UTF-8 bytes almost always
    fails, while pages labelled iso-8859-1 are very often UTF-8 in fact. A page that is
    UTF-8 but for a few stray bytes (a pasted latin-1 sign, a cut at the end) stays
    UTF-8. Otherwise the declared charset (header, then meta), then windows-1252, which
    decodes any byte.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        truncated = exc.start >= len(body) - 3  # cut inside the last character
    lenient = body.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    valid = len(_NON_ASCII.findall(lenient)) - bad
    # single-byte text is almost never valid UTF-8, so valid sequences outnumbering the
    # invalid ones mean UTF-8 with a glitch (a pasted latin-1 sign, a cut)
    if truncated and bad == 1:
        return body.decode("utf-8", errors="ignore"), "utf-8"
    if valid >= 2 * bad:
        return lenient, "utf-8"
    candidates = [declared] if declared else []
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for enc in [*candidates, "cp1252"]:
        if enc.lower().replace("_", "-") in {"utf-8", "utf8"}:
            continue  # already failed above
        try:
            return body.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("latin-1"), "latin-1"


# -- helpers ---------------------------------------------------------------------------


_PARSERS = threading.local()  # lxml parsers and compiled XPaths are per thread


def _parser() -> lxml.html.HTMLParser:
    """One parser per thread (lxml parsers are not thread-safe). Skipping the id index
    and comments makes parsing a quarter faster; whitespace is kept, it separates words.
    """
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(
            collect_ids=False, remove_comments=True, remove_pis=True
        )
        _PARSERS.parser = parser
    return parser


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _xpath(node: Any, xp: str) -> list[Any]:
    """Evaluate a rule, compiled once per thread; a broken expression finds nothing."""
    cache: dict[str, lxml.etree.XPath | None] | None = getattr(_PARSERS, "xpaths", None)
    if cache is None:
        cache = _PARSERS.xpaths = {}
    compiled = cache.get(xp, False)
    if compiled is False:
        try:
            compiled = lxml.etree.XPath(xp)
        except lxml.etree.XPathSyntaxError:
            compiled = None
        cache[xp] = compiled
    if compiled is None:
        return []
    try:
        return list(compiled(node))
    except lxml.etree.XPathError:
        return []


@dataclass
class _PageMeta:
    """What the <head> and the page's <time>/JSON-LD say, read in one pass over the tree
    (a dozen separate ``//meta[...]`` queries each walk the whole page)."""

    meta: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    canonical: list[str] = field(default_factory=list)
    times: list[tuple[str, bool]] = field(
        default_factory=list
    )  # (@datetime, itemprop=pub)
    jsonld: list[str] = field(default_factory=list)

    def get(self, attr: str, value: str) -> list[str]:
        return self.meta.get((attr, value.lower()), [])


def _page_meta(doc: Any) -> _PageMeta:
    info = _PageMeta()
    for el in doc.iter("meta", "title", "link", "time", "script"):
        tag = el.tag
        if tag == "meta":
            content = el.get("content")
            if content is None:
                continue
            for attr in ("property", "name", "itemprop"):
                key = el.get(attr)
                if key:
                    info.meta.setdefault((attr, key.strip().lower()), []).append(
                        content
                    )
        elif tag == "title":
            if el.text:
                info.titles.append(el.text)
        elif tag == "link":
            if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                info.canonical.append(el.get("href"))
        elif tag == "time":
            if el.get("datetime"):
                info.times.append(
                    (el.get("datetime"), el.get("itemprop") == "datePublished")
                )
        elif (el.get("type") or "").lower() == "application/ld+json" and el.text:
            info.jsonld.append(el.text)
    return info


def _is_junk(el: Any) -> bool:
    for token in f"{el.get('class', '')} {el.get('id', '')}".split():
        if _JUNK_TOKEN.match(token):
            return True
        if any(part.lower() in _JUNK_PARTS for part in re.split(r"[-_]+", token)):
            return True
    return False


def _clean_container(el: Any, rules: FamilyRules | None) -> None:
    """Remove furniture from the body container, in place (the tree is the caller's)."""
    for xp in rules.drop if rules else ():
        for bad in _xpath(el, "." + xp if xp.startswith("//") else xp):
            if bad is not el and bad.getparent() is not None:
                bad.drop_tree()
    for bad in list(el.iter(*_DROP_TAGS)):
        if bad is not el and bad.getparent() is not None:
            bad.drop_tree()
    for bad in [
        e for e in el.iter() if e is not el and isinstance(e.tag, str) and _is_junk(e)
    ]:
        # an inline link in running text ("a.inner-link-tag") is story, whatever its
        # class
        if bad.tag not in _INLINE_TAGS and bad.getparent() is not None:
            bad.drop_tree()


@dataclass
class _Para:
    text: str
    linked: int  # characters inside <a>


def _blocks(el: Any) -> list[_Para]:
    """Paragraphs of a cleaned container: block elements and <br> end a paragraph."""
    out: list[_Para] = []
    buf: list[str] = []
    linked: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
        if text:
            out.append(_Para(text, len(_norm("".join(linked)))))
        buf.clear()
        linked.clear()

    def walk(node: Any, in_link: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            flush()
        elif tag:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            link = in_link or tag == "a"
            if node.text:
                buf.append(node.text)
                if link:
                    linked.append(node.text)
            for child in node:
                walk(child, link)
            if block:
                flush()
        if node.tail:
            buf.append(node.tail)
            if in_link:
                linked.append(node.tail)

    walk(el, False)
    flush()
    return out


def _is_boilerplate(text: str) -> bool:
    return (
        len(text) <= 2
        or bool(_BOILERPLATE_LINE.match(text))
        or bool(_JUNK_LINE.match(text))
        or bool(_ONLY_INITIALS.match(text))
        or (len(text) < 200 and bool(_CAPTION.search(text)))
    )


def _clean_paragraphs(paras: Iterable[_Para]) -> list[str]:
    kept: list[str] = []
    for para in paras:
        if para.linked > 0.6 * len(para.text):
            continue  # a related-headline list or a lone "Baca juga" link
        text = para.text
        if "ADVERTISEMENT" in text or "SCROLL TO" in text:
            text = _INLINE_MARKERS.sub(" ", text).strip()
        if text.endswith(")"):
            text = _TRAILING_INITIALS.sub("", text).strip()
        if text and not _is_boilerplate(text):
            kept.append(text)
    # trailing furniture: reporter names ("DINI TEJA"), button labels, section headings
    while kept and len(kept[-1]) < 40 and not _SENTENCE_END.search(kept[-1]):
        kept.pop()
    return kept


def _join_dateline(paragraphs: list[str], rules: FamilyRules | None) -> list[str]:
    """A dateline set as its own block ("Jakarta -") belongs to the next paragraph."""
    if len(paragraphs) >= 2:
        found = _parse_dateline(paragraphs[0], rules)
        if found is not None and found.end >= len(paragraphs[0].rstrip()):
            return [f"{paragraphs[0].rstrip()} {paragraphs[1]}", *paragraphs[2:]]
    return paragraphs


def _parse_dateline(paragraph: str, rules: FamilyRules | None) -> Any:
    if rules is not None and rules.dateline is not None:
        return parse_dateline(paragraph, (rules.dateline,))
    return parse_dateline(paragraph)


def _mostly_prose(paragraphs: Sequence[str], min_chars: int) -> bool:
    """Whether text found without family rules reads like a story: at least
    ``min_chars`` and half of it in sentences (10+ words ending in punctuation), not
    headline lists."""
    prose = sum(
        len(p) for p in paragraphs if len(p.split()) >= 10 and _SENTENCE_END.search(p)
    )
    return prose >= min_chars and prose >= 0.5 * sum(map(len, paragraphs))


def _about_title(title: str, paragraphs: Sequence[str]) -> bool:
    """A story repeats its headline's words (every annotated page repeats 40 % or more);
    a listing's teasers rarely say "Indeks Berita"."""
    words = {w for w in _words(title) if len(w) >= 4}
    text = " ".join(paragraphs).lower()
    return len(words) >= 2 and sum(w in text for w in words) >= len(words) / 3


def _generic_container(doc: Any) -> Any:
    """The element holding the most paragraph text directly: the usual article body.

    It needs two paragraphs and 250 characters, which a listing's teaser card does not
    have, and may not be marked as furniture (a cookie notice is paragraphs too).
    """
    scores: dict[Any, list[int]] = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is not None:
            score = scores.setdefault(parent, [0, 0])
            score[0] += len(_norm(p.text_content()))
            score[1] += 1
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    for container, (chars, count) in ranked:
        if chars < 250 or count < 2:
            return None
        if not _is_junk(container):
            return container
    return None


def _body(doc: Any, rules: FamilyRules | None) -> tuple[list[str], str]:
    """Body paragraphs and the method that found them ("" when nothing was found).

    A family container that is present but holds no text is an empty article, reported
    as method "rules:<family>:empty": guessing elsewhere on such a page finds only
    chrome.
    """
    seen = False
    if rules is not None:
        for xp in rules.body:
            for container in _xpath(doc, xp):
                if not isinstance(container, lxml.etree._Element):
                    continue
                seen = True
                _clean_container(container, rules)
                paragraphs = _clean_paragraphs(_blocks(container))
                if paragraphs:
                    return paragraphs, f"rules:{rules.name}"
        for xp in rules.gallery:
            captions = [_Para(_norm(c.text_content()), 0) for c in _xpath(doc, xp)]
            paragraphs = _clean_paragraphs(c for c in captions if c.text)
            if paragraphs:
                return paragraphs, f"rules:{rules.name}:gallery"
        if seen:
            return [], f"rules:{rules.name}:empty"
    container = _generic_container(doc)
    if container is None:
        return [], ""
    _clean_container(container, None)
    return _clean_paragraphs(_blocks(container)), "generic"


# -- title -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _clean_meta_title(title: str, site_names: Sequence[str] = ()) -> str:
    """A <title> or og:title without the site's name around it."""
    title = _norm(title)
    tail = _TITLE_TAIL.search(title)
    if tail and len(tail["tail"].split()) <= 4 and _SITE_WORDS.search(tail["tail"]):
        title = title[: tail.start()].strip()
    title = _TITLE_PREFIX.sub("", title).strip()
    for name in site_names:
        name = _norm(name)
        if name and title.lower().endswith(name.lower()) and len(title) > len(name):
            title = title[: -len(name)].rstrip(" -|:\u2013\u2014")
    head, sep, site = title.rpartition(" | ")
    if sep and len(site.split()) <= 4 and len(head.split()) >= 3:
        title = head  # "Headline | Some Site"
    return title


def _agrees(candidate: str, reference: str) -> bool:
    """A visible heading is the headline when it shares most words with <title>."""
    cand, ref = _words(candidate), set(_words(reference))
    if not cand or not ref:
        return False
    shared = sum(w in ref for w in cand)
    return shared >= 0.6 * len(cand) and shared >= 0.5 * len(ref)


def _title(doc: Any, rules: FamilyRules | None, info: _PageMeta) -> str:
    """The headline as shown on the page, checked against og:title / <title>.

    Family rules and <h1> give candidates, tried in order; section headings ("News",
    "gaya") that some layouts put in an <h1> are skipped because they do not match the
    page's own title. With no heading that matches, the cleaned <title> is the headline.
    """
    raw = [
        *info.get("property", "og:title"),
        *info.get("name", "twitter:title"),
        *info.titles,
    ]
    sites = info.get("property", "og:site_name")
    references = [ref for ref in (_clean_meta_title(t, sites) for t in raw) if ref]
    first = ""
    exact = {ref.lower() for ref in references}
    for xp in (*(rules.title if rules else ()), "//h1"):
        texts = [
            _norm(found if isinstance(found, str) else found.text_content())
            for found in _xpath(doc, xp)
        ]
        texts = [text for text in texts if text]
        if not references and texts:
            return texts[0]
        # of several headings one rule finds, the one that is the <title> wins
        agreeing = [t for t in texts if any(_agrees(t, ref) for ref in references)]
        if agreeing:
            return next((t for t in agreeing if t.lower() in exact), agreeing[0])
        first = first or next(iter(texts), "")
    return references[0] if references else first


# -- date ------------------------------------------------------------------------------


_META_RULE = re.compile(r"^//meta\[@(name|property|itemprop)='([^']+)'\]/@content$")


def _rule_values(doc: Any, xp: str, info: _PageMeta) -> list[Any]:
    """A rule's matches; <meta> rules are answered from the one pass over the head."""
    meta = _META_RULE.match(xp)
    return list(info.get(meta[1], meta[2])) if meta else _xpath(doc, xp)


def _parse_node(
    item: Any, tz: timezone | ZoneInfo, now: datetime | None
) -> ParsedDate | None:
    text = str(item) if isinstance(item, str) else _norm(item.text_content())
    if not text or len(text) > 200:
        return None
    return parse_date_precise(text, now=now, default_tz=tz)


def _jsonld_dates(info: _PageMeta) -> list[str]:
    dates: list[str] = []
    for script in info.jsonld:
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


def _stamps(info: _PageMeta, tz: timezone | ZoneInfo) -> list[ParsedDate]:
    values = _jsonld_dates(info)
    for attr, name in _STAMP_META:
        values += info.get(attr, name)
    values += [t for t, published in info.times if published]
    values += [t for t, published in info.times if not published]
    found: list[ParsedDate] = []
    for value in values:
        parsed = parse_date_precise(str(value), default_tz=tz)
        if parsed is not None:
            found.append(parsed)
    return found


def _same_minute(a: datetime, b: datetime) -> bool:
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _with_seconds(shown: ParsedDate, stamps: Sequence[ParsedDate]) -> datetime:
    """The shown minute, with seconds from a stamp that agrees with it.

    A stamp agrees when it is the same instant, or the same wall-clock time under a
    wrong zone label (detik writes Jakarta time with a "Z").
    """
    value = shown.value
    for stamp in stamps:
        if stamp.precision != "second":
            continue
        shown_wall = value.replace(tzinfo=None)
        walls = (
            stamp.value.replace(tzinfo=None),
            stamp.value.astimezone(UTC).replace(tzinfo=None),
        )
        if _same_minute(stamp.value, value) or any(
            _same_minute(w, shown_wall) for w in walls
        ):
            return value.replace(second=stamp.value.second)
    return value


def _published(
    doc: Any,
    rules: FamilyRules | None,
    info: _PageMeta,
    tz: timezone | ZoneInfo,
    now: datetime | None,
) -> datetime | None:
    """The publication time: family rules first (a dated time beats a bare date on the
    same day), then machine stamps, then any date-like element."""
    stamps = _stamps(info, tz)
    day_only: ParsedDate | None = None
    for xp in rules.date if rules else ():
        for item in _rule_values(doc, xp, info):
            found = _parse_node(item, tz, now)
            if found is None:
                continue
            if found.precision == "day":
                day_only = day_only or found
                continue
            if day_only is not None and found.value.date() != day_only.value.date():
                continue
            return (
                _with_seconds(found, stamps)
                if found.precision == "minute"
                else found.value
            )
    shown = _shown_date(doc, tz, now)
    if stamps and (day_only is None or stamps[0].value.date() == day_only.value.date()):
        if shown is not None and _mislabelled(stamps[0], shown):
            return _with_seconds(shown, stamps)
        return stamps[0].value
    if day_only is not None:
        return day_only.value
    if shown is None:
        return None
    return _with_seconds(shown, stamps) if shown.precision == "minute" else shown.value


def _shown_date(
    doc: Any, tz: timezone | ZoneInfo, now: datetime | None
) -> ParsedDate | None:
    """The date a reader sees by the headline, for layouts without family rules.

    Date-classed elements after the first <h1> come first (before it sit tickers and
    "today" bars; after it, the byline), and a date with a time beats a bare date
    (sidebar lists show bare dates).
    """
    first_day: ParsedDate | None = None
    for xp in (f"//h1[1]/following::*[{_DATE_CLASS}]", f"//*[{_DATE_CLASS}]"):
        for item in _xpath(doc, xp)[:30]:
            found = _parse_node(item, tz, now)
            if found is None:
                continue
            if found.precision != "day":
                return found
            first_day = first_day or found
    return first_day


def _mislabelled(stamp: ParsedDate, shown: ParsedDate) -> bool:
    """A UTC stamp whose clock reads like the page's local time ("10:08 WIB" shown,
    "T10:08:58Z" stamped) is local time labelled UTC; the page wins."""
    if not shown.zoned or shown.precision != "minute" or stamp.precision != "second":
        return False
    utc_wall = stamp.value.astimezone(UTC).replace(tzinfo=None)
    return not _same_minute(stamp.value, shown.value) and _same_minute(
        utc_wall, shown.value.replace(tzinfo=None)
    )


# -- the rest --------------------------------------------------------------------------


def detect_language(text: str) -> str:
    """'id', 'en' or 'other' from function-word counts; cheap, good enough for news."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if not words:
        return "other"
    ind = sum(map(_ID_WORDS.__contains__, words))
    eng = sum(map(_EN_WORDS.__contains__, words))
    if max(ind, eng) < max(2, len(words) // 50):
        return "other"
    return "id" if ind >= eng else "en"


def _canonical(info: _PageMeta, url: str) -> str:
    for href in [*info.canonical, *info.get("property", "og:url")]:
        href = href.strip()
        if href and not href.startswith(("javascript:", "#")):
            return canonicalize_url(urljoin(url, href))
    return canonicalize_url(url)


def _same_article(target: str, url: str) -> bool:
    """Page 2 of an article is its URL plus ``?page=2`` or a path suffix; a "next" link
    to the section index is not."""
    a, b = urlsplit(canonicalize_url(target)), urlsplit(canonicalize_url(url))
    if a.netloc != b.netloc:
        return False
    return (a.path, a.query) == (b.path, b.query) or a.path.startswith(
        b.path.rstrip("/") + "/"
    )


def _next_page(doc: Any, rules: FamilyRules | None, url: str) -> str | None:
    for xp in rules.next_page if rules else ():
        for href in _xpath(doc, xp):
            href = str(href).strip()
            if href and not href.startswith(("javascript:", "#")):
                target = urljoin(url, href)
                if target != url and _same_article(target, url):
                    return target
    return None


def _trafilatura(html: str, url: str) -> tuple[str, list[str]] | None:
    import trafilatura  # lazily: slow to import, and only the fallback needs it

    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    paragraphs = [p for p in (_norm(x) for x in text.split("\n")) if p]
    return _norm(data.get("title") or ""), paragraphs


# -- the public function ---------------------------------------------------------------


def extract_article(
    html: str | bytes, url: str, hints: ExtractionHints | None = None
) -> Article | None:
    """Extract one article from a page; None when the page holds no article.

    ``html`` may be bytes (decoded with ``decode_html``) or text. Pages larger than
    ``MAX_HTML_BYTES`` are cut before parsing, so a huge page costs bounded time. A page
    with no headline, or less than ``hints.min_body_chars`` of body text, is no article.
    """
    hints = hints or ExtractionHints()
    if isinstance(html, bytes):
        html, _ = decode_html(html[:MAX_HTML_BYTES])
    html = html[:MAX_HTML_BYTES]
    if not html.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(html, parser=_parser())
    except (lxml.etree.ParserError, ValueError):
        return None
    tz: timezone | ZoneInfo = ZoneInfo(hints.timezone) if hints.timezone else JAKARTA
    host = urlsplit(url).hostname or ""
    rules = FAMILIES.get(hints.family or "") or family_for_domain(host)
    outlet = hints.outlet or (host[4:] if host.startswith("www.") else host)

    # read everything the body cleaning would destroy first: it edits the tree in place
    if urlsplit(url).path in ("", "/"):
        return None  # a front page: no outlet publishes a story at its root
    if rules is not None and any(_xpath(doc, xp) for xp in rules.not_article):
        return None  # the CMS marks the page as an archive, a search or an error page
    info = _page_meta(doc)
    og_type = [t.strip().lower() for t in info.get("property", "og:type")]
    if og_type and og_type[0] and og_type[0] not in _ARTICLE_OG_TYPES:
        return None  # the page says it is a listing, a profile or a site page
    title = _title(doc, rules, info)
    published = _published(doc, rules, info, tz, hints.now)
    canonical = _canonical(info, url)
    next_page = _next_page(doc, rules, url)
    paragraphs, method = _body(doc, rules)
    if method.endswith(":empty"):
        return None

    # a family's body container is only on its article pages, so what it holds is the
    # story even when short (a photo page's two sentences); other paths must reach
    # min_body_chars
    by_rules = method.startswith("rules:")
    min_chars = (
        min(hints.min_body_chars, _MIN_RULE_BODY_CHARS)
        if by_rules
        else hints.min_body_chars
    )
    if sum(map(len, paragraphs)) < min_chars and hints.use_trafilatura:
        fallback = _trafilatura(html, url)
        if fallback and sum(map(len, fallback[1])) > sum(map(len, paragraphs)):
            title = title or fallback[0]
            paragraphs = _clean_paragraphs(_Para(p, 0) for p in fallback[1])
            method = "trafilatura"
            min_chars = hints.min_body_chars
    while paragraphs and _norm(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]
    paragraphs = _join_dateline(paragraphs, rules)
    if not title or sum(map(len, paragraphs)) < min_chars:
        return None
    if not method.startswith("rules:") and not (
        _mostly_prose(paragraphs, min_chars) and _about_title(title, paragraphs)
    ):
        return None  # headlines and teasers of a listing page, not a story
    dateline = _parse_dateline(paragraphs[0], rules)
    return Article(
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        title=title,
        paragraphs=tuple(paragraphs),
        published=published,
        dateline=dateline.city if dateline else None,
        language=detect_language(" ".join(paragraphs)),
        method=method,
        next_page=next_page,
    )


def join_pages(first: Article, rest: Sequence[Article]) -> Article:
    """One article from a paginated one: every page's paragraphs, the first's metadata.

    A paragraph a later page repeats (a recap line, the lead shown again) is kept once.
    """
    paragraphs = list(first.paragraphs)
    seen = set(paragraphs)
    for page in rest:
        for p in page.paragraphs:
            if p not in seen:
                paragraphs.append(p)
                seen.add(p)
    return replace(
        first, paragraphs=tuple(paragraphs), next_page=None, pages=1 + len(rest)
    )
