"""Record linkage: decide whether two film descriptions are the same film.

The core (records, keys, scoring, the index, clusters) is database-independent: it
takes `Record`s and returns `Link`s (score, decision and a readable reason).
Deduplication of the mirror's database runs on top of it and of db/'s storage modules:
`linkage.service` (linking pending members, assigning works, people's decisions, the
review queue) with `linkage.members`, `linkage.index_store` and `linkage.vector_cache`.
"""

from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import Decision, Link, score_pair

__all__ = ["Decision", "Link", "LinkageIndex", "Record", "score_pair"]
