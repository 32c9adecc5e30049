"""Threaded HTTP server for the offline news site (stdlib only, real sockets on
127.0.0.1).

Tests start it on a free port and crawl it over real HTTP; `hits` counts requests per
path so a test can prove a page (e.g. one disallowed by robots.txt) was never fetched.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from newssite import fmt
from newssite.broken import BROKEN_PAGES  # noqa: F401 - re-exported for crawler tests
from newssite.site import Response, Site

log = logging.getLogger(__name__)


class _Server(ThreadingHTTPServer):
    # socketserver's listen backlog of 5 overflows when a crawl opens dozens of connections
    # at once; the kernel then drops SYNs and the client retries after 1, 3, 7 s, stalling
    # the crawl for seconds (a real outlet's server has a deep backlog)
    request_queue_size = 1024


class SiteServer:
    """A running site; use as a context manager or call stop()."""

    def __init__(
        self, site: Site, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0
    ):
        self.site = site
        self.latency = latency
        # pages are pure functions of (method, target, Host): render each once, so a crawl
        # measures the crawler, not the Jinja renderer
        self.cache: dict[tuple[str, str, str | None], Response] = {}
        self.hits: Counter[str] = (
            Counter()
        )  # request path (no query) -> number of requests
        self.requests: list[
            tuple[str, str]
        ] = []  # (method, path with query) in arrival order
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self.host, self.port = self._httpd.server_address[:2]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="newssite",
            daemon=True,
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in str(self.host) else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def record(self, method: str, target: str) -> None:
        with self._lock:
            self.hits[urlsplit(target).path] += 1
            self.requests.append((method, target))

    def reset_hits(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


CACHE_MAX_BODY = 1_000_000  # the huge page is generated on every request, never cached


def _make_handler(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def version_string(self) -> str:
            return "nginx/1.24.0"

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            self._serve(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(head=True)

        def _serve(self, head: bool) -> None:
            server.record(self.command, self.path)
            if server.latency:
                time.sleep(server.latency)
            key = (self.command, self.path, self.headers.get("Host"))
            try:
                response = server.cache.get(key) or server.site.handle(*key)
                if response.status == 200 and len(response.body) < CACHE_MAX_BODY:
                    server.cache[key] = response
            except Exception:
                log.exception("rendering %s failed", self.path)
                response = Response(
                    500,
                    b"Internal Server Error",
                    {"Content-Type": "text/plain; charset=utf-8"},
                )
            if (
                response.status == 200
                and response.last_modified
                and self._not_modified(response)
            ):
                response = Response(304, b"", {}, response.last_modified)
            try:
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                if response.last_modified is not None:
                    self.send_header(
                        "Last-Modified", fmt.http_date(response.last_modified)
                    )
                self.send_header("Content-Length", str(len(response.body)))
                self.send_header("Cache-Control", "public, max-age=60")
                self.end_headers()
                if not head and response.status != 304:
                    self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # client gave up (e.g. on the huge page)

        def _not_modified(self, response: Response) -> bool:
            since = self.headers.get("If-Modified-Since")
            if not since or response.last_modified is None:
                return False
            try:
                return response.last_modified.replace(
                    microsecond=0
                ) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.debug("%s - %s", self.address_string(), format % args)

    return Handler


def start_site(
    host: str = "127.0.0.1",
    port: int = 0,
    content_dir: Path | str | None = None,
    latency: float = 0.0,
) -> SiteServer:
    """Load the articles of `content_dir` (default: the bundled ones) and serve them.

    port=0 picks a free port; `latency` (seconds) delays every response, for timeout
    tests."""
    return SiteServer(Site.from_dir(content_dir), host=host, port=port, latency=latency)
