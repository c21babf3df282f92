"""Re-casing a title shown in capitals (``LA FEMME DE L'AVIATEUR``) by its language's rules.

Archives type many titles in capitals; the canonical title is in title case, where what
stays lower-case inside a title depends on the language: ``of``/``the`` in English,
``de``/``la``/``à``/``l'`` in French, ``der``/``am``/``über`` in German, ``del``/``y`` in
Spanish. The convention is the one the mirror's truth keeps: every word capitalised
except the function words (articles, short prepositions, conjunctions) of the title's
language, which stay lower-case unless they open the title, open a subtitle (after
``:`` or a dash) or close it.

The language is the caller's when it knows it; otherwise it is read from the title's own
words against a table of function words per language (``title_language``). The page's
other signals are weaker: the synopsis's ``lang`` is the synopsis's (English for most
foreign films) and a country does not give a title's language. A statistical identifier
(py3langid) was measured and not used: it called 41% of the replica's short English
titles (``SILENT RIVER``) another language, while one ``del`` or ``über`` decides and a
title with no function word of any language needs no language (every word capitalised).

Letters whose upper case is not one letter are never round-tripped: ``ß`` stays ``ß``
(Python's ``"ß".upper()`` is ``"SS"``; a page that shows ``STRAßE`` or ``STRAẞE`` gives
``Straße``, while ``STRASSE`` has lost the ß for good and gives ``Strasse``).

Pure functions under the error policy of :mod:`scraper.parsing`: any text is accepted;
a non-string title is a programmer error (``ValueError``), and so is an unknown language
code given as ``lang``.
"""

from __future__ import annotations

import re
import unicodedata

from common.text import require_text

__all__ = ["FUNCTION_WORDS", "is_all_upper", "recase_title", "title_language"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lower-case inside a title, per language (ISO 639-1). Short words only: a preposition
# of five letters or more (``sopra``, ``entre``, ``unter``) is capitalised, as English
# style capitalises ``Between``.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("a an and as at but by for from in into nor of on or the to via vs vs. with"),
    "fr": _words(
        "le la les l' un une des du de d' à au aux et ou en sur sous dans par pour avec sans chez"
    ),
    "de": _words(
        "der die das den dem des ein eine einen einem einer eines und oder von vom zu"
        " zum zur im in am an auf aus bei mit nach über für um vor ohne als wie"
    ),
    "es": _words("el la los las lo un una unos unas de del al a y e o u en con por para sin"),
    "it": _words(
        "il lo la i gli le l' un uno una un' di del dello della dei degli delle dell' d'"
        " a al allo alla ai agli alle all' da dal dallo dalla dai dagli dalle dall' in"
        " nel nello nella nei negli nelle nell' su sul sullo sulla sui sugli sulle sull'"
        " con per tra fra e ed o"
    ),
    "pt": _words(
        "o a os as um uma uns umas de do da dos das d' em no na nos nas ao aos à às e ou"
        " por pelo pela pelos pelas com sem para"
    ),
    "nl": _words("de het een en van in op te met voor aan bij uit of om tot naar"),
    "sv": _words("en ett den det de och i på av till med om för som"),
    "da": _words("en et den det de og i på af til med om for som"),
    "no": _words("en et ei den det de og i på av til med om for som"),
}

# Common words that tell the language without being lower-cased (pronouns, auxiliaries,
# negations): ``BEFORE I DIE`` is English although ``die`` is a German article.
_EVIDENCE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "i i'm you he she it we they me my your his her our their is are was were be am"
        " not no what who where why how when this that all after before there here"
        " don't can't won't it's"
    ),
    "fr": _words(
        "je tu il elle on nous vous ils est sont pas ne qui que mon ma mes son sa ses"
        " qu' j' n' s' c'"
    ),
    "de": _words("ich du er sie es wir ihr ist sind nicht kein keine mein meine auch noch"),
    "es": _words("que no es mi tu su se yo está son"),
    "it": _words("non che è sono mio mia ci si"),
    "pt": _words("não que é meu minha se eu"),
    "nl": _words("ik je hij zij is niet wat wie mijn"),
    "sv": _words("jag du han hon är inte vi"),
    "da": _words("jeg du han hun er ikke vi"),
    "no": _words("jeg du han hun er ikke vi"),
}

