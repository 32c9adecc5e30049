"""URL canonicalisation: one key per article however an outlet links to it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# tracking and pagination parameters that never change which article a URL names
_DROP_PARAMS = frozenset({
    "page", "fbclid", "gclid", "amp", "single", "from", "ref", "src", "source", "_ga",
    "trk", "share", "utm",
})  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize_url(url: str) -> str:
    """One spelling per article URL.

    Lower-cases scheme and host, drops the fragment, tracking (``utm_*``, ``fbclid``...)
    and page parameters, a trailing ``/amp`` and the scheme's default port, and sorts
    what is left of the query. The path keeps its case: outlets' slugs are
    case-sensitive.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is no number: keep the host only
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path or "/"
    if path.endswith("/amp"):
        path = path[: -len("/amp")] or "/"
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _DROP_PARAMS and not k.lower().startswith("utm_")
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(kept)), ""))
