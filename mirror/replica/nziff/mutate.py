"""`--mutate F` and `--remove F` for the NZIFF replica: the archive as a later re-crawl
finds it, a fraction of entries edited, or taken down."""

from __future__ import annotations

import random
from dataclasses import replace

from mirror.replica.nziff import pools
from mirror.replica.nziff.model import NzFilm

_ADDED_SENTENCES = (
    "This screening presents a new digital restoration.",
    "The note has been revised since the festival.",
    "The director attended the festival's first screenings.",
    "Winner of the audience award on its home ground.",
)


def _edit_note(rng: random.Random, film: NzFilm) -> NzFilm:
    paragraphs = list(film.synopsis_paragraphs)
    addition = rng.choice(_ADDED_SENTENCES)
    if not paragraphs:
        return replace(film, synopsis_paragraphs=(addition,))
    target = rng.randrange(len(paragraphs))
    sentences = paragraphs[target].split(". ")
    if len(sentences) > 1 and rng.random() < 0.5:
        del sentences[rng.randrange(len(sentences) - 1)]
        paragraphs[target] = ". ".join(sentences)
    else:
        paragraphs[target] = f"{paragraphs[target]} {addition}"
    return replace(film, synopsis_paragraphs=tuple(paragraphs))


def mutate_one(rng: random.Random, film: NzFilm) -> NzFilm:
    """Edit one entry so its page changes: mostly the note, sometimes a field."""
    roll = rng.random()
    changed: NzFilm | None = None
    if roll < 0.1 and film.runtime is not None:
        changed = replace(film, runtime=film.runtime + rng.choice((-3, -1, 2, 5)))
    elif roll < 0.2:
        name = f"{rng.choice(pools.FESTIVALS)} {film.year or film.edition}"
        if name not in film.festivals:
            changed = replace(film, festivals=(*film.festivals, name))
    elif roll < 0.3 and film.format is not None:
        changed = replace(film, format="DCP" if film.format != "DCP" else "35mm")
    if changed is None or changed == film:
        changed = _edit_note(rng, film)
    return changed


def mutate_films(
    films: dict[str, NzFilm], fraction: float, mutate_seed: int
) -> tuple[dict[str, NzFilm], frozenset[str]]:
    """Change exactly round(fraction * len(films)) entries, chosen by `mutate_seed`."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("mutate must be between 0 and 1")
    rng = random.Random(f"nziff-replica-mutate:{mutate_seed}")
    chosen = rng.sample(sorted(films), min(round(fraction * len(films)), len(films)))
    mutated = dict(films)
    for film_id in chosen:
        mutated[film_id] = mutate_one(rng, films[film_id])
    return mutated, frozenset(chosen)


def remove_films(
    films: dict[str, NzFilm], fraction: float, remove_seed: int
) -> tuple[dict[str, NzFilm], frozenset[str]]:
    """Take exactly round(fraction * len(films)) entries off the site, chosen by
    `remove_seed`: no listing or link shows them and their pages are 404."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("remove must be between 0 and 1")
    rng = random.Random(f"nziff-replica-remove:{remove_seed}")
    chosen = frozenset(rng.sample(sorted(films), min(round(fraction * len(films)), len(films))))
    return {fid: film for fid, film in films.items() if fid not in chosen}, chosen