# Letters that only some of the languages use: less than a word's weight, to break a tie.
_LETTER_HINTS: dict[str, str] = {
    "en": "",
    "fr": "çèêëîïôûœ",
    "de": "ßäöü",
    "es": "ñ¿¡áíóú",
    "it": "ìòù",
    "pt": "ãõçáíóú",
    "nl": "ĳ",
    "sv": "åäö",
    "da": "åæø",
    "no": "åæø",
}

# A function word tells the language more surely than an evidence word: ``IL`` is an
# Italian article but only a French pronoun.
_FUNCTION_WEIGHT = 1.0
_EVIDENCE_WEIGHT = 0.75
_LETTER_WEIGHT = 0.5

# Tie order: English first (the archives' own language), then by how often the
# languages' titles appear in them.
_PREFERENCE = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no")

# An elided article or preposition (``L'AMOUR``, ``D'ARTAGNAN``, ``DELL'AMORE``) and the
# Irish ``O'``: the word after the apostrophe keeps its capital. After any other
# apostrophe the letters are lower-case (``DON'T``, ``I'M``, ``C'ERA``).
_ELISIONS = frozenset(
    {"l", "d", "o", "dell", "all", "dall", "nell", "sull", "quell", "un", "j", "qu", "n"}
)
_CAPITAL_AFTER_ELISION = frozenset({"l", "d", "o", "dell", "all", "dall", "nell", "sull"})
_APOSTROPHES = "'’"
# Letters after these start a new capitalised part of the word.
_PART_OPENERS = '-/([{"“‘«¿¡'
# Roman numerals from II to XXXIX, kept in capitals (``ROCKY II``, ``PART IV``).
_ROMAN_RE = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")
# A word ending so (or a lone dash) ends a title part: the next word opens a new one.
_PART_ENDS = (":", "?", "!", "–", "—")
_DASHES = frozenset({"-", "–", "—"})
_WORD_RE = re.compile(r"\S+")
_EDGE_PUNCTUATION = '()[]{}"“”‘’«».,:;!?¿¡'


def is_all_upper(text: str) -> bool:
    """True when ``text`` has capitals and no lower-case letter that has a capital.

    ``ß`` (whose capital is two letters in Python) does not make ``STRAßE`` mixed case.
    """
    has_upper = False
    for ch in text:
        if ch.isupper():
            has_upper = True
        elif ch.islower() and len(ch.upper()) == 1 and ch.upper() != ch:
            return False
    return has_upper


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower()


def _candidates(word: str) -> tuple[str, ...]:
    """The forms a word is looked up under: itself and its elided prefix (``l'``)."""
    bare = _bare(word).replace("’", "'")
    prefix, apostrophe, rest = bare.partition("'")
    if apostrophe and rest and prefix in _ELISIONS:
        return (bare, f"{prefix}'")
    return (bare,)


def title_language(title: str | None) -> str | None:
    """The language whose function words the title's words are, or None if none are.

    Each word found among a language's function words counts one, among its evidence
    words three quarters; a letter only some languages use counts half (once per
    language). Ties go to English, then to the fixed order of ``_PREFERENCE``.
    """
    text = require_text(title, "title")
    scores = dict.fromkeys(_PREFERENCE, 0.0)
    for word in _WORD_RE.findall(text):
        forms = _candidates(word)
        for lang in _PREFERENCE:
            if any(form in FUNCTION_WORDS[lang] for form in forms):
                scores[lang] += _FUNCTION_WEIGHT
            elif any(form in _EVIDENCE_WORDS[lang] for form in forms):
                scores[lang] += _EVIDENCE_WEIGHT
    if not any(scores.values()):
        return None
    lowered = text.lower()
    for lang, letters in _LETTER_HINTS.items():
        if any(letter in lowered for letter in letters):
            scores[lang] += _LETTER_WEIGHT
    return max(_PREFERENCE, key=lambda lang: (scores[lang], -_PREFERENCE.index(lang)))


