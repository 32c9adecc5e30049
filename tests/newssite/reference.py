"""A reference reading of each layout with the selectors documented for the crawler.

Tests use it to prove that the documented title/body/date selectors and boilerplate list
are exact: applied to every rendered page they give back the article's fields and clean
text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

# family -> XPath of title, body container, story paragraphs (relative to the body),
# date text
SELECTORS = {
    "antara": {
        "title": "//div[contains(@class,'wrap__article-detail-title')]/h1",
        "body": "//div[contains(concat(' ',normalize-space(@class),' '),' post-content ')]",  # noqa: E501
        "paragraphs": "./p[not(@class)]",
        "date": "//div[contains(@class,'wrap__article-detail-info')]//span[contains(@class,'text-secondary')]",  # noqa: E501
        "credit": ".//p[contains(@class,'text-muted')]",
        "dateline": r"^(?P<city>.+?) \(ANTARA\) - ",
    },
    "kompas": {
        "title": "//h1[@class='read__title']",
        "body": "//div[@class='read__content']/div[@class='clearfix']",
        "paragraphs": "./p[not(.//a[contains(@class,'inner-link-baca-juga')])]",
        "date": "//div[@class='read__time']",
        "credit": "//div[contains(@class,'read__credit')]",
        "dateline": r"^(?P<city>[A-Z][A-Z .'-]*), KOMPAS\.com - ",
    },
    "detik": {
        "title": "//h1[@class='detail__title']",
        "body": "//div[contains(@class,'detail__body-text')]",
        "paragraphs": "./p",
        "date": "//div[@class='detail__date']",
        "credit": "//div[@class='detail__author']",
        "dateline": None,  # "<strong>City</strong> - " sits before the first <p>
    },
    "tribun": {
        "title": "//h1[@id='arttitle']",
        "body": "//div[contains(@class,'txt-article')]",
        "paragraphs": "./p[not(@class)][not(starts-with(normalize-space(.),'Artikel ini telah tayang'))]",  # noqa: E501
        "date": "(//div[@id='article']//time)[1]",
        "credit": "//div[@id='penulis'] | //div[@id='editor']",
        "dateline": r"^TRIBUNBATAM\.id, (?P<city>[A-Z][A-Z .'-]*) - ",
    },
    "wordpress": {
        "title": "//h1[@class='entry-title']",
        "body": "//article[contains(@class,'post')]//div[contains(@class,'entry-content')]",  # noqa: E501
        "paragraphs": "./p[not(@class)]",
        "date": "//time[contains(@class,'entry-date') and contains(@class,'published')]/@datetime",  # noqa: E501
        "credit": "//span[contains(@class,'author')]//a | .//p[@class='editor-line']",
        "dateline": r"^(?P<city>[A-Z][A-Z .'-]*) \u2013 ",
    },
}


@dataclass
class Reading:
    title: str
    paragraphs: list[str]
    date: str
    credit: str
    city: str | None
    body_text: str  # everything inside the body container, boilerplate included


def norm(text: str) -> str:
    return " ".join(text.split())


def read(page: bytes | str, family: str) -> Reading:
    doc = lxml_html.fromstring(page)
    sel = SELECTORS[family]
    bodies = doc.xpath(sel["body"])
    assert len(bodies) == 1, f"{family}: {len(bodies)} body containers"
    body = bodies[0]
    paragraphs = [norm(p.text_content()) for p in body.xpath(sel["paragraphs"])]
    city = None
    if family == "detik":
        strong = body.find("strong")
        if strong is not None and (strong.tail or "").strip() == "-":
            city = norm(strong.text_content())
    elif paragraphs and sel["dateline"]:
        m = re.match(sel["dateline"], paragraphs[0])
        if m:
            city = m.group("city")
            paragraphs[0] = paragraphs[0][m.end() :]
    date = doc.xpath(sel["date"])
    date_text = (
        norm(date[0] if isinstance(date[0], str) else date[0].text_content())
        if date
        else ""
    )
    credit = " ".join(norm(e.text_content()) for e in body.xpath(sel["credit"]))
    return Reading(
        title=norm(doc.xpath(sel["title"])[0].text_content()),
        paragraphs=paragraphs,
        date=date_text,
        credit=credit,
        city=city,
        body_text=norm(body.text_content()),
    )
