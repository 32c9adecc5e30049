"""URL canonicalisation: one key per article however an outlet links to it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# tracking and pagination parameters that never change which article a URL names
_DROP_PARAMS = frozenset(
    {
        "page",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "fbclid",
        "gclid",
        "amp",
        "single",
        "from",
        "ref",
        "src",
        "source",
        "_ga",
        "trk",
        "share",
    }
)


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, tracking and page parameters, a trailing
    ``/amp`` and default ports; keep the path's case (outlets' slugs are case-sensitive)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path or "/"
    if path.endswith("/amp"):
        path = path[: -len("/amp")] or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in _DROP_PARAMS
        )
    )
    return urlunsplit((scheme, netloc, path, query, ""))