def _lower_char(ch: str) -> str:
    if ch == "İ":
        return "i"
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


def _capital_char(ch: str) -> str:
    capital = ch.title()  # title case: the Dž digraph, not DŽ
    return capital if len(capital) == 1 else ch


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _capitalise(word: str, *, lower_elision: bool) -> str:
    """``L'AMOUR`` -> ``L'Amour``; ``MAD-MAX`` -> ``Mad-Max``; ``MCQUEEN`` -> ``McQueen``.

    Each run of letters is capitalised when it starts the word or follows a hyphen,
    slash, opening bracket or quote; after an elided article or ``O'`` too (the elision
    itself lower-case when ``lower_elision``). Other runs are lower-case: after a digit
    (``2ND``), a closing bracket (``(UN)TITLED``) or another apostrophe (``DON'T``).
    """
    out: list[str] = []
    run_start = True
    previous_run = ""
    i = 0
    while i < len(word):
        if not _is_letter(word[i]):
            ch = word[i]
            if ch in _APOSTROPHES:
                run_start = previous_run.lower() in _CAPITAL_AFTER_ELISION
            else:
                run_start = ch in _PART_OPENERS or ch == "."  # U.S.A., E.T.
            out.append(ch)
            i += 1
            continue
        j = i
        while j < len(word) and _is_letter(word[j]):
            j += 1
        run = word[i:j]
        lowered = "".join(_lower_char(ch) for ch in run)
        is_elision = j < len(word) and word[j] in _APOSTROPHES and lowered in _ELISIONS
        if is_elision and lower_elision:
            out.append(lowered)
        elif run_start:
            cased = _capital_char(run[0]) + lowered[1:]
            if lowered.startswith("mc") and len(lowered) > 3:
                cased = "Mc" + _capital_char(run[2]) + lowered[3:]
            out.append(cased)
        else:
            out.append(lowered)
        previous_run = run
        run_start = False
        i = j
    return "".join(out)


def _ends_a_part(word: str) -> bool:
    """``Star Wars:`` or a lone dash: the next word opens a subtitle."""
    return word.endswith(_PART_ENDS) or word in _DASHES


def recase_title(title: str | None, lang: str | None = None) -> str:
    """Title case for a title shown in capitals, by the rules of its language.

    ``lang`` is the title's language when the caller knows it (a key of
    ``FUNCTION_WORDS``); None reads it from the words (:func:`title_language`). Roman
    numerals (``II`` to ``XXXIX``) stay in capitals. Whitespace runs become one space.
    """
    text = require_text(title, "title")
    if lang is not None and lang not in FUNCTION_WORDS:
        raise ValueError(f"unknown title language {lang!r}; known: {', '.join(FUNCTION_WORDS)}")
    language = lang if lang is not None else title_language(text)
    small = FUNCTION_WORDS[language] if language is not None else frozenset()
    words = _WORD_RE.findall(text)
    out: list[str] = []
    for i, word in enumerate(words):
        opens = i == 0 or word[0] in _PART_OPENERS or _ends_a_part(out[-1])
        closes = i == len(words) - 1
        inside = not opens and not closes
        forms = _candidates(word)
        if _ROMAN_RE.match(word.strip(_EDGE_PUNCTUATION)):
            out.append(word)
        elif inside and forms[0] in small:
            out.append("".join(_lower_char(ch) for ch in word))
        else:
            lower_elision = not opens and len(forms) > 1 and forms[1] in small
            out.append(_capitalise(word, lower_elision=lower_elision))
    return " ".join(out)
