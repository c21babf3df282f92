"""URL helpers every festival spider needs: base URLs, loopback hosts, alias hosts.

A festival site may answer under several hosts (old domains, per-year subdomains). A
spider moves links to any of them onto the base URL it crawls
(:func:`rewrite_alias_host`), so Scrapy's dupefilter sees one URL per page, and gives
records the public site's form of the URL it fetched (:func:`public_form`). The hosts
and URL grammar of each site live with its spider (e.g. scraper/spiders/miff_urls.py).

Error policy: ``ValueError`` only for programmer errors (a base URL that is not
absolute http(s)); URLs found on pages are never a reason to raise.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Collection
from urllib.parse import SplitResult, urlsplit, urlunsplit

__all__ = [
    "is_loopback_url",
    "normalise_base_url",
    "public_form",
    "rewrite_alias_host",
    "split_url",
]


def split_url(url: str) -> SplitResult | None:
    """``urlsplit`` of a URL from a page, or None for one it refuses (``http://[``, an
    unbalanced IPv6 bracket, raises ValueError): a link a site gets wrong is no link."""
    try:
        parts = urlsplit(url.strip())
        parts.hostname  # noqa: B018 (parses the netloc: may raise too)
    except ValueError:
        return None
    return parts


# A crawl has one or two base URLs and asks for their form once per film URL it builds.
@functools.lru_cache(maxsize=64)
def normalise_base_url(base: str) -> str:
    """``https://miff.com.au/`` -> ``https://miff.com.au``; raises ValueError if not http(s)."""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base URL must be an absolute http(s) URL, got {base!r}")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def rewrite_alias_host(url: str, base: str, hosts: Collection[str]) -> str:
    """Move an absolute URL on one of ``hosts`` (lower-case names; any scheme) onto ``base``.

    Relative URLs and URLs on other hosts are returned unchanged.
    """
    parts = split_url(url)
    host = (parts.hostname or "").lower() if parts is not None else ""
    if parts is None or host not in hosts:
        return url
    base_parts = urlsplit(normalise_base_url(base))
    return urlunsplit(
        (
            base_parts.scheme,
            base_parts.netloc,
            base_parts.path + parts.path,
            parts.query,
            "",
        )
    )


def public_form(url: str, base: str, public_base: str, hosts: Collection[str]) -> str:
    """The ``public_base`` form of a URL fetched under ``base`` or one of the alias ``hosts``."""
    base = normalise_base_url(base)
    if url.startswith(base + "/") or url == base:
        return public_base + url[len(base) :]
    return rewrite_alias_host(url, public_base, hosts)


def is_loopback_url(url: str) -> bool:
    """True for ``localhost``, ``*.localhost``, 127.0.0.0/8 and ``::1`` (scheme optional)."""
    text = url.strip()
    parts = split_url(text if "//" in text else f"//{text}")
    host = (parts.hostname or "") if parts is not None else ""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
