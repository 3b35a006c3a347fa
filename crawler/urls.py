"""URL normalisation and article identity: the one place where URLs are compared.

``canonical_url`` and the article ``id`` of the item, the incremental-skip middleware and the
dedupe store all go through these functions, so that one article reached under two URLs
(tracking parameters, ``http``/``https``, ``www.``, a fragment) is one article.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

# Query parameters that never change the resource (analytics, share links, app tracking).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "zarsrc",
        "zaloid",
        "_ga",
        "_gl",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "src",
        "share",
        "amp",
        "gidzl",
        "cmpid",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_")

# Article ids as Vietnamese CMSs put them in URLs, most specific first. The id is the last group.
ARTICLE_ID_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"-post(?:id)?(\d{3,})\.(?:html?|bbg)$",  # zce family: -post404649.html; .bbg: -postid409722.bbg
        r"-a(\d{3,})\.html?$",  # FCK family: -a196670.html
        r"-(\d{3,})\.html?$",  # OneCMS and many others: -359750.html / .htm
        r"-(?:ar|d|c|n)(\d{4,})\.html?$",  # letter-prefixed ids: vtcnews -ar994669, baodautu -d538952
        r"/\d{6}/[a-z0-9-]*?-([0-9a-f]{7}|\d{4,})/?$",  # /<cat>/<YYYYMM>/<slug>-<id>/ archives
        r"/d(\d{17})\.htm$",  # baoninhbinh legacy timestamp ids
        r"^/[a-z0-9-]+/[a-z0-9-]+/(\d{4,})\.htm$",  # baothanhhoa 2020-23: /<cat>/<slug>/<id>.htm
        r"^/[a-z0-9-]+/[a-z0-9-]+-(\d{4,})/?$",  # baolaichau, no extension: /<cat>/<slug>-<id>
    )
)


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def absolute_url(href: str, base: str) -> str:
    """``href`` resolved against ``base`` (the page URL, never a ``<base href>``), made safe.

    An http(s) URL without a host (``http:///x.jpg``, ``http:/x.jpg``) is returned as joined, so
    that ``parses`` refuses it: w3lib 2.6 repairs it as a browser would, into the host ``x.jpg``,
    which no page means (2.5 left it alone)."""
    joined = urljoin(base, href.strip())
    parts = _split(joined)
    if parts is not None and not parts.netloc and parts.scheme in ("http", "https"):
        return joined
    return safe_url_string(joined)


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` that answers None for what Python cannot parse (``http://[::1/``, port 99999)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError:
        return None
    return parts


def parses(url: str) -> bool:
    """Whether Python can parse the URL and it has a host (no unclosed ``[``, a port in range):
    one malformed href must cost its own link only, not the page around it."""
    parts = _split(url)
    return parts is not None and bool(parts.hostname)


def normalize_url(url: str, *, force_https: bool = True) -> str:
    """The comparable form of a URL: https, lower-case host, default port dropped,
    no fragment, no tracking parameters, sorted query (w3lib's canonical form).
    A URL that cannot be parsed is returned stripped, unchanged (it compares only to itself)."""
    parts = _split(url)
    if parts is None:
        return url.strip()
    scheme = parts.scheme.lower() or "https"
    if force_https and scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    path = parts.path or "/"
    if not query and "/." not in path and _PLAIN_PATH.fullmatch(path) and _PLAIN_HOST.fullmatch(netloc):
        # What article URLs almost always are: nothing for canonicalize_url to escape or sort,
        # and it costs most of this function (the incremental filter calls it per request).
        return f"{scheme}://{netloc}{path}"
    try:
        return canonicalize_url(urlunsplit((scheme, netloc, path, query, "")))
    except ValueError:
        return urlunsplit((scheme, netloc, path, query, ""))


# Characters canonicalize_url leaves as they are in a path, and a plain ASCII host[:port].
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9\-._~/!$&'()*+,=:@]*")
_PLAIN_HOST = re.compile(r"[a-z0-9.-]+(?::\d+)?")


_NOT_HOST_CHARS = re.compile(r"[^a-z0-9.-]")


def site_of(url: str) -> str:
    """The site a URL belongs to: its host without ``www.`` (``baolamdong.vn``), in ASCII
    (punycode for internationalised names), so that it can stand in an item id."""
    parts = _split(url)
    host = ((parts.hostname if parts else None) or "").lower().removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = host.encode("ascii", "replace").decode("ascii")
    return _NOT_HOST_CHARS.sub("-", host)


def under_domain(host: str, domain: str) -> bool:
    """Whether ``host`` (a ``site_of`` value) is ``domain`` or one of its sub-domains: the one test
    of "same site" that the registry and discovery share."""
    return host == domain or host.endswith("." + domain)


def url_article_id(url: str) -> str | None:
    """The id a CMS put in the article URL (``359750`` in ``...-359750.html``), if any."""
    parts = _split(url)
    if parts is None:
        return None
    for pattern in ARTICLE_ID_PATTERNS:
        m = pattern.search(parts.path)
        if m:
            return m.group(1)
    return None


def url_hash(url: str) -> str:
    return hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:16]


def article_key(site: str, url: str) -> str:
    """Stable identity ``"<site>:<id>"``: the URL's own id, else a hash of the normalised URL."""
    return f"{site}:{url_article_id(url) or url_hash(url)}"
