"""Normalised keys: titles, person names and years, folded so that spelling,
accents, articles, rating suffixes and transliteration do not matter.

Pure functions, no state: safe to call from the spider pipeline per item.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from linkage.han_readings import han_name_readings, is_han_name
from linkage.months import is_day_of_month
from linkage.name_sounds import (
    HAN_NAME_CLASSES,
    HANGUL_SYLLABLE,
    abjad_han_forms,
    abjad_syllabic_forms,
    alphabetic_han_forms,
    consonant_forms,
    han_alike,
    han_forms,
    han_name_words,
    is_abjad,
    is_cyrillic,
    is_han_transliteration,
    is_syllabic,
    sound_alike,
    spoken_forms,
    syllabic_forms,
)

# Rating suffixes MIFF appends to titles: "(MA15+)", "(R18+)", "(M)", "(PG)", "(G)", "(R)", "(CTC)".
_RATING_SUFFIX = re.compile(r"\s*\((?:MA\s?15\+|R\s?18\+|M|PG|G|R|CTC|X\s?18\+|E)\)\s*$", re.I)
# Articles dropped from the start of a folded title, in the languages festivals use.
_LEADING_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "la",
        "le",
        "les",
        "l",
        "el",
        "il",
        "lo",
        "gli",
        "i",
        "die",
        "der",
        "das",
        "ein",
        "eine",
        "o",
        "os",
        "as",
        "um",
        "uma",
        "los",
        "las",
        "un",
        "une",
    ]
)
# Inverted article at the end, as in "BOOK THAT SHOOK THE WORLD, THE".
_INVERTED_ARTICLE = re.compile(r",\s*(the|a|an|la|le|les|l'|el|il|die|der|das)\s*$", re.I)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTERS_ONLY = re.compile(r"[^a-z]+")

# Spelling variants of one sound across transliteration schemes (English, French,
# German, ISO). Applied in order after ASCII transliteration; the result is a
# skeleton, not a readable name: "Tchaïkovski", "Tschaikowski", "Чайковский" all
# become "kaikovski".
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("ts", "z"),  # German "Zoi" for Tsoi, "Zwetajewa" for Tsvetaeva
    ("ck", "k"),
    ("ph", "f"),
    ("gu", "g"),  # French "Serguei" for Sergei
    ("ou", "u"),  # French "Moussorgski" for Mussorgsky
    # German umlauts spelled out: "Doerte Schaefer" for "Dörte Schäfer" (whose accents
    # ASCII folding drops); a vowel's following "e" is only ever this or a second vowel.
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
    ("h", ""),  # kh/ch/sh/zh: the h only marks a sound other schemes spell differently
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Generational suffixes are not part of the surname: "Domogarov Jr.", "Домогаров-младший".
_NAME_SUFFIX = re.compile(r"[\s,-]+(?:jr|sr|junior|senior|младший|старший)\.?\s*$", re.I)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII transliteration: accents dropped, Cyrillic romanised."""
    # anyascii transliterates each character on its own, in a Python loop: only the
    # runs outside ASCII go through it (most of a Latin-script text is ASCII already:
    # 9 -> 5 us for a synthetic corpus's synopsis).
    normal = unicodedata.normalize("NFKC", text)
    return _NON_ASCII_RUN.sub(lambda run: anyascii(run.group()), normal).casefold()


def strip_rating(title: str) -> str:
    """Remove a trailing classification like "(MA15+)"."""
    return _RATING_SUFFIX.sub("", title).strip()


@lru_cache(maxsize=262_144)  # every pair scored folds both titles
def fold_title(title: str | None) -> str | None:
    """Comparable title key: rating dropped, inverted/leading article dropped,
    accents and case folded, punctuation removed. None for an empty title."""
    if not title:
        return None
    cleaned = strip_rating(title)
    cleaned = _INVERTED_ARTICLE.sub("", cleaned)
    # "Rock & Roll" and "Rock and Roll" are one title: festivals spell the ampersand out.
    cleaned = cleaned.replace("&", " and ")
    words = _NON_ALNUM.sub(" ", ascii_fold(cleaned).replace("'", " ")).split()
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words) or None


@lru_cache(maxsize=262_144)  # names recur across synopses; the rules cost more than a lookup
def name_skeleton(token: str) -> str:
    """Transliteration-proof key of one name word ("Tsoï", "Tsoi", "Цой" -> "tsoi")."""
    skeleton = _LETTERS_ONLY.sub("", ascii_fold(token))
    for old, new in _SKELETON_RULES:
        skeleton = skeleton.replace(old, new)
    skeleton = _DOUBLED.sub(r"\1", skeleton)
    if skeleton.endswith("of"):  # Rachmaninoff / Rachmaninov
        skeleton = skeleton[:-2] + "ov"
    return skeleton


def person_key(name: str) -> str | None:
    """Key of a person: first initial plus surname skeleton ("K:serebrenikov").

    Middle names and patronymics are ignored; the initial guards against two
    people who share a surname."""
    words = [w for w in (name_skeleton(t) for t in _NAME_SUFFIX.sub("", name).split()) if w]
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    return f"{words[0][0]}:{words[-1]}"


