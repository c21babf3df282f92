"""The pairs deduplication stores: scored links and people's review decisions.

Both tables hold a pair of member keys in key order (`db.member_keys.ordered`). A
link's decision is ``match`` (linked automatically) or ``review`` (queued for a
person); a review decision is ``accept`` or ``reject``, and every later run and import
respects it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from db.member_keys import chunks, ordered, split_key
from db.models import ReviewDecision, StoredLink

ACCEPT, REJECT = "accept", "reject"


def _now() -> datetime:
    return datetime.now(UTC)


# -- links -------------------------------------------------------------------------------


class LinkValues(NamedTuple):
    """What a link row says of its pair (``decision``: match or review)."""

    left_key: str
    right_key: str
    score: float
    decision: str
    reason: str


def newest_link_id(session: Session) -> int:
    """The id of the latest stored link (0 without links): rows above it are newer."""
    return session.execute(select(func.max(StoredLink.id))).scalar_one() or 0


def stored_pairs(session: Session, lefts: Sequence[str]) -> Iterator[tuple[int, str, str]]:
    """(id, left key, right key) of every stored link whose left key is in `lefts`."""
    for chunk in chunks(lefts):
        yield from session.execute(
            select(StoredLink.id, StoredLink.left_key, StoredLink.right_key).where(
                StoredLink.left_key.in_(chunk)
            )
        )


def links_with_decision(session: Session, decision: str) -> Iterator[tuple[str, str, float, str]]:
    """(left key, right key, score, reason) of the links with `decision`, in key order."""
    yield from session.execute(
        select(StoredLink.left_key, StoredLink.right_key, StoredLink.score, StoredLink.reason)
        .where(StoredLink.decision == decision)
        .order_by(StoredLink.left_key, StoredLink.right_key)
    )


def insert_links(session: Session, rows: Sequence[LinkValues], origin: str) -> None:
    """Add new pairs (none of them stored yet), found by `origin`."""
    if rows:
        now = _now()
        session.execute(
            insert(StoredLink),
            [{**row._asdict(), "origin": origin, "created_at": now} for row in rows],
        )


def update_links(session: Session, rows: Sequence[LinkValues]) -> None:
    """Overwrite the score, decision and reason of stored pairs."""
    if rows:
        session.execute(
            _UPDATE_LINK,
            [
                {
                    "pair_left": row.left_key,
                    "pair_right": row.right_key,
                    "new_score": row.score,
                    "new_decision": row.decision,
                    "new_reason": row.reason,
                }
                for row in rows
            ],
        )


# One statement run for many pairs (executemany): tens of thousands of links change
# in a large import, and one ORM UPDATE each took minutes.
_LINK_TABLE = cast(Table, StoredLink.__table__)
_UPDATE_LINK = (
    update(_LINK_TABLE)
    .where(
        _LINK_TABLE.c.left_key == bindparam("pair_left"),
        _LINK_TABLE.c.right_key == bindparam("pair_right"),
    )
    .values(
        score=bindparam("new_score"),
        decision=bindparam("new_decision"),
        reason=bindparam("new_reason"),
    )
)


def forget_links(session: Session, keys: Sequence[str]) -> None:
    """Drop the stored links of members whose content changed (they are re-scored)."""
    for chunk in chunks(list(keys)):
        session.execute(
            delete(StoredLink).where(
                or_(StoredLink.left_key.in_(chunk), StoredLink.right_key.in_(chunk))
            )
        )


# -- review decisions --------------------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    accepted: frozenset[tuple[str, str]]
    rejected: frozenset[tuple[str, str]]

    def verdict(self, left: str, right: str) -> str | None:
        pair = ordered(left, right)
        if pair in self.accepted:
            return ACCEPT
        if pair in self.rejected:
            return REJECT
        return None


def load_decisions(session: Session) -> Decisions:
    accepted: set[tuple[str, str]] = set()
    rejected: set[tuple[str, str]] = set()
    for left, right, decision in session.execute(
        select(ReviewDecision.left_key, ReviewDecision.right_key, ReviewDecision.decision)
    ):
        (accepted if decision == ACCEPT else rejected).add((left, right))
    return Decisions(frozenset(accepted), frozenset(rejected))


Verdict = tuple[str, str | None]  # (decision, note)


def save_decision(
    session: Session, left: str, right: str, decision: str, note: str | None = None
) -> Verdict | None:
    """Store (or change) a person's verdict on a pair (works are not reassigned here:
    see `linkage.service.decide`). Returns the verdict it replaced (None if there was
    none), for `revert_decision`."""
    if decision not in (ACCEPT, REJECT):
        raise ValueError(f"decision must be {ACCEPT!r} or {REJECT!r}, not {decision!r}")
    for key in (left, right):
        split_key(key)
    if left == right:
        raise ValueError("a member cannot be paired with itself")
    left, right = ordered(left, right)
    existing = _stored_decision(session, left, right)
    prior = None if existing is None else (existing.decision, existing.note)
    if existing is None:
        session.add(
            ReviewDecision(
                left_key=left, right_key=right, decision=decision, decided_at=_now(), note=note
            )
        )
    else:
        existing.decision, existing.decided_at, existing.note = decision, _now(), note
    session.flush()
    return prior


def revert_decision(session: Session, left: str, right: str, prior: Verdict | None) -> None:
    """Undo a verdict: put back the one it replaced, or none."""
    left, right = ordered(left, right)
    existing = _stored_decision(session, left, right)
    if prior is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(
            ReviewDecision(
                left_key=left, right_key=right, decision=prior[0], decided_at=_now(), note=prior[1]
            )
        )
    else:
        existing.decision, existing.note = prior
    session.flush()


def _stored_decision(session: Session, left: str, right: str) -> ReviewDecision | None:
    return session.scalars(
        select(ReviewDecision).where(
            ReviewDecision.left_key == left, ReviewDecision.right_key == right
        )
    ).first()
