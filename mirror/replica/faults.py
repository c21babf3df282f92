"""`--faults SPEC`: deterministic server misbehaviour a robust crawler must survive.

SPEC is `kind=rate,...` plus an optional `seed=N`, e.g.
`error=0.05,slow=0.02,truncate=0.02,encoding=0.01,seed=3`. Which pages are affected is a
pure function of (seed, kind, path), so two runs with one spec misbehave identically.
`error` and `truncate` hit only the FIRST request of an affected URL (a retry succeeds);
`slow` delays every request of its pages by 0.5-2 s; `encoding` always serves its pages'
UTF-8 bytes with the header `charset=windows-1252`. `throttle` answers the first request
of a page with 429 or 503 and `Retry-After: 1`; `reset` closes the connection on the
first two requests without answering (an HTTP client resends once by itself on a
connection it reused); `malformed` always serves its pages as sloppy
markup that means the same page: optional end tags (`</p>`, `</li>`, `</body>`) dropped,
stray end tags that close nothing, tag names in capitals. Three kinds never serve their
pages at all: `loop` redirects each request to the same page with one more query
parameter, forever; `huge` announces a 512 MiB body and
sends zeros until the client hangs up; `bomb` sends a gzip body of 256 KiB that inflates
to 256 MiB of zeros. `nul_etag` puts a NUL byte into its pages' `ETag` header
(PostgreSQL text cannot hold one).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Served after a retry (or read despite the fault) ...
TRANSIENT_KINDS = (
    *("error", "slow", "truncate", "encoding", "throttle", "reset", "malformed", "nul_etag"),
)
# ... and never served: a crawl must give these pages up.
PERMANENT_KINDS = ("loop", "huge", "bomb")
FAULT_KINDS = (*TRANSIENT_KINDS, *PERMANENT_KINDS)
VALID_KEYS = (*FAULT_KINDS, "seed")


@dataclass(frozen=True)
class FaultSpec:
    error: float = 0.0
    slow: float = 0.0
    truncate: float = 0.0
    encoding: float = 0.0
    throttle: float = 0.0
    reset: float = 0.0
    malformed: float = 0.0
    loop: float = 0.0
    huge: float = 0.0
    bomb: float = 0.0
    nul_etag: float = 0.0
    seed: int = 0

    def _draw(self, kind: str, path: str) -> float:
        digest = hashlib.blake2b(f"{self.seed}|{kind}|{path}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    def hits(self, kind: str, path: str) -> bool:
        """Whether fault `kind` affects `path` (path plus query, host ignored)."""
        rate: float = getattr(self, kind)
        return rate > 0 and self._draw(kind, path) < rate

    def error_status(self, path: str) -> int:
        return 500 if self._draw("status", path) < 0.5 else 503

    def throttle_status(self, path: str) -> int:
        return 429 if self._draw("throttle-status", path) < 0.5 else 503

    def delay_seconds(self, path: str) -> float:
        return 0.5 + 1.5 * self._draw("delay", path)


def parse_fault_spec(spec: str | None) -> FaultSpec:
    """Parse `error=0.05,slow=0.02,...`; a bad spec raises ValueError naming the valid keys."""
    if not spec or not spec.strip():
        return FaultSpec()
    values: dict[str, float | int] = {}
    for item in spec.split(","):
        key, sep, raw = item.strip().partition("=")
        key = key.strip()
        if not sep or key not in VALID_KEYS:
            raise ValueError(
                f"invalid fault spec item {item.strip()!r}: expected key=value with key one of "
                f"{', '.join(VALID_KEYS)} (e.g. error=0.05,slow=0.02,truncate=0.02,"
                "encoding=0.01,seed=3)"
            )
        try:
            if key == "seed":
                values[key] = int(raw)
            else:
                rate = float(raw)
                if not 0.0 <= rate <= 1.0:
                    raise ValueError
                values[key] = rate
        except ValueError:
            kind = "an integer" if key == "seed" else "a rate between 0 and 1"
            raise ValueError(
                f"invalid value {raw!r} for fault {key!r}: expected {kind}; valid keys: "
                f"{', '.join(VALID_KEYS)}"
            ) from None
    return FaultSpec(**values)  # type: ignore[arg-type]