def person_keys(names: list[str]) -> frozenset[str]:
    """Keys of several people (a film's directors); includes the bare surname key
    so that "Serebrennikov" alone still meets "Kirill Serebrennikov"."""
    return _person_keys(tuple(names))


@lru_cache(maxsize=262_144)  # every pair scored compares both director lists
def _person_keys(names: tuple[str, ...]) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        key = person_key(name)
        if key:
            keys.add(key)
            keys.add(key.split(":")[-1])
    return frozenset(keys)


@lru_cache(maxsize=65_536)
def director_sounds(names: tuple[str, ...]) -> frozenset[str]:
    """Keys of the directors by sound: the consonant forms of the given name and of
    the surname, where the surname's says enough to file a record under
    (`SURNAME_CONSONANTS`). Spellings from two transliteration schemes meet there
    ("Andrei Swjaginzew", "Андрей Звягинцев": "NDR:SVGNSV"); a surname many
    directors share does not make all of them candidates of each other."""
    found: set[str] = set()
    # a hyphenated surname also as two words, as Arabic and Hebrew write it (`_abjad_alike`)
    parted = tuple(p for name in names if (p := surname_parted(name)))
    for name in names + parted:
        words = _sound_words(name)
        if not words:
            continue
        alone = frozenset({""})  # a surname alone, or a given name without consonants
        given = (consonant_forms(words[0]) or alone) if len(words) > 1 else alone
        found.update(_whole_name_forms(given, consonant_forms(words[-1])))
    return frozenset(found)


@lru_cache(maxsize=65_536)
def director_han_sounds(names: tuple[str, ...]) -> frozenset[str]:
    """Keys of the directors as Chinese spells a foreign name (`name_sounds.han_forms`
    of 古斯塔夫·莫勒, `alphabetic_han_forms` of Gustav Möller: both "KSTV:ML"), where
    given name and surname say enough between them (`HAN_NAME_CLASSES`)."""
    found: set[str] = set()
    for name in names:
        if is_han_transliteration(name):
            words = han_name_words(name)
            read = han_forms
        elif is_abjad(name):
            words = list(_sound_words(name))
            read = abjad_han_forms
        elif _comparable(name) and not is_syllabic(name):
            words = list(_han_words(name))
            read = alphabetic_han_forms
        else:
            continue
        if len(words) < 2:
            continue
        found.update(
            f"{given}:{surname}"
            for given in read(words[0])
            for surname in read(words[-1])
            if given and len(surname) >= 2 and len(given) + len(surname) >= HAN_NAME_CLASSES
        )
    return frozenset(found)


@lru_cache(maxsize=65_536)
def director_syllabic_sounds(names: tuple[str, ...]) -> frozenset[str]:
    """Keys of the directors as a syllabary keeps a name (`name_sounds.syllabic_forms`:
    "빔 벤더스" and "Wim Wenders" both "BM:BNTS"), so that a kana or Hangul spelling
    meets an alphabetic one; a kana or Hangul name is filed in both orders too (a
    Japanese or Korean name comes family name first in one script only: "가타부치
    스나오", Sunao Katabuchi). Surnames that say too little are not filed
    (`SURNAME_CONSONANTS`), as by `director_sounds`."""
    found: set[str] = set()
    for name in names:
        syllabic, abjad = is_syllabic(name), is_abjad(name)
        if not (syllabic or abjad or _comparable(name)):
            continue
        words = syllabic_words(name)
        if len(words) < 2:
            continue
        # a kana or Hangul spelling may be of a pinyin name (`PINYIN_NAME_CONSONANTS`)
        least = (
            PINYIN_NAME_CONSONANTS if syllabic or is_pinyin_name(name) else WHOLE_NAME_CONSONANTS
        )
        # an Arabic or Hebrew name as a syllabary would keep it, to meet a kana or
        # Hangul spelling of it (`_same_person`: アンドリュー・ラウ, أندرو لاو)
        forms = abjad_syllabic_forms if abjad else syllabic_forms
        orders = [(words[0], words[-1])] + ([(words[-1], words[0])] if syllabic else [])
        for given_word, surname_word in orders:
            given = frozenset(f for f in forms(given_word) if f)
            found.update(_whole_name_forms(given, forms(surname_word), least))
        if len(words) == 2 and _is_lee(words[0]):
            # the surname Lee has no consonant to file under: its given name, whole,
            # where `_lee_alike` compares it (Lee Chang-dong, イ・チャンドン, 이창동)
            found.update(
                f"{_LEE_KEY}:{form}"
                for form in syllabic_forms(words[1])
                if len(form) >= SURNAME_CONSONANTS
            )
    return frozenset(found)


# Siblings and couples credited together under one surname ("Jean-Pierre e Luc
# Dardenne", "Joel & Ethan Coen"): "and" in the festivals' languages.
_JOINT_CREDIT = re.compile(
    r"(?P<first>[^\W\d_][\w'-]*)\s+(?:and|et|e|und|y|i|en|og|och|és|&|и|і)\s+"
    r"(?P<second>[^\W\d_][\w'-]*)\s+(?P<surname>[^\W\d_][\w'-]*)"
)


