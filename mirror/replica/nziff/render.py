"""HTML of every NZIFF replica page, as NZIFF.md describes it.

Each function returns the page text plus the entry ids it shows (for Last-Modified).
"""

from __future__ import annotations

import unicodedata
from html import escape

from mirror.replica.nziff import pools
from mirror.replica.nziff.links import (
    archive_path,
    canonical_film_url,
    listing_path,
    mixed_film_url,
    value_slug,
)
from mirror.replica.nziff.model import NzEdition, NzFilm, NzKnobs
from mirror.replica.nziff.site import NziffSite
from mirror.replica.render import Rendered

ROBOTS_TXT = "User-agent: *\nDisallow: /s/\nDisallow: /wishlist/\n"
FAMILY_HEADINGS = {
    "title": "Films by Title",
    "country": "Films by Country",
    "strand": "Films by Strand",
}


def _t(text: str) -> str:
    return escape(text, quote=False)


def _a(text: str) -> str:
    return escape(text, quote=True)


def shown(text: str, knobs: NzKnobs) -> str:
    """A title or name as the page's HTML writes it, with the entry's recoverable garbling:
    `'` as the entity `&#8217;`, `&` escaped twice (the text then reads `&amp;`)."""
    html = _t(text)
    if knobs.curly_apostrophe:
        html = html.replace("'", "&#8217;")
    if knobs.double_amp:
        html = html.replace("&amp;", "&amp;amp;")
    return html


