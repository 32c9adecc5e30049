"""Scrapy settings for Pantau, and the only module in crawler/ that reads the environment.

Politeness for live outlets: robots.txt obeyed, AutoThrottle on, two requests at a time per
domain, a user agent that names the project and a contact URL. Registry entries marked
``polite = false`` (the bundled offline site on 127.0.0.1) lift the delays; see
``crawler.runner.spider_class_for``.
"""

from __future__ import annotations

import os

BOT_NAME = "pantau"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

PANTAU_CONTACT_URL = os.environ.get(
    "PANTAU_CONTACT_URL", "https://github.com/pantau-tppo/pantau#contact"
)
USER_AGENT = f"Pantau/0.1 (TPPO news monitor; +{PANTAU_CONTACT_URL})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = int(os.environ.get("PANTAU_DOWNLOAD_TIMEOUT", "30"))
DOWNLOAD_MAXSIZE = int(os.environ.get("PANTAU_DOWNLOAD_MAXSIZE", str(8 * 1024 * 1024)))
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
COOKIES_ENABLED = False
# Scrapy starts this many asyncio tasks for every response's output; ours is one article or
# a page of links, and the default 100 cost ~15 % of the crawl's CPU (bench/bench_crawl.py)
CONCURRENT_ITEMS = 8
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("PANTAU_LOG_LEVEL", "INFO")

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SkipKnownUrlsMiddleware": 50,
    "crawler.middlewares.RedirectLoopMiddleware": 650,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 300,
    "crawler.pipelines.DedupePipeline": 400,
    "crawler.pipelines.ClassifyPipeline": 500,
    "crawler.pipelines.EntitiesPipeline": 600,
    "crawler.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    "crawler.extensions.ProgressExtension": 500,
    "crawler.monitors.HealthMonitorExtension": 510,
}

PANTAU_DATABASE_URL = os.environ.get("PANTAU_DATABASE_URL", "sqlite:///data/pantau.db")
PANTAU_MIN_SCORE = os.environ.get("PANTAU_MIN_SCORE", "")
PANTAU_ENTITIES_MIN_SCORE = float(os.environ.get("PANTAU_ENTITIES_MIN_SCORE", "0.05"))
PANTAU_LANGUAGES = ["id", "en"]
PANTAU_MIN_BODY_CHARS = 150
# worker processes for extraction, SimHash, classification and entities (crawler/analysis.py):
# "auto" = none on one core, else 2; 0 = all in the crawl process
PANTAU_ANALYSIS_WORKERS = os.environ.get("PANTAU_ANALYSIS_WORKERS", "auto")
PANTAU_PROGRESS = os.environ.get("PANTAU_PROGRESS", "") == "1"
# a database outage shorter than this pauses the crawl; a longer one closes it loudly
PANTAU_STORE_RETRY_SECONDS = float(
    os.environ.get("PANTAU_STORE_RETRY_SECONDS", "60")
)

# settings applied to registry entries with polite = false (the offline site on loopback)
PANTAU_LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CONCURRENT_REQUESTS": 32,
    "DOWNLOAD_TIMEOUT": 10,
}

# Distributed crawl (issue 7, docs/scale.md): with PANTAU_REDIS_URL set, every crawler
# process shares one Redis request queue and dupe filter per outlet (scrapy-redis, with
# the acknowledged-pop scheduler of crawler/distributed.py). Use PostgreSQL then.
PANTAU_REDIS_URL = os.environ.get("PANTAU_REDIS_URL", "")
PANTAU_REDIS_WORKER_TTL = float(os.environ.get("PANTAU_REDIS_WORKER_TTL", "30"))
PANTAU_REDIS_RETRY_SECONDS = float(
    os.environ.get("PANTAU_REDIS_RETRY_SECONDS", "60")
)
if PANTAU_REDIS_URL:
    REDIS_URL = PANTAU_REDIS_URL
    REDIS_PARAMS = {"socket_timeout": 10, "socket_connect_timeout": 5}
    SCHEDULER = "crawler.distributed.RedisScheduler"
    SCHEDULER_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
    SCHEDULER_SERIALIZER = "crawler.distributed"
    SCHEDULER_QUEUE_KEY = "pantau:%(spider)s:requests"
    SCHEDULER_DUPEFILTER_KEY = "pantau:%(spider)s:dupefilter"
    DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
    SCHEDULER_PERSIST = True  # workers share the queue; the last one out clears it