@lru_cache(maxsize=65_536)
def credited_people(name: str) -> tuple[str, ...]:
    """The people of one credit: two for a joint credit under one surname, else the
    name itself."""
    joint = _JOINT_CREDIT.fullmatch(name.strip())
    if joint is None:
        return (name,)
    surname = joint.group("surname")
    return (f"{joint.group('first')} {surname}", f"{joint.group('second')} {surname}")


def directors_overlap(left: list[str], right: list[str]) -> bool | None:
    """True if the two director lists share a person, False if some names can be
    compared and none agree, None if either is empty or no two names can be compared
    (a name in kanji against one in Latin letters: no transliteration relates them).
    A joint credit counts as its people (`credited_people`)."""
    if not left or not right:
        return None
    if len(left) == 1 and len(right) == 1:
        left_people, right_people = credited_people(left[0]), credited_people(right[0])
        if len(left_people) == 1 and len(right_people) == 1:
            return same_person(left[0], right[0])  # most films: no pair to cache
        return _directors_overlap(left_people, right_people)
    return _directors_overlap(
        tuple(p for name in left for p in credited_people(name)),
        tuple(p for name in right for p in credited_people(name)),
    )


# Pairs, unlike names, seldom recur beyond one record's candidates: a small cache. With
# a quarter of a million pairs here and in `same_person` (and a posting cache four
# times larger), a 12,000-film crawl with linking peaked at 796 MB; with these, 679 MB.
@lru_cache(maxsize=16_384)
def _directors_overlap(left: tuple[str, ...], right: tuple[str, ...]) -> bool | None:
    verdict: bool | None = None
    for a in left:
        for b in right:
            same = same_person(a, b)
            if same:
                return True
            if same is False:
                verdict = False
    return verdict


# Scripts whose names anyascii romanises close to the usual Latin spelling: Latin,
# Greek, Cyrillic, Hangul. Han, kana, Arabic and Hebrew names come out as a reading
# that no festival prints ("是枝裕和" -> "ShiZhiYuHe"), so they are not compared.
_COMPARABLE_LETTER = re.compile(
    r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f\uac00-\ud7af\u1100-\u11ff]"
)
# Two spellings of one name word agree when they share this many leading letters of
# their skeletons (or the whole shorter one, of at least MIN_WORD letters):
# Lounguine / Lungin, Tsoi / Tsoia.
SURNAME_PREFIX = 5
GIVEN_NAME_PREFIX = 3
MIN_WORD = 3


# Per name, not per pair: a name meets thousands of others while a crawl is linked.
@lru_cache(maxsize=65_536)
def _comparable(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(_COMPARABLE_LETTER.match(ch) for ch in letters)


def _words_agree(left: str, right: str, prefix: int = SURNAME_PREFIX) -> bool:
    if left == right:
        return True
    shorter = min(len(left), len(right))
    needed = min(shorter, prefix)
    return shorter >= MIN_WORD and left[:needed] == right[:needed]


def _swapped_letters(left: str, right: str) -> bool:
    """One typing slip: two neighbouring letters swapped ("Otrega" / "Ortega"), in a
    name long enough that the swap cannot make another common name."""
    if len(left) != len(right) or len(left) < 5:
        return False
    differ = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and left[differ[0]] == right[differ[1]]
        and left[differ[1]] == right[differ[0]]
    )


def _given_names_agree(left: str, right: str) -> bool:
    """Initials agree with any name of that letter; full names by their start."""
    if len(left) == 1 or len(right) == 1:
        return left[0] == right[0]
    return _words_agree(left, right, GIVEN_NAME_PREFIX)


@lru_cache(maxsize=65_536)
def _typed_surname(name: str) -> str:
    words = _NAME_SUFFIX.sub("", name).split()
    return _LETTERS_ONLY.sub("", ascii_fold(words[-1])) if words else ""


@lru_cache(maxsize=65_536)
def _person_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in (name_skeleton(t) for t in _NAME_SUFFIX.sub("", name).split()) if w)


# Hong Kong credits print a Western given name, the surname and the Chinese given name
# romanised in two syllables ("Andrew Lau Wai-keung", "Alan Mak Siu-fai"); most other
# festivals print the first two only.
_CHINESE_GIVEN_NAME = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{1,5}")


@lru_cache(maxsize=65_536)
def western_form(name: str) -> str | None:
    """ "Andrew Lau" of "Andrew Lau Wai-keung"; None for a name not of that form."""
    words = name.split()
    if len(words) != 3 or not _CHINESE_GIVEN_NAME.fullmatch(words[2]):
        return None
    if "-" in words[0] or "-" in words[1] or not words[0][:1].isupper():
        return None
    return f"{words[0]} {words[1]}"


@lru_cache(maxsize=65_536)  # pairs of names, fewer than pairs of records
def same_person(left: str, right: str) -> bool | None:
    """Whether two spellings name one person (`_same_person`), a Hong Kong credit
    agreeing by its Western form too ("Andrew Lau Wai-keung" / "Andrew Lau")."""
    left_western, right_western = western_form(left), western_form(right)
    if (left_western or right_western) and _same_person(
        left_western or left, right_western or right
    ):
        return True
    return _same_person(left, right)


