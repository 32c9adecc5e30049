"""The Redis queue serializer: our requests round-trip, anything else is refused."""

from __future__ import annotations

import os
import pickle
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

from crawler import distributed
from crawler.extract import Article


class _Spider(Spider):
    name = "s"

    def parse_next_page(self, response):  # pragma: no cover - resolved by name only
        return []


def test_a_paginated_article_request_round_trips():
    first = Article(
        url="https://x.test/a",
        canonical_url="https://x.test/a",
        outlet="x",
        title="Judul",
        paragraphs=("satu", "dua"),
        published=datetime(2024, 3, 12, 10, tzinfo=ZoneInfo("Asia/Makassar")),
        dateline="Kupang",
        language="id",
        method="rules",
        next_page="https://x.test/a?page=2",
    )
    spider = _Spider()
    request = Request(
        "https://x.test/a?page=2",
        callback=spider.parse_next_page,
        meta={"first": first, "rest": [], "first_body": b"\xff<html>", "depth": 2},
        priority=-3,
    )
    data = distributed.dumps(request.to_dict(spider=spider))
    back = request_from_dict(distributed.loads(data), spider=spider)
    assert back.url == request.url
    assert back.priority == -3
    assert back.callback == spider.parse_next_page
    assert back.meta["first"] == first
    assert back.meta["first"].published.tzinfo == ZoneInfo("Asia/Makassar")
    assert back.meta["first_body"] == b"\xff<html>"


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


@pytest.mark.parametrize(
    "payload",
    [_Evil(), ZoneInfo("Asia/Jakarta"), {"f": print}],
    ids=["os.system", "getattr-route", "a function"],
)
def test_anything_else_is_refused(payload):
    with pytest.raises(pickle.UnpicklingError):
        distributed.loads(pickle.dumps({"meta": payload}))
