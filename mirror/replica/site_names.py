"""The replicas' names, apart from their builders so that `mirror replica --help` can
list them without building anything."""

from __future__ import annotations

SITES = ("miff", "nziff")
DEFAULT_SITE = "miff"