def _same_person(left: str, right: str) -> bool | None:
    """Whether two spellings name one person: surnames agree (transliteration and
    case endings absorbed) and so do given names where both are spelled out ("Rhys
    Turner" is not "Ruth Turner"). Spellings from two transliteration schemes agree
    by their consonants (`linkage.name_sounds`: "Andrei Swjaginzew" / "Andrey
    Zvyagintsev"; Arabic and Hebrew spellings only so). None when the scripts cannot
    be compared, or an Arabic or Hebrew spelling does not sound alike; a Chinese
    spelling of a foreign name (古斯塔夫·莫勒) is read in pinyin, also only to confirm.
    One spelling is one person in any script (张艺谋 and 张艺谋)."""
    if _one_spelling(left) == _one_spelling(right) != "":
        # In any script: kanji, kana and Hangul names are compared by sound, if at all
        return True
    if is_han_transliteration(left) or is_han_transliteration(right):
        return True if _han_alike(left, right) or _han_alike(right, left) else None
    left_han = is_han_name(left)
    if left_han != is_han_name(right):
        # A Japanese, Korean or Chinese name in Han characters, by its readings: they
        # confirm a name or say nothing (a given name may read otherwise).
        han, other = (left, right) if left_han else (right, left)
        readings = han_name_readings(han)
        return True if any(same_person(reading, other) for reading in readings) else None
    if is_abjad(left) or is_abjad(right):
        if is_syllabic(left) != is_syllabic(right) and not (is_abjad(left) and is_abjad(right)):
            # Kana or Hangul beside Arabic or Hebrew: both spell a foreign name by its
            # sounds (アンドリュー・ラウ / أندرو لاو), compared whole as a syllabary keeps
            # them; they confirm each other or say nothing.
            alike = _whole_name_alike(left, right, _syllabary_or_abjad_forms, onsets=True)
            return True if alike else None
        if not ((_comparable(left) or is_abjad(left)) and (_comparable(right) or is_abjad(right))):
            return None
        return True if _abjad_alike(left, right) else None
    if is_syllabic(left) != is_syllabic(right):
        # Kana and Hangul spell a foreign name by its syllables ("빔 벤더스" for Wim
        # Wenders, "ケン・ローチ" for Ken Loach): they can confirm a name, never deny it.
        lw, rw = _person_words(left), _person_words(right)
        spelled = bool(lw and rw) and _comparable(left) and _comparable(right)
        if spelled and _spelled_alike(left, right, lw, rw):
            return True
        alike = (
            _syllabic_alike(left, right)
            or _syllabic_alike(right, left)
            or _whole_name_alike(left, right, syllabic_forms, onsets=True)
            or _lee_alike(left, right)
            or _lee_alike(right, left)
        )
        return True if alike else None
    if is_syllabic(left) and _is_hangul(left) != _is_hangul(right):
        # Kana and Hangul (both syllabic here) spell one name by its sounds (チャン・フン
        # and 장훈, Jang Hoon): they can confirm each other, never deny.
        return True if _whole_name_alike(left, right, syllabic_forms, onsets=True) else None
    if not (_comparable(left) and _comparable(right)):
        return None
    lw, rw = _person_words(left), _person_words(right)
    if not lw or not rw:
        return None
    other_alphabet = is_cyrillic(left) != is_cyrillic(right)
    # Russian writes a Spanish or Portuguese name by its sound (`spoken_forms`: Хуан,
    # Juan); two Latin spellings are compared as they are written
    forms = spoken_forms if other_alphabet else consonant_forms
    if _spelled_alike(left, right, lw, rw) or _sound_alike(left, right, forms):
        return True
    # Across two alphabets a short surname is spelled as each transliterates it (Poiré,
    # Пуаре): with the given name, its consonants may still tell
    if _hyphen_or_space(left, right):
        return True
    if other_alphabet and _whole_name_alike(left, right, spoken_forms):
        return True
    if other_alphabet and (_east_asian_in_cyrillic(left) or _east_asian_in_cyrillic(right)):
        return None  # Russian spells these by its own systems: it cannot deny a Latin one
    return False


# Russian writes Chinese, Japanese and Korean names by systems of its own (Palladius:
# Чжан Имоу, Цзя Чжанкэ; Polivanov: Хаяо Миядзаки, Ясудзиро Одзу; Kontsevich: Пак Чхан
# Ук), whose letters a Latin spelling's do not follow: these pairs of letters, rare in
# Russian words, tell such a spelling, and so do three words of which the last two are
# a short syllable each (a Korean name: Ким Ки Дук). (An "э" after a consonant, as in
# Чэнь Кайгэ, would tell more of them, but Russian writes English names so too: Дэвид.)
_EAST_ASIAN_CYRILLIC = re.compile(r"чж|цз|дз|чх|кх|тх|пх", re.I)
KOREAN_SYLLABLE_WORD = 4


