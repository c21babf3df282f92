"""Record linkage: decide whether two film descriptions are the same film.

Database-independent. The database/CLI layer feeds `Record`s into a `LinkageIndex`
and stores the `Link`s it returns (score, decision and a readable reason).
"""

from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import Decision, Link, score_pair

__all__ = ["Decision", "Link", "LinkageIndex", "Record", "score_pair"]
