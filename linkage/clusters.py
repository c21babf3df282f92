"""Turn pairwise links into works (clusters), greedily and with cannot-link rules.

Links are applied best score first. Two clusters are joined only if no member of
one contradicts a member of the other on hard keys (known directors disjoint, or
known years more than one apart): a corpus document that resembles two films
joins the better one, and never bridges them into a single work.

People's decisions come first: accepted pairs are joined whatever the keys say, and
rejected pairs are cannot-link rules, so no chain of links puts them in one work.
"""

from collections.abc import Collection, Iterable, Mapping

from linkage.keys import directors_overlap, titles_numbered_apart, years_compatible
from linkage.records import Record
from linkage.scoring import Decision, Link


def conflicts(left: Record, right: Record) -> bool:
    """True if the two records cannot be the same film whatever their text says:
    known directors who are not the same person, known years more than one apart, or
    titles numbered differently ("Rocky II" / "Rocky III": a series, not a spelling)."""
    return (
        directors_overlap(left.directors, right.directors) is False
        or years_compatible(left.year, right.year) is False
        or titles_numbered_apart(left.title, right.title)
    )


class WorkClusters:
    """Union-find whose union refuses to join contradicting clusters."""

    def __init__(
        self, records: Mapping[str, Record], cannot_link: Collection[frozenset[str]] = ()
    ) -> None:
        self._records = records
        self._parent: dict[str, str] = {record_id: record_id for record_id in records}
        # Only members carrying hard keys can conflict; keep those per cluster.
        self._keyed: dict[str, list[Record]] = {
            r.id: [r] for r in records.values() if r.directors or r.year is not None or r.title
        }
        self._cannot_link = {pair for pair in cannot_link if pair <= records.keys()}
        # Members named in a cannot-link rule, per cluster root.
        self._ruled: dict[str, list[str]] = {
            member: [member] for pair in self._cannot_link for member in pair
        }

    def find(self, record_id: str) -> str:
        root = record_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[record_id] != root:  # path compression
            self._parent[record_id], record_id = root, self._parent[record_id]
        return root

    def can_join(self, left_id: str, right_id: str) -> bool:
        left_root, right_root = self.find(left_id), self.find(right_id)
        if left_root == right_root:
            return True
        if self._ruled_apart(left_root, right_root):
            return False
        left_keyed = self._keyed.get(left_root, [])
        right_keyed = self._keyed.get(right_root, [])
        return not any(conflicts(a, b) for a in left_keyed for b in right_keyed)

    def _ruled_apart(self, left_root: str, right_root: str) -> bool:
        left_ruled = self._ruled.get(left_root, [])
        right_ruled = self._ruled.get(right_root, [])
        return any(frozenset((a, b)) in self._cannot_link for a in left_ruled for b in right_ruled)

    def join(self, left_id: str, right_id: str, *, force: bool = False) -> bool:
        """Join the two clusters; False (and nothing done) if they contradict.
        `force` (a person accepted the pair) overrides hard-key conflicts only."""
        left_root, right_root = self.find(left_id), self.find(right_id)
        if left_root == right_root:
            return True
        if self._ruled_apart(left_root, right_root):
            return False
        if not force and not self.can_join(left_id, right_id):
            return False
        self._parent[right_root] = left_root
        moved_keyed = self._keyed.pop(right_root, [])
        if moved_keyed:
            self._keyed.setdefault(left_root, []).extend(moved_keyed)
        moved_ruled = self._ruled.pop(right_root, [])
        if moved_ruled:
            self._ruled.setdefault(left_root, []).extend(moved_ruled)
        return True

    def assignment(self) -> dict[str, str]:
        return {record_id: self.find(record_id) for record_id in self._parent}


def assign_works(
    records: Mapping[str, Record],
    links: Iterable[Link],
    *,
    accepted: Iterable[tuple[str, str]] = (),
    rejected: Iterable[tuple[str, str]] = (),
) -> tuple[dict[str, str], list[Link]]:
    """Apply automatic matches best first. Returns (record id -> work representative,
    matches refused because they would join contradicting works: queue these for review).

    `accepted` pairs (a person said "same film") are joined first, even across
    conflicting keys; `rejected` pairs never end in one work, directly or by a chain."""
    clusters = WorkClusters(records, cannot_link=[frozenset(pair) for pair in rejected])
    for left_id, right_id in accepted:
        if left_id in records and right_id in records:
            clusters.join(left_id, right_id, force=True)
    refused: list[Link] = []
    matches = [link for link in links if link.decision is Decision.MATCH]
    for link in sorted(matches, key=lambda link: (-link.score, link.left_id, link.right_id)):
        if not clusters.join(link.left_id, link.right_id):
            refused.append(link)
    return clusters.assignment(), refused