@lru_cache(maxsize=65_536)
def _east_asian_in_cyrillic(name: str) -> bool:
    if not is_cyrillic(name):
        return False
    if _EAST_ASIAN_CYRILLIC.search(name):
        return True
    words = _sound_words(name)
    return len(words) == 3 and all(len(w) <= KOREAN_SYLLABLE_WORD for w in words[1:])


def _hyphen_or_space(left: str, right: str) -> bool:
    """One double surname written with a hyphen in one name and a space in the other
    ("Lakhdar-Hamina", "Lakhdar Hamina"): the same words, each pair spelled alike."""
    left_parted, right_parted = surname_parted(left), surname_parted(right)
    if (left_parted is None) == (right_parted is None):
        return False
    lw = _person_words(left_parted or left)
    rw = _person_words(right_parted or right)
    return len(lw) == len(rw) and all(_words_agree(a, b) for a, b in zip(lw, rw, strict=True))


def _abjad_alike(left: str, right: str) -> bool:
    """An Arabic or Hebrew spelling and another one of one name, by sound; a surname
    that joins two with a hyphen also as the two words Arabic and Hebrew make of it
    (Mohammed Lakhdar-Hamina / محمد الأخضر حامينا)."""
    if _sound_alike(left, right, spoken_forms) or _whole_name_alike(left, right, spoken_forms):
        return True
    left_parted, right_parted = surname_parted(left), surname_parted(right)
    if left_parted is None and right_parted is None:
        return False
    left, right = left_parted or left, right_parted or right
    return _sound_alike(left, right, spoken_forms) or _whole_name_alike(left, right, spoken_forms)


def _syllabary_or_abjad_forms(word: str) -> frozenset[str]:
    return syllabic_forms(word) if is_syllabic(word) else abjad_syllabic_forms(word)


@lru_cache(maxsize=65_536)
def surname_parted(name: str) -> str | None:
    """A name whose last word joins two with a hyphen, the hyphen made a space
    ("Mohammed Lakhdar Hamina"); None for any other name (a surname alone too)."""
    words = _sound_words(name)
    parts = [part for part in words[-1].split("-") if part] if len(words) > 1 else []
    if len(parts) < 2 or is_abjad(name):
        return None
    return " ".join((*words[:-1], *parts))


