"""A name word's consonants, by sound class: what stays when a name crosses scripts.

Transliteration schemes disagree mostly on vowels and on how to spell one sound
(Zvyagintsev, Swjaginzew, Zviaguintsev; Dovzhenko, Dowschenko, Dovjenko; Sokurov and
the Arabic سوكوروف, which writes no short vowels). Their consonants, folded into
classes of sounds that schemes swap (s/z/sh/zh/ts/tsch, v/w/f, b/p, k/q/ck), mostly
agree: "SVGNSV" for all three spellings of Zvyagintsev. Letters that are a vowel in
one scheme and a consonant in another give more than one form: English and French
"j" is a hiss in "Dovjenko" and nothing in German "Swjaginzew"; "ch" is "sh" in
French and "k" in Italian; in Arabic and Hebrew "w", "v" and "y" are mostly vowels.

Chinese spells a foreign name by the syllables it sounds like (古斯塔夫·莫勒, Gustav
Möller); read in pinyin and compared by the few consonants Chinese keeps, such a
spelling and an alphabetic one agree as "KSTV" and "ML" (`han_alike`).

Pure functions; `linkage.keys.same_person` uses them beside its spelling rules.
"""

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import product

from anyascii import anyascii

# Multi-letter spellings of one sound, longest first; each maps to its classes.
_SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("S",)),
    ("tsch", ("S",)),
    ("dsch", ("S",)),
    ("dzh", ("S",)),
    ("sch", ("S",)),
    ("tch", ("S",)),
    ("ch", ("S", "K")),  # French/English "sh"/"tsh", German/Italian "k"
    ("sh", ("S",)),
    ("zh", ("S",)),
    ("sz", ("S",)),
    ("cz", ("S",)),
    ("dz", ("S",)),
    ("dj", ("S",)),
    ("ts", ("S",)),
    ("tz", ("S",)),
    ("kh", ("K",)),
    ("gh", ("G",)),
    ("ph", ("V",)),
    ("th", ("T",)),
    ("ck", ("K",)),
    ("qu", ("K",)),
)
# Spellings of Spanish, Portuguese and Italian names that other scripts write by their
# sound: Spanish "ll" is a "y" (Llosa: يوسا, יוסה), Portuguese "lh" and "nh" one sound
# each (Filho: Филью, فيليو), and "g" before e or i the Spanish "j" (Jorge: خورخي,
# Sergio: Серхио) or the Italian hiss (Giuseppe: جوزيبي). Latin letters only: the same
# letters romanised from Cyrillic (Гена) or Hebrew are no such spelling.
_LATIN_SPELLINGS = (
    *_SPELLINGS,
    ("ll", ("L", "")),
    ("lh", ("L",)),
    ("nh", ("N",)),
    ("ge", ("G", "K", "S")),
    ("gi", ("G", "K", "S")),
)
_LETTERS: dict[str, tuple[str, ...]] = {
    "b": ("B",),
    "p": ("B",),  # Arabic writes no "p"
    "c": ("K", "S"),
    "d": ("D",),
    "f": ("V",),
    "g": ("G",),
    "h": ("H",),
    "j": ("", "S"),  # German/Polish "y"; English/French hiss
    "k": ("K",),
    "l": ("L",),
    "m": ("M",),
    "n": ("N",),
    "q": ("K",),
    "r": ("R",),
    "s": ("S",),
    "t": ("T",),
    "v": ("V",),
    "w": ("V",),
    "x": ("KS",),
    "z": ("S",),
}
# Latin letters that other scripts write as Spanish says them: "j" as a "kh" (Juan:
# خوان, חואן, Хуан), "v" as a "b" (Almodóvar: ألمودوبار, אלמודובר).
_LATIN_LETTERS: dict[str, tuple[str, ...]] = {"j": ("", "S", "K"), "v": ("V", "B")}
# Hebrew's bet and pe come out of romanising as "v" and "f", but are a "b" and a "p"
# as often (בוניואל, Buñuel; פדרו, Pedro): told from vav's "v" before romanising. Het
# comes out as an "h" and is as often the "kh" of a Spanish "j" (חואן, Juan): told
# from he's "h", which may only mark a vowel.
_HEBREW_LETTERS = str.maketrans({"ב": "b", "פ": "p", "ח": "x"})
# In Arabic and Hebrew spellings these letters are mostly long vowels (waw, yod).
_ABJAD_VOWELS = frozenset("wvy")
_ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")
_HEBREW = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")
# Russian writes a foreign "h" as "г" (Голланд for Holland, Гитлер), as it writes "g".
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# More forms than this (a word full of ambiguous letters) are not worth comparing. An
# Arabic or Hebrew word may have more: its waws, vavs, bets and pes each read two ways
# (ג'ודורובסקי, Jodorowsky, has 32). Latin names are held to 16: at 64 for them too,
# linking the 12,000-film replica took a third more CPU, for names no script confuses.
MAX_FORMS = 16
MAX_ABJAD_FORMS = 64
_DOUBLED = re.compile(r"(.)\1+")


