"""The one real film page we have (data/seed_5977.txt), placed in every replica site.

The page is parsed from its stored text at build time; its "See also..." teasers point at
companion entries whose synopses begin with the teaser text, so the links resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mirror.replica.display import finalize
from mirror.replica.model import DisplayKnobs, Film, SeeAlsoItem

SEED_FILM_ID = "5977"
SEED_PATH = Path(__file__).with_name("data") / "seed_5977.txt"
_META = re.compile(r"^(?P<country>[^,]+), (?P<year>\d{4}) \(MIFF (?P<edition>\d{4})\)$")
_MORE = re.compile(r"\s*More\s*»$")


@dataclass(frozen=True)
class _SeedTeaser:
    title: str | None
    text: str


@dataclass(frozen=True)
class _Companion:
    """An entry a seed teaser points at: the fields the seed text does not give."""

    film_id: str
    title: str
    director: str
    country: str
    year: int
    edition: int
    section: str | None
    continuation: str


# Invented companions, in the seed page's teaser order.
_COMPANIONS = (
    _Companion(
        "6120",
        "The Straw Tower",
        "Priit Leht",
        "USSR",
        1987,
        1988,
        "Animation",
        "Its villagers build ever higher while the ground beneath them gives way.",
    ),
    _Companion(
        "6131",
        "Black Square",
        "Iosif Kalmyk",
        "USSR",
        1988,
        1989,
        None,
        "Archive footage and interviews trace the painters who kept working unseen.",
    ),
    _Companion(
        "5102",
        "Defence Councel Sedov",
        "Yevgeni Tsymbalov",
        "USSR",
        1988,
        1989,
        None,
        "case, knowing what refusing or accepting may cost him.",
    ),
    _Companion(
        "4378",
        "The Trader's Island",
        "Garri Bardin-Lis",
        "USSR",
        1986,
        1987,
        "Animation",
        "come out to try on the new clothes. By morning the island has changed for good.",
    ),
    _Companion(
        "1873",
        "Off the Coast of the Antarctic",
        "Aleksandr Zguridi-Orlov",
        "USSR",
        1956,
        1957,
        None,
        "expedition landed on the coast and began building its base at Mirny.",
    ),
    _Companion(
        "6655",
        "Leonidze's River",
        "Tengiz Abuladze-Kvirikashvili",
        "USSR",
        1975,
        1989,
        None,
        "floods every spring, and a boy learns the stories his grandfather tells.",
    ),
)


def _parse(text: str) -> tuple[str, int, int, str, list[str], list[_SeedTeaser]]:
    lines = [line.strip() for line in text.splitlines()]
    meta_at = next(i for i, line in enumerate(lines) if _META.match(line))
    match = _META.match(lines[meta_at])
    assert match is not None
    director_at = next(i for i, line in enumerate(lines) if line.startswith("Director: "))
    see_also_at = lines.index("See also...")
    paragraphs = [line for line in lines[director_at + 1 : see_also_at] if line]
    teasers: list[_SeedTeaser] = []
    pending_title: str | None = None
    for line in lines[see_also_at + 1 :]:
        if not line:
            continue
        if line == "Select a festival":
            break
        more = _MORE.search(line)
        if more:
            teasers.append(_SeedTeaser(pending_title, line[: more.start()]))
            pending_title = None
        else:
            pending_title = line
    return (
        match["country"],
        int(match["year"]),
        int(match["edition"]),
        lines[director_at].removeprefix("Director: "),
        paragraphs,
        teasers,
    )


def seed_films(seed_text: str | None = None) -> list[Film]:
    """The seed film (id 5977) and the companion entries its teasers point at."""
    text = seed_text if seed_text is not None else SEED_PATH.read_text(encoding="utf-8")
    country, year, edition, director, paragraphs, teasers = _parse(text)
    if len(teasers) != len(_COMPANIONS):
        raise ValueError(f"seed page has {len(teasers)} teasers, expected {len(_COMPANIONS)}")
    films = [
        finalize(
            Film(
                film_id=SEED_FILM_ID,
                work_id="w-seed-5977",
                title="From Russia with Rock",
                directors=(director,),
                year=year,
                country=country,
                countries=(country,),
                edition=edition,
                section=None,
                synopsis_paragraphs=tuple(paragraphs),
                see_also_items=tuple(
                    SeeAlsoItem(c.film_id, show_title=t.title is not None, fixed_text=t.text)
                    for c, t in zip(_COMPANIONS, teasers, strict=True)
                ),
                knobs=DisplayKnobs(title_case="upper"),
            )
        )
    ]
    for companion, teaser in zip(_COMPANIONS, teasers, strict=True):
        lead = teaser.text.removesuffix(" ...")
        films.append(
            finalize(
                Film(
                    film_id=companion.film_id,
                    work_id=f"w-seed-{companion.film_id}",
                    title=companion.title,
                    directors=(companion.director,),
                    year=companion.year,
                    country=companion.country,
                    countries=(companion.country,),
                    edition=companion.edition,
                    section=companion.section,
                    synopsis_paragraphs=(f"{lead} {companion.continuation}",),
                    see_also_items=(SeeAlsoItem(SEED_FILM_ID, show_title=True, show_meta=True),),
                    knobs=DisplayKnobs(title_case="asis"),
                )
            )
        )
    return films