@lru_cache(maxsize=65_536)
def _one_spelling(name: str) -> str:
    """The name's letters and digits, case and compatibility forms folded ("是枝 裕和",
    "是枝裕和"); empty for fewer than two, too little to say a name is the same."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalnum())
    return letters if len(letters) >= 2 else ""


# A surname agrees by sound with this many consonant classes ("Lee" / "Li" say too
# little); a given name with this many, or by its initial.
SURNAME_CONSONANTS = 3
GIVEN_NAME_CONSONANTS = 2
# A surname too short to tell alone ("Loach", "Imamura", "Adi") tells with the given
# name beside it, across scripts or alphabets: given name and surname each with a form
# in common, this many classes between them (`_whole_name_alike`; filed so by the key
# functions).
WHOLE_NAME_CONSONANTS = 4


# A Chinese name in pinyin keeps few consonants ("Chen Kaige": "SN" and "K"; "Zhang
# Yimou": "SN" and "M"): beside a kana or Hangul spelling in which both of its names
# agree whole (チェン・カイコー, 장이머우), this many classes between them tell.
PINYIN_NAME_CONSONANTS = 3
_PINYIN_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_PINYIN_FINAL = (
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan"
    "|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u)"
)
_PINYIN_WORD = re.compile(f"(?:{_PINYIN_INITIAL}{_PINYIN_FINAL})+")


@lru_cache(maxsize=65_536)
def is_pinyin_name(name: str) -> bool:
    """Whether a Latin-letter name of two or more words is spelled in pinyin syllables
    throughout ("Zhang Yimou", "Chen Kaige", "Jia Zhang-ke"; not "Bong Joon-ho")."""
    words = _sound_words(name)
    if len(words) < 2 or not all(w.isascii() for w in words):
        return False
    return all(
        _PINYIN_WORD.fullmatch(part.casefold())
        for word in words
        for part in re.split(r"[-']", word)
        if part
    )


# Korean writes a name as one word (장이머우, 천카이거, 봉준호), its family name its
# first syllable as a rule: compared by sound, the word is parted there.
MIN_HANGUL_WHOLE_NAME = 3


def _is_hangul(name: str) -> bool:
    return bool(HANGUL_SYLLABLE.search(name))


@lru_cache(maxsize=65_536)
def syllabic_words(name: str) -> tuple[str, ...]:
    """`_sound_words`, a Hangul name written as one word of three syllables or more
    parted after its first ("장이머우" -> "장", "이머우")."""
    words = _sound_words(name)
    if len(words) == 1 and len(HANGUL_SYLLABLE.findall(words[0])) >= MIN_HANGUL_WHOLE_NAME:
        word = words[0]
        return (word[:1], word[1:]) if HANGUL_SYLLABLE.match(word) else words
    return words


def _whole_name_forms(
    given: frozenset[str], surname: frozenset[str], least: int = WHOLE_NAME_CONSONANTS
) -> Iterator[str]:
    """The `given:surname` keys of a name whose surname files it alone, or whose given
    name and surname together say enough (`least` classes)."""
    for surname_form in surname:
        for given_form in given:
            if len(surname_form) >= SURNAME_CONSONANTS or (
                given_form and len(given_form) + len(surname_form) >= least
            ):
                yield f"{given_form}:{surname_form}"


def _whole_name_alike(
    left: str, right: str, forms: Callable[[str], frozenset[str]], *, onsets: bool = False
) -> bool:
    """Two spellings of a name in two scripts (or alphabets) whose given names and
    surnames both have a form in common (`forms`: consonants, or as a syllabary keeps
    them), of WHOLE_NAME_CONSONANTS classes between them, the right name in either
    order: what confirms "Ken Loach" / "ケン・ローチ" and "Shohei Imamura" / "شوهي
    إيمامورا", whose surnames alone say too little. With `onsets` (a syllabary, which
    writes every syllable's vowel) two words agree only if both open with a vowel or
    both with a consonant (`_onsets_agree`): so few classes match by chance between
    two-syllable given names ("Je-gyu" and ウソク, Woo-suk, are both "SK")."""
    words = syllabic_words if onsets else _sound_words
    lw, rw = words(left), words(right)
    if len(lw) < 2 or len(rw) < 2:
        return False
    # a pinyin name beside a syllabary (`PINYIN_NAME_CONSONANTS`)
    least = (
        PINYIN_NAME_CONSONANTS
        if onsets and (is_pinyin_name(left) or is_pinyin_name(right))
        else WHOLE_NAME_CONSONANTS
    )

    def agreeing(a: str, b: str) -> int:
        if onsets and not _onsets_agree(a, b):
            return 0
        return max((len(form) for form in forms(a) & forms(b)), default=0)

    for given, surname in ((rw[0], rw[-1]), (rw[-1], rw[0])):
        given_classes, surname_classes = agreeing(lw[0], given), agreeing(lw[-1], surname)
        both = min(given_classes, surname_classes) > 0
        if both and given_classes + surname_classes >= least:
            return True
    return False


# The commonest Korean surname, 李 (이), is romanised "Lee", "Yi" or "Rhee" and written
# as a bare vowel in kana and Hangul (イ, 이; リ after North Korean use): no consonant
# to compare, so the given name must tell alone.
_LEE_ROMANISED = frozenset({"lee", "yi", "rhee", "rhie", "ri"})
_LEE_SYLLABIC = frozenset({"イ", "이", "リ"})


_LEE_KEY = "LEE"


def _is_lee(word: str) -> bool:
    return word.casefold() in _LEE_ROMANISED or word in _LEE_SYLLABIC


def _lee_alike(latin: str, syllabic: str) -> bool:
    """A Korean name with that surname in Latin letters and in a syllabary, family name
    first in both, whose given names agree by SURNAME_CONSONANTS classes or more (Lee
    Chang-dong / イ・チャンドン)."""
    lw, sw = _sound_words(latin), syllabic_words(syllabic)
    if len(lw) != 2 or len(sw) != 2:
        return False
    if lw[0].casefold() not in _LEE_ROMANISED or sw[0] not in _LEE_SYLLABIC:
        return False
    common = syllabic_forms(lw[1]) & syllabic_forms(sw[1])
    return max((len(form) for form in common), default=0) >= SURNAME_CONSONANTS


# Letters that open a word as a consonant in one spelling and as a vowel in another:
# a glide or a breath (Wong / ウォン, Yang / 양, Hou / ホウ).
_SOFT_ONSETS = frozenset("why")


def _onsets_agree(left: str, right: str) -> bool:
    """Whether two spellings of a name word both open with a vowel or both with a
    consonant (as romanised; a glide or an "h" on either side agrees with both)."""
    openings = [_opening_letter(left), _opening_letter(right)]
    if "" in openings or any(letter in _SOFT_ONSETS for letter in openings):
        return True
    return (openings[0] in "aeiou") == (openings[1] in "aeiou")


@lru_cache(maxsize=65_536)
def _opening_letter(word: str) -> str:
    folded = anyascii(unicodedata.normalize("NFKC", word)).casefold()
    if is_abjad(word) and folded[:1] in ("'", "`"):
        return "a"  # an alif, aleph or ayin opens the word with its vowel (أندرو, Andrew)
    return next((ch for ch in folded if "a" <= ch <= "z"), "")


@lru_cache(maxsize=65_536)
def _sound_words(name: str) -> tuple[str, ...]:
    return tuple(
        w
        for w in _NAME_SUFFIX.sub("", name).replace("·", " ").replace("・", " ").split()
        if any(c.isalpha() for c in w)
    )


@lru_cache(maxsize=65_536)
def _outer_word_sounds(
    name: str, forms: Callable[[str], frozenset[str]] = consonant_forms
) -> frozenset[str]:
    """The consonant forms (`forms`), long enough for a surname, of a name's first and
    last words: two names with none in common cannot sound alike (most pairs: asked
    first)."""
    words = _sound_words(name)
    if not words:
        return frozenset()
    found = forms(words[-1]) | forms(words[0])
    return frozenset(f for f in found if len(f) >= SURNAME_CONSONANTS)


@lru_cache(maxsize=65_536)
def _opening(word: str) -> frozenset[str]:
    """How the word starts: its first letter, or "vowel" ("Олексій" / "Aleksei"); an
    Arabic or Hebrew spelling either way (its initial vowel may be a letter or none)."""
    folded = ascii_fold(word).lstrip("'")
    if is_abjad(word):
        # a geresh makes a "j" of a gimel or a zayin (ג'מיל, Jamil): see name_sounds
        first = "j" if folded[1:2] == "'" and folded[:1] in "gz" else folded[:1]
        # a yod is the "j" of German, Dutch or Polish names too (יאן, Jan; יוסף, Joseph)
        return frozenset(("vowel", first, "j") if first == "y" else ("vowel", first))
    first = folded[:1]
    found = {"vowel" if first in "aeiouy" else first}
    found.update(sound for spelling, sound in _OPENING_SOUNDS if folded.startswith(spelling))
    return frozenset(found)


# How a name may open besides its first letter, as other scripts and languages write
# that sound: a hard "c" is a "k" (Claude, Клод), a "ch" a "k" or an "sh" (Christian,
# Кристиан; Charles, Шарль), and the "j" of English and French names is Cyrillic "дж"
# or "ж", German "dsch" and French "dj" (Jafar, Dschafar, Джафар; Jean, Жан), as is a
# "g" before "e" or "i" (George, Джордж; Giovanni, Джованни).
_OPENING_SOUNDS = (
    *((f"c{letter}", "k") for letter in "aoulr"),
    ("ch", "k"),
    ("ch", "s"),
    *((spelling, "j") for spelling in ("dzh", "dsch", "dj", "zh", "ge", "gi")),
)


@lru_cache(maxsize=65_536)
def _given_name_forms(word: str) -> frozenset[str]:
    """A given name's consonant forms, a "g" before "e", "i" or "y" read also as the
    "j" of English, French and Italian (George, Джордж; Giovanni, Джованни). Only for
    given names, which must also open alike: in surnames it would join Geller and
    Seller."""
    forms = consonant_forms(word)
    folded = ascii_fold(word)
    softened = _SOFT_G.sub("dzh", folded)
    return forms | consonant_forms(softened) if softened != folded else forms


_SOFT_G = re.compile(r"g(?=[eiy])")


def _given_sounds_alike(left: str, right: str) -> bool:
    common = _given_name_forms(left) & _given_name_forms(right)
    return any(len(form) >= GIVEN_NAME_CONSONANTS for form in common)


def _sound_alike(
    left: str, right: str, forms: Callable[[str], frozenset[str]] = consonant_forms
) -> bool:
    """Surnames with a consonant form in common (`forms`), and given names too (or
    initials)."""
    if not _outer_word_sounds(left, forms) & _outer_word_sounds(right, forms):
        return False
    lw, rw = _sound_words(left), _sound_words(right)
    if not lw or not rw:
        return False

    def given(a: str, b: str) -> bool:
        if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
            return ascii_fold(a)[:1] == ascii_fold(b)[:1]
        # Given names are short and share their consonants easily ("Lucy" / "Alice",
        # "Ivan" / "Fiona", "Jan" / "Zuzana"): they must also start alike.
        return bool(_opening(a) & _opening(b)) and _given_sounds_alike(a, b)

    if len(lw) == 1 or len(rw) == 1:
        single, other = (lw, rw) if len(lw) == 1 else (rw, lw)
        return any(
            sound_alike(single[0], word, SURNAME_CONSONANTS, forms)
            for word in (other[-1], other[0])
        )
    if sound_alike(lw[-1], rw[-1], SURNAME_CONSONANTS, forms) and given(lw[0], rw[0]):
        return True
    # Family name first on one side only.
    return sound_alike(lw[-1], rw[0], SURNAME_CONSONANTS, forms) and given(lw[0], rw[-1])


def _han_alike(left: str, right: str) -> bool:
    """`name_sounds.han_alike` of a Chinese spelling (left) and another name: Chinese
    too, Arabic or Hebrew, or alphabetic (kana and Hangul spellings are not compared)."""
    if not is_han_transliteration(left):
        return False
    if is_han_transliteration(right):
        return han_alike(left, tuple(han_name_words(right)), other_is_han=True)
    if is_abjad(right):
        return han_alike(left, _sound_words(right), other_is_abjad=True)
    if not _comparable(right) or is_syllabic(right):
        return False
    return han_alike(left, _han_words(right))


# Particles that Chinese spells as one name with the word after them (德西卡, De Sica).
_NAME_PARTICLES = frozenset({"de", "di", "da", "del", "della", "van", "von", "le", "la", "du"})


@lru_cache(maxsize=65_536)
def _han_words(name: str) -> tuple[str, ...]:
    """An alphabetic name's words as Chinese parts them: a particle with the next word."""
    words: list[str] = []
    for word in _sound_words(name):
        if words and words[-1].casefold() in _NAME_PARTICLES:
            words[-1] += word
        else:
            words.append(word)
    return tuple(words)