def is_cyrillic(word: str) -> bool:
    """Whether the word is written in Cyrillic letters."""
    return bool(_CYRILLIC.search(word))


def is_abjad(word: str) -> bool:
    """Whether the word is written in Arabic or Hebrew letters."""
    return bool(_ABJAD.search(word))


@lru_cache(maxsize=65_536)
def consonant_forms(word: str) -> frozenset[str]:
    """The consonant skeletons a name word can have ("Swjaginzew" -> {"SVGNSV"});
    empty for a word with no letters or too many readings."""
    abjad = is_abjad(word)
    cyrillic = is_cyrillic(word)
    hebrew = bool(_HEBREW.search(word))
    return _joined_forms(
        _sound_choices(
            _folded_letters(word.translate(_HEBREW_LETTERS) if hebrew else word),
            _SPELLINGS,
            lambda letter: _letter_sounds(letter, abjad=abjad, cyrillic=cyrillic, hebrew=hebrew),
        ),
        MAX_ABJAD_FORMS if abjad else MAX_FORMS,
    )


@lru_cache(maxsize=65_536)
def spoken_forms(word: str) -> frozenset[str]:
    """`consonant_forms`, and for a word in Latin letters also the forms of its
    Spanish, Portuguese and Italian readings (`_LATIN_SPELLINGS`, `_LATIN_LETTERS`):
    how Arabic, Hebrew and Russian write such a name, by its sound ("Juan" also "KN",
    as خوان, חואן and Хуан). Only to compare a Latin spelling with one in those
    scripts: between two Latin spellings, or beside kana, Hangul or Chinese, these
    readings would join names that no script confuses."""
    forms = consonant_forms(word)
    if is_abjad(word) or is_cyrillic(word):
        return forms
    spoken = _joined_forms(
        _sound_choices(
            _folded_letters(word),
            _LATIN_SPELLINGS,
            lambda letter: _LATIN_LETTERS.get(letter) or _LETTERS.get(letter),
        )
    )
    return forms | spoken


def _folded_letters(word: str) -> str:
    """The word's letters romanised, lower case, a-z only."""
    folded = anyascii(unicodedata.normalize("NFKC", word)).casefold()
    if is_abjad(word):
        # Hebrew marks the sounds it lacks with a geresh: ג' for "j" (מג'יד, Majid),
        # ז' for the "j" of French and Portuguese
        folded = folded.replace("g'", "j").replace("z'", "j")
    return "".join(ch for ch in folded if "a" <= ch <= "z")