def join_words(words: list[str] | tuple[str, ...]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _join_html(pieces: list[str], joiner: str) -> str:
    if len(pieces) < 2 or joiner == ", ":
        return ", ".join(pieces)
    if joiner == " and ":
        return ", ".join(pieces[:-1]) + " and " + pieces[-1]
    return joiner.join(pieces)


def page(title_html: str, main: str, head_extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-NZ">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title_html} | NZIFF</title>\n{head_extra}</head>\n<body>\n"
        '<header class="site-header">\n'
        '  <a class="logo" href="/archive/">New Zealand International Film Festival</a>\n'
        '  <nav class="archive-nav"><a href="/archive/">Festival Archive</a></nav>\n'
        f"</header>\n<main>\n{main}</main>\n</body>\n</html>\n"
    )


def archive_index(site: NziffSite) -> Rendered:
    years = "".join(
        f'  <li><a href="{archive_path(e)}">NZIFF {e.year}</a></li>\n'
        for e in sorted(site.editions.values(), key=lambda e: -e.year)
    )
    main = (
        "<h1>Festival Archive</h1>\n"
        '<p class="intro">Every film screened at the festival, year by year.</p>\n'
        f'<ul class="archive-years">\n{years}</ul>\n'
    )
    return page("Festival Archive", main), frozenset()


def year_page(site: NziffSite, edition: NzEdition) -> Rendered:
    count = len(site.listings.get((edition.year, "title", ""), []))
    strands = "".join(
        f'  <li><a href="{listing_path(edition, "strand", value)}">{_t(label)}</a></li>\n'
        for value, label in site.values(edition.year, "strand")
    )
    main = (
        f'<section class="archive-year" data-year="{edition.year}">\n'
        f"<h1>{_t(edition.heading)}</h1>\n"
        f'<p class="archive-intro">{count} films and programmes screened in {edition.year}.</p>\n'
        '<ul class="browse">\n'
        f'  <li><a href="{listing_path(edition, "title")}">Films by Title</a></li>\n'
        f'  <li><a href="{listing_path(edition, "country")}">Films by Country</a></li>\n'
        "</ul>\n"
        f'<h2>Strands</h2>\n<ul class="strands">\n{strands}</ul>\n</section>\n'
    )
    return page(f"NZIFF {edition.year}", main), frozenset()


def country_index(site: NziffSite, edition: NzEdition) -> Rendered:
    items = "".join(
        f'  <li><a href="{listing_path(edition, "country", value)}">{_t(label)}</a></li>\n'
        for value, label in site.values(edition.year, "country")
    )
    main = (
        '<p class="eyebrow">Festival Programme</p>\n<h1>Films by Country</h1>\n'
        f'<ul class="country-list">\n{items}</ul>\n'
    )
    return page(f"Films by Country | NZIFF {edition.year}", main), frozenset()


def _card(film: NzFilm, edition: NzEdition, context: str) -> str:
    knobs = film.knobs
    href = _a(mixed_film_url(film, edition, context))
    parts = [
        '<article class="film-card">\n'
        f'  <a itemprop="url" href="{href}"><h3 class="film-card-title">'
        f'<span itemprop="name">{shown(film.title, knobs)}</span></h3></a>\n'
    ]
    if film.original_title:
        parts.append(f'  <p class="title-extra">{shown(film.original_title, knobs)}</p>\n')
    if film.directors:
        people = _join_html([shown(d, knobs) for d in film.directors], knobs.joiner)
        parts.append(f'  <p class="film-card-directors">{people}</p>\n')
    if film.tagline:
        parts.append(f'  <p class="film-card-blurb">{_t(film.tagline)}</p>\n')
    parts.append("</article>\n")
    return "".join(parts)


def _letter(film: NzFilm) -> str:
    first = unicodedata.normalize("NFKD", film.title[:1]).upper()[:1]
    return first if first.isascii() and first.isalpha() else "#"


def listing_page(site: NziffSite, edition: NzEdition, family: str, value: str) -> Rendered | None:
    """One listing (every film of the year, of a country or of a strand); never paged."""
    film_ids = site.listings.get((edition.year, family, value))
    if not film_ids:
        return None
    context = f"{edition.year}:{family}:{value}"
    body: list[str] = []
    letter = None
    for film_id in film_ids:
        film = site.films[film_id]
        if family == "title" and _letter(film) != letter:
            letter = _letter(film)
            body.append(f'<h2 class="letter" id="letter-{letter}">{letter}</h2>\n')
        body.append(_card(film, edition, context))
    label = site.labels[(edition.year, family, value)]
    heading = "" if family == "title" else f'<h2 class="listing-value">{_t(label)}</h2>\n'
    main = (
        f'<p class="eyebrow">Festival Programme</p>\n<h1>{FAMILY_HEADINGS[family]}</h1>\n'
        f'{heading}<div class="film-list">\n{"".join(body)}</div>\n'
    )
    title = FAMILY_HEADINGS[family] + ("" if family == "title" else f": {label}")
    return page(_t(f"{title} | NZIFF {edition.year}"), main), frozenset(film_ids)


def _names(names: tuple[str, ...], knobs: NzKnobs, roles: tuple[str, ...] = ()) -> str:
    pieces = []
    for i, name in enumerate(names):
        piece = f'<span class="credit-name">{shown(name, knobs)}</span>'
        if roles and knobs.show_roles:
            piece += f" ({_t(roles[i])})"
        pieces.append(piece)
    return ",\n".join(pieces)


def _credits(film: NzFilm) -> str:
    knobs = film.knobs
    rows = []
    if film.directors:
        label = "Director" if len(film.directors) == 1 else "Directors"
        rows.append(f"  <dt>{label}</dt>\n  <dd>{_names(film.directors, knobs)}</dd>\n")
    labels = {role: (one, many) for role, one, many in pools.CREDIT_ROLES}
    for role, names in film.credits:
        one, many = labels[role]
        roles = film.cast_roles if role == "With" else ()
        rows.append(
            f"  <dt>{one if len(names) == 1 else many}</dt>\n"
            f"  <dd>{_names(names, knobs, roles)}</dd>\n"
        )
    if film.festivals and not knobs.plain_festivals:
        label = "Festival" if len(film.festivals) == 1 else "Festivals"
        entries = "<br>\n".join(f'<span class="festival">{_t(f)}</span>' for f in film.festivals)
        rows.append(f"  <dt>{label}</dt>\n  <dd>{entries}</dd>\n")
    if not rows:
        return ""
    return f'<dl class="credits">\n{"".join(rows)}</dl>\n'


def film_page(site: NziffSite, film: NzFilm) -> Rendered:
    edition = site.editions[film.edition]
    knobs = film.knobs
    title_html = shown(film.title, knobs)
    if knobs.title_spacing:
        title_html = title_html.replace(" ", "  ", 1) + " "
    year = f' <span itemprop="copyrightYear">{film.year}</span>' if film.year is not None else ""
    lines = [
        f'<p class="screened-as-part">Screened as part of NZIFF {film.edition}</p>\n',
        f'<h1 class="article-title"><span itemprop="name">{title_html}</span>{year}</h1>\n',
    ]
    if film.original_title:
        lines.append(f'<p class="title-extra">{shown(film.original_title, knobs)}</p>\n')
    if film.directors:
        people = _join_html(
            [f'<a itemprop="director">{shown(d, knobs)}</a>' for d in film.directors],
            knobs.joiner,
        )
        lines.append(f'<p class="film-directors">Directed by {people}</p>\n')
    if film.section:
        href = listing_path(edition, "strand", value_slug(film.section))
        lines.append(f'<a class="category-label" href="{href}">{_t(film.section)}</a>\n')
    if film.tagline:
        lines.append(f'<p class="tagline">{_t(film.tagline)}</p>\n')
    origin = []
    if film.countries:
        origin.append(
            f'<span class="countries">{_t(knobs.country_sep.join(film.countries))}</span>'
        )
    if film.languages:
        spoken = "In " + join_words(film.languages)
        if film.subtitled:
            spoken += " with English subtitles"
        origin.append(f'<span class="languages">{_t(spoken)}</span>')
    if origin:
        lines.append(f'<p class="film-origin">{" ".join(origin)}</p>\n')
    specs = []
    if film.runtime is not None:
        space = "&nbsp;" if knobs.nbsp_runtime else " "
        specs.append(f'<span itemprop="duration">{film.runtime}{space}minutes</span>')
    if film.colour:
        specs.append(f'<span class="colour">{_t(film.colour)}</span>')
    if film.format:
        specs.append(f'<span class="format">{_t(film.format)}</span>')
    if specs:
        lines.append(f'<p class="film-specs">{" ".join(specs)}</p>\n')
    lines.append(_credits(film))
    if film.festivals and knobs.plain_festivals:
        label = "Festival" if len(film.festivals) == 1 else "Festivals"
        lines.append(f'<p class="festivals">{label}: {_t(", ".join(film.festivals))}</p>\n')
    if film.synopsis_paragraphs:
        body = "".join(f"  <p>{_t(p)}</p>\n" for p in film.synopsis_paragraphs)
        lines.append(f'<div class="film-synopsis">\n{body}</div>\n')
    if film.quote and film.quote_source:
        critic, _, publication = film.quote_source.rpartition(", ")
        lines.append(
            f'<p class="press-quote">“{_t(film.quote)}” — {_t(critic)}, '
            f"<cite>{_t(publication)}</cite></p>\n"
        )
    main = (
        f'<nav class="breadcrumb"><a href="{archive_path(edition)}">'
        f"NZIFF {film.edition}</a></nav>\n"
        f'<article class="film" data-slug="{_a(film.slug)}">\n{"".join(lines)}</article>\n'
    )
    head = f'<link rel="canonical" href="{_a(canonical_film_url(film, edition))}">\n'
    return page(title_html.strip(), main, head), frozenset({film.film_id})
