"""The one data shape the linkage code works on."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Record:
    """A film description: an archive entry (title, directors, year) or a corpus
    document (often text only). `lang` is an ISO 639-1 code or None if unknown."""

    id: str
    title: str | None = None
    directors: list[str] = field(default_factory=list)
    year: int | None = None
    text: str | None = None
    lang: str | None = None
    # production countries as the source names them, in any language
    countries: list[str] = field(default_factory=list)