def _sound_choices(
    letters: str,
    spellings: tuple[tuple[str, tuple[str, ...]], ...],
    letter_sounds: Callable[[str], tuple[str, ...] | None],
) -> list[tuple[str, ...]]:
    """The classes each sound of `letters` may be: a multi-letter spelling of one sound
    (longest first), else the letter's own (none for a vowel)."""
    choices: list[tuple[str, ...]] = []
    position = 0
    while position < len(letters):
        spelled = next(
            (
                (spelling, classes)
                for spelling, classes in spellings
                if letters.startswith(spelling, position)
            ),
            None,
        )
        if spelled is not None:
            choices.append(spelled[1])
            position += len(spelled[0])
            continue
        sounds = letter_sounds(letters[position])
        position += 1
        if sounds is not None:
            choices.append(sounds)
    return choices


def _joined_forms(choices: list[tuple[str, ...]], limit: int = MAX_FORMS) -> frozenset[str]:
    """Every form the choices of classes spell, doubled classes as one; none when
    there are no choices or more than `limit` forms."""
    count = 1
    for classes in choices:
        count *= len(classes)
    if not choices or count > limit:
        return frozenset()
    return frozenset(_DOUBLED.sub(r"\1", "".join(parts)) for parts in product(*choices))


_SYLLABARY = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\uac00-\ud7af\u1100-\u11ff]")
# A syllabary spells a foreign name by syllables: no "l" (Japanese), no "v", "w" or "f"
# apart from "b"/"p" (Korean), and an "r" before a consonant or at the end left out
# (Kreutzer: 크로이처, Singer: シンガー). Korean writes a Japanese name's voiceless
# stops with its plain letters, romanised "g" and "d" (Kitano: 기타노, Tanaka: 다나카),
# and Japanese a Chinese name's unaspirated "g" with "k" (Kaige: カイコー). Compared
# that way, these classes are one.
# Hangul syllables (keys.syllabic_words parts a one-word Hangul name by them)
HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7af]")
_SYLLABIC_MERGES = str.maketrans({"L": "R", "V": "B", "G": "K", "D": "T"})


def is_syllabic(word: str) -> bool:
    """Whether the word is written in kana or Hangul."""
    return bool(_SYLLABARY.search(word))


@lru_cache(maxsize=65_536)
def syllabic_forms(word: str) -> frozenset[str]:
    """The consonant forms of a name word as a syllabary would keep them, to compare a
    kana or Hangul spelling with a Latin or Cyrillic one ("Wenders" and "벤더스" both
    "BNDS"; "Kaurismäki" and "カウリスマキ" both "KRSMK")."""
    normal = unicodedata.normalize("NFKC", word)
    # Hangul romanised a syllable at a time, parted as a romanised Korean name is
    # ("상수" as "sang-su", Sang-soo), so that a syllable's final "ng" is read as below.
    folded = (
        "-".join(anyascii(ch) for ch in normal)
        if HANGUL_SYLLABLE.search(normal)
        else anyascii(normal)
    )
    folded = folded.casefold()
    # Kana end a syllable with one nasal (ン) for "n" and "ng" alike (Jang: チャン), at
    # the end of a word or of a syllable a hyphen parts (Sang-soo: サンス).
    folded = re.sub(r"ng(?![a-z])", "n", folded)
    syllabic = is_syllabic(word)
    variants = [folded]
    if syllabic:
        # Kana write "hu" as "fu" (Hoon: フン): before a consonant or at the end, fu may
        # be either (before a small vowel, フェ, it is an "f")
        variants.append(re.sub(r"fu(?![aeio])", "hu", folded))
        # Hangul ends a syllable's "t" with ㅅ, romanised "s" (Scott: 스콧, Lumet: 루멧)
        variants += [re.sub(r"s(?![a-z])", "t", variant) for variant in variants]
    else:
        # a romanised syllable's glide, which a syllabary may write as a vowel: "w"
        # after a consonant or opening a syllable past a hyphen (Kwak: クァク,
        # Chan-wook: チャヌク). (An "h" opening such a syllable, Joon-ho: ジュノ, was
        # tried too: it made Bong Joon-ho / チャン・フン, Jang Hoon, alike.)
        variants.append(re.sub(r"(?<=[bcdfgjklmnpqrstvxz-])w", "", folded))
    forms: set[str] = set()
    for variant in dict.fromkeys(variants):
        letters = "".join(ch for ch in variant if "a" <= ch <= "z")
        if syllabic:
            # a small "tsu" doubles the next consonant, and comes out as a "t" before it
            letters = re.sub(r"t(?=[^aeiouy])", "", letters)
        else:
            letters = re.sub(r"r(?![aeiouy])", "", letters)
        forms.update(
            _DOUBLED.sub(r"\1", f.translate(_SYLLABIC_MERGES)) for f in consonant_forms(letters)
        )
    return frozenset(forms)


