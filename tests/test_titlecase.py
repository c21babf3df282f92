"""Re-casing titles shown in capitals by their language's rules (scraper/titlecase.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from db.queries import export_entries
from db.session import make_engine
from db.store import BatchCounts, MirrorStore
from scraper.parsing import clean_title
from scraper.titlecase import is_all_upper, recase_title, title_language
from tests.db_fixtures import make_film
from tests.replica_fixtures import shared_full_site


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        # English: articles, short prepositions and conjunctions inside the title.
        ("JOURNEY TO THE END OF THE NIGHT", "Journey to the End of the Night"),
        ("SOMETHING TO TALK ABOUT", "Something to Talk About"),  # the last word is capital
        ("STAR WARS: A NEW HOPE", "Star Wars: A New Hope"),  # so is a subtitle's first
        ("ROCK – ROLL", "Rock – Roll"),
        ("LIVE AND LET DIE", "Live and Let Die"),  # English, although "die" is German
        ("BEFORE I DIE", "Before I Die"),
        ("DIE HARD WITH A VENGEANCE", "Die Hard with a Vengeance"),
        # French: articles, prepositions, elisions.
        ("LA FEMME DE L'AVIATEUR", "La Femme de l'Aviateur"),
        ("L'AMOUR", "L'Amour"),
        ("L’ÉTÉ INDIEN", "L’Été Indien"),
        ("LE FABULEUX DESTIN D'AMÉLIE POULAIN", "Le Fabuleux Destin d'Amélie Poulain"),
        ("À BOUT DE SOUFFLE BLEU", "À Bout de Souffle Bleu"),
        ("NOËL À PARIS", "Noël à Paris"),
        ("ON CONNAÎT LA CHANSON", "On Connaît la Chanson"),
        # German: ß kept (Python's "ß".upper() is "SS"), the capital ẞ read as ß.
        ("DIE STILLE STRAßE", "Die Stille Straße"),
        ("DIE STILLE STRAẞE", "Die Stille Straße"),
        ("DIE STILLE STRASSE", "Die Stille Strasse"),  # the page lost the ß: nothing to undo
        ("DIE BRÜCKE AM FLUß", "Die Brücke am Fluß"),
        ("ÜBER DEN FLUSS", "Über den Fluss"),
        ("DER HIMMEL ÜBER BERLIN", "Der Himmel über Berlin"),
        # Spanish, Italian, Portuguese, Dutch.
        ("EL AÑO DEL TIGRE", "El Año del Tigre"),
        ("EL NIÑO DE LA MONTAÑA", "El Niño de la Montaña"),
        ("CRÓNICA DE UN NIÑO SOLO", "Crónica de un Niño Solo"),
        ("Y TU MAMÁ TAMBIÉN", "Y Tu Mamá También"),
        ("IL BUONO, IL BRUTTO, IL CATTIVO", "Il Buono, il Brutto, il Cattivo"),
        ("IL CIELO SOPRA NAPOLI", "Il Cielo Sopra Napoli"),  # a long preposition is capital
        ("C'ERA UNA VOLTA IL WEST", "C'era una Volta il West"),
        ("DELL'AMORE E ALTRI DEMONI", "Dell'Amore e Altri Demoni"),
        ("CIDADE DE DEUS", "Cidade de Deus"),
        ("HET MEISJE MET HET PAREL", "Het Meisje met het Parel"),
        # No function word of any language: every word capitalised.
        ("MAÑANA SERÁ OTRO DÍA", "Mañana Será Otro Día"),
        ("ŻYWOT CZŁOWIEKA", "Żywot Człowieka"),
        # Roman numerals, names, apostrophes, hyphens, digits.
        ("ROCKY IV", "Rocky IV"),
        ("PART XIV", "Part XIV"),
        ("MCQUEEN", "McQueen"),
        ("MACBETH", "Macbeth"),  # Mac is too often not a prefix (MACHINE)
        ("O'BRIEN'S WAR", "O'Brien's War"),
        ("THE RETURN OF D'ARTAGNAN", "The Return of D'Artagnan"),
        ("I'M NOT THERE", "I'm Not There"),
        ("DON'T LOOK NOW", "Don't Look Now"),
        ("ROCK 'N' ROLL HIGH SCHOOL", "Rock 'n' Roll High School"),
        ("MAD-MAX", "Mad-Max"),
        ("2ND CHANCE", "2nd Chance"),
        ("E.T. THE EXTRA-TERRESTRIAL", "E.T. the Extra-Terrestrial"),
        ("(UN)TITLED (1999 CUT)", "(Un)titled (1999 Cut)"),
        ("", ""),
        (None, ""),
    ],
)
def test_recase_title(shown: str | None, expected: str) -> None:
    assert recase_title(shown) == expected


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("THE MAN WHO WASN'T THERE", "en"),
        ("BEFORE I DIE", "en"),  # "i" and "before" outweigh the German "die"
        ("LIVE AND LET DIE", "en"),  # a tie goes to English
        ("LA FEMME DE L'AVIATEUR", "fr"),
        ("IL BUONO, IL BRUTTO, IL CATTIVO", "it"),  # an article, not the French pronoun
        ("DAS LEBEN DER ANDEREN", "de"),
        ("EL AÑO DEL TIGRE", "es"),
        ("DÍAS DE SOL", "es"),  # "de" is also French: the í decides
        ("HET MEISJE MET HET PAREL", "nl"),
        ("MAÑANA SERÁ OTRO DÍA", None),  # no function word: nothing to decide
        ("", None),
    ],
)
def test_title_language(title: str, language: str | None) -> None:
    assert title_language(title) == language


def test_a_known_language_overrides_the_words() -> None:
    assert recase_title("DIE IN DER STADT") == "Die in der Stadt"  # read as German
    assert recase_title("DIE IN DER STADT", lang="en") == "Die in Der Stadt"
    assert recase_title("LA CASA DE LA ABUELA", lang="it") == "La Casa De la Abuela"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STRAßE", True),  # ß has no one-letter capital: still a title in capitals
        ("THE MACK", True),
        ("LennoNYC", False),
        ("McQUEEN", False),
        ("1999", False),
        ("", False),
    ],
)
def test_is_all_upper(text: str, expected: bool) -> None:
    assert is_all_upper(text) is expected


def test_bad_arguments_are_programmer_errors() -> None:
    with pytest.raises(ValueError, match="unknown title language 'xx'"):
        recase_title("LA VIE", lang="xx")
    with pytest.raises(ValueError, match="title must be str"):
        recase_title(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="display must be str"):
        clean_title(42)  # type: ignore[arg-type]


def test_every_replica_title_is_recovered_exactly_from_its_display() -> None:
    """The crawl's title for each of the 12,000 films is clean_title of the title the
    film page shows; it must equal the truth letter for letter, case included."""
    site = shared_full_site()
    wrong = {
        film.film_id: (film.title, clean_title(film.title_display))
        for film in site.films.values()
        if film.title is not None
        and film.title_display is not None
        and clean_title(film.title_display) != film.title
    }
    assert len(site.films) >= 12_000
    assert wrong == {}


def test_a_re_parsed_page_updates_a_title_an_older_parser_cased_differently(
    sqlite_url: str,
) -> None:
    """Titles stored before the re-casing changed (``Über Den Fluss``) are corrected by
    the next run that parses the page again (a crawl without an archive, or
    ``mirror reparse``): the title is a watched field, so the entry counts as changed."""
    display = "ÜBER DEN FLUSS"
    store = MirrorStore(sqlite_url, retry_budget_s=10)
    try:
        first = store.start_run("miff")
        store.write_batch(first, [make_film(1, title="Über Den Fluss", title_display=display)])
        second = store.start_run("miff")
        recased = make_film(1, title=clean_title(display), title_display=display)
        assert store.write_batch(second, [recased]) == BatchCounts(changed=1)
    finally:
        store.close()
    engine = make_engine(sqlite_url)
    try:
        with Session(engine) as session:
            titles = [record["title"] for record in export_entries(session)]
    finally:
        engine.dispose()
    assert titles == ["Über den Fluss"]
