"""HTML of every replica page, exactly as MARKUP.md describes it.

Each function returns the page text plus the film ids it shows, so the server can give
pages that show a mutated entry a later Last-Modified.
"""

from __future__ import annotations

from html import escape

from mirror.replica.display import join_directors, see_also_text
from mirror.replica.links import edition_path, listing_path, mixed_film_url
from mirror.replica.model import Edition, Film
from mirror.replica.site import PAGE_SIZE, Site, surname_letter

Rendered = tuple[str, frozenset[str]]

ROBOTS_TXT = "User-agent: *\nDisallow: /festival-archive/search\n"
FAMILY_LABELS = {
    "directors": "Directors {value}",
    "country": "{value}",
    "category": "{value}",
    "year": "Production year {value}",
    "festival": "MIFF {value}",
}


def _t(text: str) -> str:
    return escape(text, quote=False)


def _a(text: str) -> str:
    return escape(text, quote=True)


def page(title: str, main: str, head_extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_t(title)} | MIFF Festival Archive</title>\n{head_extra}</head>\n<body>\n"
        '<a href="#main-content" class="skip-link">Skip to main content</a>\n'
        '<nav class="archive-nav">\n'
        '  <a href="/festival-archive">Select a festival</a>\n'
        '  <a href="/festival-archive/search">Search The Film Archive</a>\n'
        '  <a href="/festival-archive/films/directors/A">Browse By Director</a>\n'
        f'</nav>\n<main id="main-content">\n{main}</main>\n</body>\n</html>\n'
    )


def index_page(site: Site) -> Rendered:
    editions = []
    for edition in site.editions.values():
        href = (
            f"/festival-archive/year/{edition.year}"
            if edition.linked_by_alias
            else edition_path(edition.edition_id, edition.year)
        )
        editions.append(f'  <li><a href="{href}">MIFF {edition.year}</a></li>\n')
    letters = sorted({value for family, value in site.listings if family == "directors"})
    letter_items = "".join(
        f'<li><a href="{listing_path("directors", letter)}">{letter}</a></li>' for letter in letters
    )
    main = (
        "<h1>Festival Archive</h1>\n"
        '<p class="intro">Over 12,000 film synopses from every festival since 1952, '
        "and more than 9000 directors' names.</p>\n"
        f'<ul class="edition-list">\n{"".join(editions)}</ul>\n'
        f'<ul class="director-letters">{letter_items}</ul>\n'
    )
    return page("Festival Archive", main), frozenset()


def opening_label(film: Film) -> str:
    """`Title (Director, Year)` as the edition page shows its opening film."""
    if film.listing_line:
        return film.listing_line
    people = join_directors(film.directors, film.knobs.joiner)
    return f"{(film.title_display or '').strip()} ({people}, {film.year or ''})"


def edition_page(site: Site, edition: Edition) -> Rendered:
    sections = [
        '<section class="festival-program">\n  <h2>Festival Program</h2>\n'
        f"  <p>{edition.feature_count} feature films and {edition.short_count} short films "
        f"were screened from {_t(edition.dates_text)}</p>\n</section>\n"
    ]
    if edition.program_focus:
        sections.append(
            '<section class="program-focus"><h2>Program in Focus</h2>'
            f"<p>{_t(edition.program_focus)}</p></section>\n"
        )
    if edition.filmmaker_focus:
        sections.append(
            '<section class="filmmaker-focus"><h2>Filmmaker in Focus</h2>'
            f"<p>{_t(edition.filmmaker_focus)}</p></section>\n"
        )
    shown: frozenset[str] = frozenset()
    opening = site.film(edition.opening_film_id) if edition.opening_film_id else None
    if opening is not None:
        heading = "Featured Film" if edition.year < 1960 else "Opening Night Film"
        href = mixed_film_url(opening.film_id, opening.slug, f"opening:{edition.year}")
        sections.append(
            f'<section class="opening-night"><h2>{heading}</h2>\n'
            f'  <p><a href="{_a(href)}">{_t(opening_label(opening))}</a></p></section>\n'
        )
        shown = frozenset({opening.film_id})
    sections.append(
        '<section class="director-message"><h2>Festival Director\'s Message</h2>'
        f"<p>{_t(edition.director_message)}</p></section>\n"
    )
    main = (
        f'<article class="edition" data-edition-id="{edition.edition_id}">\n'
        f"<h1>{_t(edition.heading)}</h1>\n{''.join(sections)}"
        f'<p class="browse"><a href="{listing_path("festival", str(edition.year))}">'
        f"Browse all films screened at MIFF {edition.year}</a></p>\n</article>\n"
    )
    return page(f"MIFF {edition.year}", main), shown


def _listing_row(film: Film, context: str) -> str:
    href = _a(mixed_film_url(film.film_id, film.slug, context))
    header = (
        f'  <h3 class="entry-title"><a href="{href}">{_t(film.listing_line)}</a></h3>\n'
        if film.listing_line
        else ""
    )
    return (
        f'<div class="views-row">\n{header}'
        f'  <p class="teaser">{_t(film.teaser)} <a class="read-more" href="{href}">Read more</a>'
        "</p>\n</div>\n"
    )