def _syllabic_alike(left: str, right: str) -> bool:
    """A kana or Hangul spelling and an alphabetic one of one name (`syllabic_forms`):
    surnames with a form of at least SURNAME_CONSONANTS classes in common, and given
    names with one in common, the left name in either order (asked both ways round)."""
    lw, rw = _sound_words(left), _sound_words(right)
    if len(lw) < 2 or len(rw) < 2:
        return False  # a one-word name in a syllabary is most often a native name

    def alike(a: str, b: str, least: int) -> bool:
        return any(len(f) >= least for f in syllabic_forms(a) & syllabic_forms(b))

    # The left name in either order (a family name first in one script only).
    return any(
        alike(surname, rw[-1], SURNAME_CONSONANTS) and alike(given, rw[0], 1)
        for surname, given in ((lw[-1], lw[0]), (lw[0], lw[-1]))
    )


def _spelled_alike(left: str, right: str, lw: tuple[str, ...], rw: tuple[str, ...]) -> bool:
    """`same_person` by the spelling skeletons of two comparable names."""
    if len(lw) == 1 or len(rw) == 1:
        # A surname alone, or a name written as one word (Hangul "봉준호"): compare
        # with the other's surname, its family-first surname and its whole name.
        word, other = (lw[0], rw) if len(lw) == 1 else (rw[0], lw)
        wholes = ("".join(other), "".join(reversed(other)))
        # A word half as long again as a part of the other name holds more than that
        # part: a whole name written as one word ("장이머우", Zhang Yimou, is not "Jan
        # Komasa" for opening with his given name), which only the whole may match.
        parts = [part for part in (other[-1], other[0]) if 2 * len(word) <= 3 * len(part)]
        return any(_words_agree(word, form) for form in (*parts, *wholes))
    if _words_agree(lw[-1], rw[-1]) and _given_names_agree(lw[0], rw[0]):
        return True
    # The swap is looked for in the letters as typed: skeletons fold doubled letters,
    # so "Ozawa" / "Ozwaa" differ there by more than a swap.
    typed_left, typed_right = _typed_surname(left), _typed_surname(right)
    if _swapped_letters(typed_left, typed_right) and _given_names_agree(lw[0], rw[0]):
        return True
    # Family name first on one side only ("Zhang Yimou" / "Yimou Zhang").
    return _words_agree(lw[-1], rw[0]) and _given_names_agree(lw[0], rw[-1])