@lru_cache(maxsize=65_536)
def abjad_syllabic_forms(word: str) -> frozenset[str]:
    """The consonant forms of an Arabic or Hebrew name word as a syllabary keeps them
    (`syllabic_forms`' merges), to compare it with a kana or Hangul spelling of the same
    foreign name (أندرو / アンドリュー, "NTR")."""
    # A syllabary leaves out an "r" before a consonant or at the end (Wenders: 벤더스),
    # which these scripts write; without vowels, where it stood is not told: every
    # form also without its "r"s, or its last (an "r", not an "l" merged with it).
    # An English "th" is an "s" in a syllabary (Kathryn: キャスリン) and ث in Arabic; the
    # "ng" of a syllable's end one nasal (ン) where Arabic and Hebrew write نغ, נג.
    spellings = {word, word.replace("ث", "س"), word.replace("نغ", "ن").replace("נג", "נ")}
    forms: set[str] = set()
    for form in (f for spelling in spellings for f in consonant_forms(spelling)):
        for variant in (form, form.replace("R", ""), form[:-1] if form.endswith("R") else form):
            merged = _DOUBLED.sub(r"\1", variant.translate(_SYLLABIC_MERGES))
            if merged:
                forms.add(merged)
    return frozenset(forms)


def _letter_sounds(
    letter: str, *, abjad: bool, cyrillic: bool, hebrew: bool = False
) -> tuple[str, ...] | None:
    if hebrew and letter in "bp":
        return ("B", "V")  # bet and pe (`_HEBREW_LETTERS`)
    if hebrew and letter == "x":
        return ("H", "K")  # het
    if abjad and letter in _ABJAD_VOWELS:
        # waw and vav are long vowels, or the "w" or "v" of a name (مروان, Marwan)
        return ("", "V") if letter in "wv" else None
    if cyrillic and letter == "g":
        return ("G", "H")
    if abjad and letter == "h":
        # an "h" may only mark a vowel (ياسمينة, Yasmina), or be a consonant, inside a
        # word (حامد, Hamed) as at its end (صلاح, Salah): one letter in Latin for ح, ه
        # and ة alike
        return ("", "H")
    return _LETTERS.get(letter)


def sound_alike(
    left: str,
    right: str,
    min_consonants: int,
    forms: Callable[[str], frozenset[str]] = consonant_forms,
) -> bool:
    """Whether two name words can be one name: a consonant form in common, of at
    least `min_consonants` classes (fewer say too little: "Lee" / "Li" / "Le")."""
    common = forms(left) & forms(right)
    return any(len(form) >= min_consonants for form in common)


