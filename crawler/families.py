"""Per-family extraction rules: where each publisher network keeps title, body and date.

A family is a CMS or publisher network (ANTARA's regional subdomains share one, the
Tribun network another). Rules are XPath, tried in order. When no family matches a page,
``crawler.extract`` falls back to a generic paragraph-density heuristic and then to
trafilatura, which is 10-20x slower than these rules (see bench/bench_extract.py).

Date rules list what the reader sees first (``Kamis, 05/11/2015 10:08 WIB``) and machine
stamps after: outlets label local time as UTC often enough (detik's ``T10:08:58Z``) that
the visible date is the better witness; ``crawler.extract`` then borrows the seconds
from a stamp that agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FamilyRules:
    """XPath rules for one family; ``domains`` are registrable domains implying it.

    ``title``/``body``/``date``/``next_page`` are tried in order. ``drop`` removes
    elements inside the body container before its text is read. ``gallery`` selects the
    captions that are the only text of photo-gallery pages; they are used when the body
    rules find nothing. ``not_article`` matches on the family's listing, search and
    error pages (which can hold the same containers as an article), so that they give no
    article. ``dateline`` overrides ``DATELINE_PATTERNS`` for outlets with their own
    form.
    """

    name: str
    domains: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    gallery: tuple[str, ...] = ()
    not_article: tuple[str, ...] = ()
    dateline: re.Pattern[str] | None = None


# -- datelines -------------------------------------------------------------------------
# "Pontianak (ANTARA) - ", "Mataram, NTB (ANTARA News) - ", "PONTIANAK, KOMPAS.com - ",
# "Jakarta, KompasOtomotif - ", "TRIBUNBATAM.id, BATAM - ", "Liputan6.com, Jakarta - ",
# "REPUBLIKA.CO.ID, JAKARTA -- ", "TEMPO.CO, Jakarta - ", "Jakarta - " (detik, okezone),
# "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- ", and outlet-only openings with no
# city ("Kapanlagi.com - ", "TRIBUNNEWS.COM - ", "VIVA.co.id - ").
_DASH = r"\s*(?:[-\u2013\u2014]{1,3})\s*"
_CITY = r"[A-Z][A-Za-z'\-]*(?:\s+[A-Z][A-Za-z'\-]*){0,3}"
_OUTLET = (
    r"(?:[A-Za-z][\w\-]*\.(?i:co\.id|com|co|id|net|tv|news)(?![\w.])"
    r"|ANTARA(?:\s+News)?|KOMPAS\w*|Kompas\w*|detik\w*|TRIBUN\w*|Tribun\w*|VIVA\w*|"
    r"Okezone|REPUBLIKA|Republika|TEMPO|Tempo|CNN\s+Indonesia|IDN\s+Times|Suara|JPNN)"
)
DATELINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"^(?P<city>{_CITY})(?:\s*,[^()\n]{{1,40}}?)?\s*\((?:ANTARA|Antara)[^)]{{0,30}}\)"
        rf"{_DASH}"
    ),
    re.compile(rf"^(?P<city>{_CITY})\s*,\s*(?P<outlet>{_OUTLET}){_DASH}"),
    re.compile(rf"^(?P<outlet>{_OUTLET})\s*,?\s*(?P<city>{_CITY}){_DASH}"),
    re.compile(rf"^(?P<outlet>{_OUTLET}){_DASH}"),
    # liputan6 sets "Liputan6.com, Jakarta" in bold with no dash: take one word only
    re.compile(
        rf"^(?P<outlet>{_OUTLET})\s*,\s*(?P<city>[A-Z][a-z]+)\s+(?=[A-Z\"\u201c])"
    ),
    re.compile(rf"^(?P<city>{_CITY}){_DASH}(?=\S|$)"),
)


@dataclass(frozen=True)
class Dateline:
    """The dateline opening a story: the city (None when only the outlet is named) and
    the length of the prefix in the paragraph it was read from."""

    city: str | None
    end: int


def parse_dateline(
    paragraph: str, patterns: tuple[re.Pattern[str], ...] = DATELINE_PATTERNS
) -> Dateline | None:
    """The dateline at the start of ``paragraph``, or None when it opens with none.

    An all-caps city is title-cased ("LOS ANGELES" -> "Los Angeles"); a region after a
    comma ("Mataram, NTB (ANTARA)") is dropped; an outlet name is never returned as a
    city.
    """
    for pattern in patterns:
        m = pattern.match(paragraph)
        if not m:
            continue
        city = m.groupdict().get("city")
        if city:
            city = " ".join(city.split())
            if re.fullmatch(_OUTLET, city):
                city = None
            elif city.isupper():
                city = city.title()
        return Dateline(city or None, m.end())
    return None


def _has_class(name: str) -> str:
    """XPath test for a whole class token (``contains`` alone also hits prefixes)."""
    return f"contains(concat(' ',normalize-space(@class),' '),' {name} ')"


# -- families --------------------------------------------------------------------------

FAMILIES: dict[str, FamilyRules] = {
    rules.name: rules
    for rules in (
        FamilyRules(
            name="antara",
            domains=("antaranews.com",),
            title=(
                "//div[contains(@class,'wrap__article-detail-title')]//h1",
                "//h1[contains(@class,'post-title')]",
                "//article//h1",
                "//h1",
            ),
            body=(
                f"//div[{_has_class('post-content')}]",
                "//div[@id='content_news']",
            ),
            date=(
                "//div[contains(@class,'wrap__article-detail-info')]//span",
                "//*[contains(@class,'post-date')]",
                "//time[@itemprop='datePublished']",
                f"//div[{_has_class('date')}]",
                "//meta[@property='article:published_time']/@content",
                "//meta[@itemprop='datePublished']/@content",
            ),
        ),
        FamilyRules(
            name="kompas",
            domains=("kompas.com",),
            title=(
                "//h1[contains(@class,'read__title')]",
                "//h1[contains(@class,'title')]",
                "//div[contains(@class,'kcm-read')]//h2",
            ),
            body=(
                "//div[contains(@class,'read__content')]",
                "//div[contains(@class,'kcm-read-text')]",
                "//span[starts-with(@class,'kcmread')]",
                "//div[contains(@class,'div-read')]",
            ),
            date=(
                "//meta[@name='content_PublishedDate']/@content",
                "//*[contains(@class,'read__time')]",
                "//div[contains(@class,'kcm-read-top')]//div[contains(@class,'grey')]",
                "//*[contains(@class,'kcm-date')]",
                "//div[contains(@class,'read__date')]",
                "//meta[@property='article:published_time']/@content",
            ),
            next_page=(
                "//link[@rel='next']/@href",
                "//a[@rel='next']/@href",
                "//*[contains(@class,'paging__link--next')]/@href",
                "//a[@class='next']/@href",
            ),
        ),
        FamilyRules(
            name="detik",
            domains=("detik.com",),
            title=(
                "//h1[contains(@class,'detail__title')]",
                "//div[contains(@class,'detail_profil')]/h1",
                "//article//h1",
                "//h1",
            ),
            body=(
                "//div[contains(@class,'detail__body-text')]",
                "//div[contains(@class,'text_detail')]",
                "//div[@id='detikdetailtext']",
                "//div[contains(@class,'text_gal')]",
            ),
            date=(
                "//*[contains(@class,'detail__date')]",
                "//div[contains(@class,'jdl')]//div[contains(@class,'date')]",
                "//div[contains(@class,'content_detail')]//div[@class='date']",
                "//meta[@name='publishdate']/@content",
                "//meta[@name='pubdate']/@content",
            ),
            drop=(
                "//*[contains(@class,'detail__body-tag')]",
                "//*[contains(@class,'lihatjg')]",
            ),
        ),
        FamilyRules(
            name="tribun",
            domains=("tribunnews.com",),
            title=("//h1[@id='arttitle']", "//h1[contains(@class,'f50')]", "//h1"),
            body=(
                "//div[contains(@class,'txt-article')]",
                "//div[contains(@class,'side-article')]",
            ),
            date=(
                "//time[contains(@class,'grey')]",
                "//*[@id='article']//time",
                "//meta[@property='article:published_time']/@content",
            ),
            drop=("//*[contains(@class,'baca')]",),
        ),
        FamilyRules(
            name="wordpress",
            title=("//h1[contains(@class,'entry-title')]", "//article//h1", "//h1"),
            body=(
                f"//div[{_has_class('entry-content')}]",
                "//*[@itemprop='articleBody']",
            ),
            date=(
                "//time[contains(@class,'published')]/@datetime",
                "//meta[@property='article:published_time']/@content",
                "//time/@datetime",
            ),
            # WordPress body classes: posts are "single", lists
            # "archive"/"blog"/"search"
            not_article=tuple(
                f"//body[{_has_class(cls)}]"
                for cls in ("archive", "blog", "search", "error404")
            ),
        ),
        FamilyRules(
            name="liputan6",
            domains=("liputan6.com",),
            title=("//h1[contains(@class,'read-page--header--title')]", "//h1"),
            body=(
                "//div[contains(@class,'article-content-body__item-content')]",
                "//div[contains(@class,'read-page__content-body')]",
                "//div[starts-with(@id,'multi-page-')]",
            ),
            date=(
                "//time[contains(@class,'read-page--header')]/@datetime",
                "//meta[@property='article:published_time']/@content",
            ),
            gallery=("//figcaption[contains(@class,'photo-gallery--item__caption')]",),
        ),
        FamilyRules(
            name="okezone",
            domains=("okezone.com",),
            title=("//div[contains(@class,'title')]/h1", "//h1[last()]"),
            body=("//div[@id='contentx']", "//div[contains(@class,'ctn-desc')]"),
            date=(
                "//div[contains(@class,'namerep')]//b",
                "//*[contains(@class,'namerep')]",
                "//time",
            ),
        ),
        FamilyRules(
            name="republika",
            domains=("republika.co.id",),
            title=(
                "//div[contains(@class,'jdl-detail')]/h2",
                "//div[contains(@class,'jdl-pic')]",
                "//div[contains(@class,'wrap-title')]/div[contains(@class,'h5')]",
                "//div[contains(@class,'wrap_detail_set')]//h1",
            ),
            body=(
                "//div[contains(@class,'content-detail')]",
                "//div[contains(@class,'artikel')]",
                "//div[contains(@class,'teaser-pic')]",
                f"//div[{_has_class('teaser')}]",
            ),
            date=(
                "//div[contains(@class,'date-detail')]",
                "//div[contains(@class,'date-pic')]",
                "//div[contains(@class,'date_detail')]",
            ),
        ),
        FamilyRules(
            name="tempo",
            domains=("tempo.co",),
            title=(
                "//div[contains(@class,'artikel')]/h1",
                "//div[contains(@class,'judul-konten')]",
                "//h1[contains(@class,'title')]",
                "//article//h1",
            ),
            body=(
                "//div[@id='isi']",
                "//div[contains(@class,'tubuh-berita')]",
                "//div[contains(@class,'artikel')]",
            ),
            date=(
                "//div[contains(@class,'block-tanggal')]",
                "//div[contains(@class,'kolom-2-kolom')]/div[contains(@class,'tanggal')]",
                "//span[contains(@class,'date')]",
            ),
            drop=(
                "//h1",
                "//ul[contains(@class,'block-kanal')]",
                "//div[contains(@class,'block-tanggal')]",
                "//div[contains(@class,'block-display')]",
            ),
        ),
        FamilyRules(
            name="viva",
            domains=("viva.co.id",),
            title=("//h1",),
            body=(
                "//*[@itemprop='articleBody']",
                "//div[contains(@class,'main-content-detail')]",
            ),
            date=(
                "//meta[@property='article:published_time']/@content",
                "//div[contains(@class,'date')]",
            ),
        ),
        FamilyRules(
            name="kapanlagi",
            domains=("kapanlagi.com",),
            title=("//h1",),
            body=(
                "//div[contains(@class,'entertainment-detail-news')]",
                "//div[contains(@class,'detail-news')]",
                "//div[contains(@class,'body-paragraph')]",
            ),
            date=(
                "//span[contains(@class,'newsdetail-schedule')]",
                "//span[contains(@class,'date-post')]",
            ),
        ),
    )
}


def family_for_domain(host: str) -> FamilyRules | None:
    """The family whose registrable domain ``host`` belongs to, if any."""
    host = host.lower().split(":")[0]
    for rules in FAMILIES.values():
        if any(host == d or host.endswith("." + d) for d in rules.domains):
            return rules
    return None