def title_similarity(left_key: str | None, right_key: str | None) -> float | None:
    """0..1 similarity of two folded titles (`fold_title`), None if either is missing:
    spelling variants and transliterations score high, translations low."""
    if not left_key or not right_key:
        return None
    return round(fuzz.ratio(left_key, right_key) / 100.0, 3)


# A sequel's number: digits, or a Roman numeral standing alone ("Part II", "Rocky IV").
# It may follow Han characters, kana or Hangul, which a title writes without spaces
# (無間道II, Infernal Affairs II), but not precede them: there it counts something
# (200歳, two hundred years old).
_ALPHABET_LETTER = r"A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f"
_TITLE_NUMBER = re.compile(rf"(?<![{_ALPHABET_LETTER}])(\d{{1,3}}|[IVX]{{1,4}})(?![\w])")
_ROMAN = {"I": 1, "V": 5, "X": 10}


@lru_cache(maxsize=65_536)
def _title_numbers(title: str) -> frozenset[int]:
    numbers = set()
    stripped = strip_rating(title)
    for found in _TITLE_NUMBER.finditer(stripped):
        token = found.group(1)
        if token.isdigit():
            # a date's day ("22 de Julho", "17 octobre 1961") numbers no sequel
            before, after = stripped[: found.start()], stripped[found.end() :]
            if not is_day_of_month(int(token), before, after):
                numbers.add(int(token))
        elif token != "I":  # "I" is a pronoun far more often than a numeral
            values = [_ROMAN[ch] for ch in token]
            numbers.add(
                sum(
                    -v if i + 1 < len(values) and v < values[i + 1] else v
                    for i, v in enumerate(values)
                )
            )
    return frozenset(numbers)


def title_numbers_differ(left: str | None, right: str | None) -> bool | None:
    """True when two titles carry different numbers, or only one carries one
    ("Infernal Affairs" / "Infernal Affairs II"): a sequel, not a spelling. None
    when either title is missing."""
    if not left or not right:
        return None
    return _title_numbers(left) != _title_numbers(right)


def titles_numbered_apart(left: str | None, right: str | None) -> bool:
    """Both titles carry numbers, and not the same ones: two parts of a series."""
    if not left or not right:
        return False
    left_numbers, right_numbers = _title_numbers(left), _title_numbers(right)
    return bool(left_numbers and right_numbers and left_numbers != right_numbers)


def years_compatible(left: int | None, right: int | None, tolerance: int = 1) -> bool | None:
    """True within `tolerance` years (festival year vs production year), False
    outside it, None if either is unknown."""
    if left is None or right is None:
        return None
    return abs(left - right) <= tolerance