# ---- Chinese spellings of foreign names ------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese writes a foreign name syllable by syllable and parts its names with a middle
# dot (古斯塔夫·莫勒 for Gustav Möller); a Chinese, Japanese or Korean name has none.
# The dots that part the names of a Chinese spelling of a foreign name.
NAME_DOT_CHARACTERS = "·・•‧"
_NAME_DOTS = re.compile(f"[{NAME_DOT_CHARACTERS}]")
_PINYIN_SYLLABLE = re.compile(r"[A-Z][a-z]*")
# The sound classes a pinyin initial renders in a foreign name. Chinese has no voiced
# stops, so "d"/"t", "g"/"k" and "b"/"p" each render both (唐 tang for "Don"); "f" and
# "w" render "v" (夫 fu in Gustav, 瓦 wa in Livaneli); "j" and "q" render "k" as well
# as "ch" (基 ji in Labaki); "l" renders "l" and an "r" before a vowel, "r" those and
# a French "j".
_PINYIN_INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zh", ("S",)),
    ("ch", ("S",)),
    ("sh", ("S",)),
    ("b", ("B",)),
    ("p", ("B",)),
    ("m", ("M",)),
    ("f", ("V",)),
    ("w", ("V",)),
    ("d", ("T",)),
    ("t", ("T",)),
    ("n", ("N",)),
    ("l", ("L",)),
    ("r", ("L", "S")),  # 罗 luo for "ro", 让 rang for French "Jean"
    ("g", ("K",)),
    ("k", ("K",)),
    ("h", ("H",)),
    ("j", ("K", "S")),
    ("q", ("K", "S")),
    ("x", ("S",)),
    ("z", ("S",)),
    ("c", ("S",)),
    ("s", ("S",)),
    ("y", ("",)),
)
# An alphabetic spelling's classes beside Chinese: voiced and voiceless stops are one
# (b and p are one class already).
_HAN_MERGES = str.maketrans({"D": "T", "G": "K"})
# Classes that surname and given name must have in common in all: Chinese keeps few
# consonants of a name, and a short name's forms are shared by many.
HAN_NAME_CLASSES = 5


def is_han_transliteration(name: str) -> bool:
    """Whether the name is a foreign name spelled in Chinese characters (with the
    middle dot that parts its names)."""
    return bool(_HAN.search(name)) and bool(_NAME_DOTS.search(name))


def han_name_words(name: str) -> list[str]:
    """The names of a Chinese spelling of a foreign name, as the dots part them."""
    return [part for part in _NAME_DOTS.split(name) if _HAN.search(part)]


@lru_cache(maxsize=65_536)
def han_forms(word: str) -> frozenset[str]:
    """The consonant forms of one name of a Chinese spelling, read syllable by syllable
    in pinyin ("古斯塔夫" -> {"KSTV"}; "马尔万" -> {"MVN"}): each syllable's initial, and
    "N" for a nasal ending (丁 ding for "tin"). The syllable 尔/儿 ("er") is left out: it
    renders an "r" or "l" that ends a syllable (Marwan, Zülfü), which `alphabetic_han_forms`
    leaves out on the other side."""
    choices: list[tuple[str, ...]] = []
    for syllable in _PINYIN_SYLLABLE.findall(anyascii(word)):
        lowered = syllable.lower()
        if lowered == "er":
            continue
        initial = next((c for p, c in _PINYIN_INITIALS if lowered.startswith(p)), None)
        if initial is not None:
            choices.append(initial)
        if lowered.endswith("n") or lowered.endswith("ng"):
            choices.append(("N",))
    return _joined_forms(choices)


@lru_cache(maxsize=65_536)
def alphabetic_han_forms(word: str) -> frozenset[str]:
    """The consonant forms of an alphabetic name word as Chinese would keep them: an
    "r" or "l" before a vowel is an "l" (拉, 罗), one before a consonant or at the end
    is left out, and so is a final "gh"; voiced and voiceless stops are one ("Möller"
    -> {"ML"}). Chinese spells a name as it sounds, so a few letters have a second
    reading: a "gh" inside a word may be an "h" (Asghar: 阿斯哈), a "j" an "h" (Spanish
    Javier: 哈维尔), and final consonants may be silent (French Dumont: 杜蒙)."""
    folded = anyascii(unicodedata.normalize("NFKC", word)).casefold()
    letters = "".join(ch for ch in folded if "a" <= ch <= "z")
    letters = letters.removesuffix("gh")  # silent at the end (McDonagh, Leigh)
    letters = re.sub(r"[rl]+(?![aeiouy])", "", letters)
    letters = re.sub(r"[rl]+", "l", letters)
    # "eh", not "h": a vowel keeps the "h" from making a digraph with the letter before
    readings = {letters, letters.replace("gh", "eh"), letters.replace("j", "h")}
    readings |= {re.sub(r"[stdx]+$", "", reading) for reading in readings}
    return frozenset(
        f.translate(_HAN_MERGES) for reading in readings for f in consonant_forms(reading) if f
    )


