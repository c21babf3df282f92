"""The replicas `mirror replica` can serve: the site name chooses the builder."""

from __future__ import annotations

from mirror.replica.nziff.site import NziffSite, build_nziff_site
from mirror.replica.site import ReplicaConfig, Site, build_site
from mirror.replica.site_names import DEFAULT_SITE, SITES

__all__ = ["DEFAULT_SITE", "SITES", "UnknownSiteError", "build_any_site", "check_site"]


class UnknownSiteError(ValueError):
    """A site name that is not one of SITES."""


def check_site(name: str) -> str:
    if name not in SITES:
        raise UnknownSiteError(f"unknown site {name!r}: expected one of {', '.join(SITES)}")
    return name


def build_any_site(name: str, config: ReplicaConfig) -> Site | NziffSite:
    """Build the replica called `name` ("miff" or "nziff") from one config."""
    if check_site(name) == "nziff":
        return build_nziff_site(config)
    return build_site(config)