def listing_page(site: Site, family: str, value: str, page_number: int) -> Rendered | None:
    """Page `page_number` (0-based, Drupal's `?page=N`) of a listing, or None past the end."""
    rows = site.listing_rows(family, value)
    pages = site.listing_page_count(family, value)
    if not rows or not 0 <= page_number < pages:
        return None
    film_ids = rows[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
    context = f"{family}:{value}"
    body = "".join(_listing_row(site.films[film_id], context) for film_id in film_ids)
    pager = ['<ul class="pager">\n']
    if page_number > 0:
        pager.append(
            f'  <li class="pager-previous"><a href="?page={page_number - 1}">‹ previous</a></li>\n'
        )
    pager.append(f'  <li class="pager-current">{page_number + 1} of {pages}</li>\n')
    if page_number < pages - 1:
        pager.append(
            f'  <li class="pager-next"><a href="?page={page_number + 1}">next ›</a></li>\n'
        )
    pager.append("</ul>\n")
    label = FAMILY_LABELS[family].format(value=value)
    main = (
        f'<h1>Films: {_t(label)}</h1>\n<div class="view-content">\n{body}</div>\n{"".join(pager)}'
    )
    return page(f"Films: {label}", main), frozenset(film_ids)


def meta_line(film: Film, *, with_place: bool = True) -> str | None:
    """`COUNTRY, YEAR (MIFF EDITION, SECTION)` with the FACTS.md variants."""
    place = ", ".join(
        part for part in (", ".join(film.countries), str(film.year) if film.year else "") if part
    )
    variant = film.knobs.meta_variant
    festival = ""
    if film.edition is not None:
        if variant == "compact":
            festival = f"(MIFF{film.edition}{',' + film.section if film.section else ''})"
        elif variant == "space_comma" and film.section:
            festival = f"(MIFF {film.edition} , {film.section})"
        else:
            festival = f"(MIFF {film.edition}{', ' + film.section if film.section else ''})"
    if not with_place:
        return festival or None
    return " ".join(part for part in (place, festival) if part) or None


def _see_also(site: Site, film: Film) -> tuple[str, frozenset[str]]:
    items = []
    shown = []
    for item in film.see_also_items:
        target = site.film(item.film_id)
        if target is None:
            continue
        shown.append(target.film_id)
        href = _a(mixed_film_url(target.film_id, target.slug, f"see-also:{film.film_id}"))
        parts = ['<div class="see-also-item">\n']
        if item.show_title and target.title_display:
            parts.append(f'  <h3><a href="{href}">{_t(target.title_display.strip())}</a></h3>\n')
        if item.show_meta:
            place = ", ".join(p for p in (target.country, str(target.year or "")) if p)
            parts.append(f'  <p class="see-also-meta">{_t(place)}</p>\n')
        text = item.fixed_text if item.fixed_text is not None else see_also_text(target)
        parts.append(f'  <p>{_t(text)} <a href="{href}">More »</a></p>\n</div>\n')
        items.append("".join(parts))
    if not items:
        return "", frozenset()
    return (
        f'<section class="see-also">\n<h2>See also...</h2>\n{"".join(items)}</section>\n',
        frozenset(shown),
    )


def film_page(site: Site, film: Film) -> Rendered:
    lines = []
    shown_title = film.title_display
    if shown_title is not None:
        lines.append(f'<h1 class="visually-hidden">{_t(shown_title)}</h1>\n')
    people = join_directors(film.directors, film.knobs.joiner)
    if film.knobs.layout == "slash":
        lines.append(
            f'<p class="film-director">Director {_t(people)} / {film.year} / '
            f"{_t(film.country or '')}</p>\n"
        )
        festival = meta_line(film, with_place=False)
        if festival:
            lines.append(f'<p class="film-meta">{_t(festival)}</p>\n')
    else:
        meta = meta_line(film)
        if meta:
            lines.append(f'<p class="film-meta">{_t(meta)}</p>\n')
        if people:
            lines.append(f'<p class="film-director">Director: {_t(people)}</p>\n')
    if film.has_synopsis_div:
        paragraphs = film.synopsis_paragraphs or ("Synopsis not available",)
        body = "".join(f"  <p>{_t(p)}</p>\n" for p in paragraphs)
        lines.append(f'<div class="synopsis" lang="{_a(film.lang)}">\n{body}</div>\n')
    see_also, shown = _see_also(site, film)
    main = (
        f'<article class="film" data-film-id="{_a(film.film_id)}">\n{"".join(lines)}{see_also}'
        "</article>\n"
    )
    head = (
        f'<meta property="og:title" content="{_a(shown_title)}">\n'
        if shown_title is not None
        else ""
    )
    return page(shown_title or "Film", main, head), shown | {film.film_id}


def search_page() -> Rendered:
    main = (
        "<h1>Search The Film Archive</h1>\n"
        '<form action="/festival-archive/search" method="get">\n'
        '  <label>Festival year <input name="festival"></label>\n'
        '  <label>Title <input name="title"></label>\n'
        '  <label>Director <input name="director"></label>\n'
        '  <label>Country <input name="country"></label>\n'
        "  <button>Search</button>\n</form>\n"
    )
    return page("Search The Film Archive", main), frozenset()


__all__ = [
    "ROBOTS_TXT",
    "edition_page",
    "film_page",
    "index_page",
    "listing_page",
    "meta_line",
    "opening_label",
    "search_page",
    "surname_letter",
]