# An Arabic or Hebrew spelling beside a Chinese one: Arabic and Hebrew write no short
# vowels, so an "r" or "l" may end a syllable (Marwan: مروان, where Chinese skips it: 马尔万)
# or open one (Labaki: لبكي, 拉巴基); waw and vav may be a "w"/"v" or a vowel, and an "h"
# a consonant or a vowel's mark (see `_letter_sounds`); yod and ya are vowels, as a
# pinyin "y" is. Each such letter reads both ways.
_ABJAD_HAN_LETTERS: dict[str, tuple[str, ...]] = {
    "r": ("", "L"),
    "l": ("", "L"),
    "w": ("", "V"),
    "v": ("", "V"),
    "h": ("", "H"),
}

_HEBREW_HAN_LETTERS: dict[str, tuple[str, ...]] = {"v": ("", "V", "B"), "f": ("V", "B")}


@lru_cache(maxsize=65_536)
def abjad_han_forms(word: str) -> frozenset[str]:
    """The consonant forms of an Arabic or Hebrew name word as Chinese would keep them
    ("مروان" -> {"MN", "MLN", "MVN", "MLVN"}: 马尔万 reads "MVN"), to compare the two
    spellings of a foreign name that neither writes in Latin letters."""
    # Hebrew's bet and pe come out as "v" and "f" (ב, פ) but are a "b" and a "p" as often
    hebrew = bool(_HEBREW.search(word))

    def letter_sounds(letter: str) -> tuple[str, ...] | None:
        sounds = (hebrew and _HEBREW_HAN_LETTERS.get(letter)) or (
            _ABJAD_HAN_LETTERS.get(letter) or _LETTERS.get(letter)
        )
        return None if sounds is None else _han_merged(sounds)  # alif, ya, yod: none

    spellings = tuple(
        (spelling, _han_merged(classes))
        for spelling, classes in _SPELLINGS
        if spelling != "ch"  # no Arabic or Hebrew letter
    )
    return _joined_forms(_sound_choices(_folded_letters(word), spellings, letter_sounds))


def _han_merged(classes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.translate(_HAN_MERGES) for c in classes)


def han_alike(
    han_name: str,
    other_words: tuple[str, ...],
    other_is_han: bool = False,
    other_is_abjad: bool = False,
) -> bool:
    """Whether a Chinese spelling of a foreign name and another spelling (alphabetic;
    Chinese with `other_is_han`; Arabic or Hebrew with `other_is_abjad`: 马尔万·哈米德 /
    مروان حامد) can be one name: surnames with a form of at least two classes in common
    (Chinese keeps few: 莫勒 / Möller, "ML"), given names with one of at least one, and
    five classes in all (肯·洛奇 / Ken Loach, "KN" and "LK", says too little: Ken Russell
    reads "KN" and "LS" too). The other name in either order (a family name first)."""
    words = han_name_words(han_name)
    if len(words) < 2 or len(other_words) < 2:
        return False
    read = alphabetic_han_forms
    if other_is_han or other_is_abjad:
        read = han_forms if other_is_han else abjad_han_forms

    def longest_common(han_word: str, other_word: str) -> int:
        return max((len(f) for f in han_forms(han_word) & read(other_word)), default=0)

    surname, given = words[-1], words[0]
    first, last = other_words[0], other_words[-1]
    for other_surname, other_given in ((last, first), (first, last)):
        surnames = longest_common(surname, other_surname)
        if surnames < 2:
            continue
        givens = longest_common(given, other_given)
        if givens >= 1 and surnames + givens >= HAN_NAME_CLASSES:
            return True
    return False
