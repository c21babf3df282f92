"""When a page is checked again: every run, or once its revisit interval is up.

A polite crawl of the real archive spends about a second a request, so checking all
12,700 pages of a festival that ended in 2019 costs hours each night to learn that
nothing changed. ``MIRROR_REVISIT_DAYS`` trades freshness for that cost: a page whose
last check -- a capture, or a revisit, by a run that completed -- is younger than the
interval is not requested at all. A record page (a film page) is then only marked as
seen; a navigation page (edition, listing) is answered with its stored original, so the
links it had are still followed. The spider's entry page (the archive index) and
robots.txt are requested on every run, so a new edition is found at once. An edit to a
page -- a film's text, a film added to or withdrawn from a listing -- is picked up at
the page's next check, at most one interval late.

Pages captured on the same night would all fall due on the same later night, so each
URL's interval is stretched by a stable factor between ``1 - SPREAD`` and 1 (from a
hash of the URL): the checks spread over the interval's last part, and a nightly run
checks a share of the pages rather than all of them every interval days.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warcio.timeutils import iso_date_to_datetime

REVISIT_DAYS_SETTING = "MIRROR_REVISIT_DAYS"
SPREAD = 0.5  # the due dates of pages checked together spread over the last half
_HASH_RANGE = 2**32


class RevisitPolicyError(ValueError):
    """A revisit interval that is not a number of days >= 0."""


@dataclass(frozen=True, slots=True)
class RevisitPolicy:
    """``interval`` None: every record page is checked on every run (the default)."""

    interval: timedelta | None = None

    @classmethod
    def from_days(cls, value: object) -> RevisitPolicy:
        """From the setting's value: ``0``, empty or None check every page every run."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return cls()
        try:
            days = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise RevisitPolicyError(
                f"{REVISIT_DAYS_SETTING} must be a number of days (0: check every page on "
                f"every run), not {value!r}"
            ) from None
        if days != days or days in (float("inf"), float("-inf")) or days < 0:
            raise RevisitPolicyError(
                f"{REVISIT_DAYS_SETTING} must be a finite number of days >= 0, not {value!r}"
            )
        return cls(timedelta(days=days) if days > 0 else None)

    @property
    def checks_every_run(self) -> bool:
        return self.interval is None

    def due_at(self, url: str, last_checked: datetime) -> datetime:
        """When the page at ``url``, last checked at ``last_checked``, is due again."""
        if self.interval is None:
            return last_checked
        stretch = 1.0 - SPREAD * (zlib.crc32(url.encode("utf-8")) / _HASH_RANGE)
        return last_checked + self.interval * stretch

    def is_due(self, url: str, last_checked: datetime | None, now: datetime) -> bool:
        """Whether a run at ``now`` checks the page (always, if it was never checked)."""
        if self.interval is None or last_checked is None:
            return True
        return now >= self.due_at(url, last_checked)


def parse_warc_date(value: str) -> datetime:
    """A WARC-Date (UTC, ``2026-12-01T19:37:15.506Z``, fraction optional), read by the
    warcio that wrote it, as an aware datetime."""
    return iso_date_to_datetime(value.strip()).replace(tzinfo=UTC)
