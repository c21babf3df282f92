"""Which festivals the mirror holds: the ones with at least one archive entry.

A festival row alone (a run that stored nothing, a run refused by the lock) is not a
festival the mirror holds: there is nothing of it to show, match or re-parse.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.models import Entry, Festival


def held_festivals(session: Session) -> list[str]:
    """The slugs of the festivals with entries in the mirror, sorted."""
    has_entries = exists().where(Entry.festival_id == Festival.id)
    return list(session.scalars(select(Festival.slug).where(has_entries).order_by(Festival.slug)))
