"""`--mutate F` and `--remove F`: the site as a later re-crawl finds it, a fraction of
entries edited, or gone from the archive."""

from __future__ import annotations

import random
from dataclasses import replace

from mirror.replica.build import respell
from mirror.replica.display import finalize
from mirror.replica.model import Film
from mirror.replica.seed import SEED_FILM_ID

_EDIT_SENTENCES = (
    "A newly restored print screens this year.",
    "The program note has been revised by the festival.",
    "Presented with a live introduction by the filmmakers.",
    "Winner of the audience award at its premiere.",
)
_FIRST_NAMES = {"A": "Anna", "B": "Ben", "D": "David", "J": "Jane", "M": "Maria", "P": "Paul"}
_CORRECTED_SECTIONS = ("International Panorama", "Documentaries", "Australian Showcase")


def _edit_synopsis(rng: random.Random, film: Film) -> Film:
    paragraphs = list(film.synopsis_paragraphs)
    addition = rng.choice(_EDIT_SENTENCES)
    if not paragraphs:
        return replace(film, synopsis_paragraphs=(addition,), has_synopsis_div=True)
    target = rng.randrange(len(paragraphs))
    sentences = paragraphs[target].split(". ")
    if len(sentences) > 1 and rng.random() < 0.5:
        del sentences[rng.randrange(len(sentences) - 1)]  # a sentence cut from the note
        paragraphs[target] = ". ".join(sentences)
    else:
        paragraphs[target] = f"{paragraphs[target]} {addition}"
    return replace(film, synopsis_paragraphs=tuple(paragraphs))


def _correct_director(rng: random.Random, film: Film) -> Film | None:
    """A corrected spelling: an initial written out, or the surname's letters fixed."""
    if not film.directors:
        return None
    first = film.directors[0]
    initial, dot, rest = first.partition(". ")
    if dot and len(initial) == 1:
        corrected = f"{_FIRST_NAMES.get(initial, initial + 'an')} {rest}"
    else:
        corrected = respell(rng, first)
    return replace(film, directors=(corrected, *film.directors[1:]))


def mutate_one(rng: random.Random, film: Film) -> Film:
    """Edit one entry so that its page changes: mostly synopsis, sometimes a field."""
    roll = rng.random()
    changed: Film | None = None
    if film.fixed_listing_line is None:  # record entries keep their verbatim header
        if roll < 0.1:
            changed = replace(
                film, year=(film.year + 1) if film.year else (film.edition or 2000) - 1
            )
        elif roll < 0.2:
            changed = _correct_director(rng, film)
        elif roll < 0.3:
            options = [s for s in _CORRECTED_SECTIONS if s != film.section]
            changed = replace(film, section=rng.choice(options))
    if changed is None or changed == film:
        changed = _edit_synopsis(rng, film)
    return finalize(changed)


def mutate_films(
    films: dict[str, Film], fraction: float, mutate_seed: int
) -> tuple[dict[str, Film], frozenset[str]]:
    """Change exactly round(fraction * len(films)) entries, chosen by `mutate_seed`."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("mutate must be between 0 and 1")
    rng = random.Random(f"miff-replica-mutate:{mutate_seed}")
    count = round(fraction * len(films))
    candidates = sorted(fid for fid in films if fid != SEED_FILM_ID)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    mutated = dict(films)
    for film_id in chosen:
        mutated[film_id] = mutate_one(rng, films[film_id])
    return mutated, frozenset(chosen)


def remove_films(
    films: dict[str, Film], fraction: float, remove_seed: int
) -> tuple[dict[str, Film], frozenset[str]]:
    """Take exactly round(fraction * len(films)) entries off the site, chosen by
    `remove_seed` (the seed film 5977 stays): no listing, link or page shows them."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("remove must be between 0 and 1")
    rng = random.Random(f"miff-replica-remove:{remove_seed}")
    candidates = sorted(fid for fid in films if fid != SEED_FILM_ID)
    chosen = frozenset(rng.sample(candidates, min(round(fraction * len(films)), len(candidates))))
    return {fid: film for fid, film in films.items() if fid not in chosen}, chosen
