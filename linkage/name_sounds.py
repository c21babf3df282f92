"""A name word's consonants, by sound class: what stays when a name crosses scripts.

Transliteration schemes disagree mostly on vowels and on how to spell one sound
(Zvyagintsev, Swjaginzew, Zviaguintsev; Dovzhenko, Dowschenko, Dovjenko; Sokurov and
the Arabic سوكوروف, which writes no short vowels). Their consonants, folded into
classes of sounds that schemes swap (s/z/sh/zh/ts/tsch, v/w/f, b/p, k/q/ck), mostly
agree: "SVGNSV" for all three spellings of Zvyagintsev. Letters that are a vowel in
one scheme and a consonant in another give more than one form: English and French
"j" is a hiss in "Dovjenko" and nothing in German "Swjaginzew"; "ch" is "sh" in
French and "k" in Italian; in Arabic and Hebrew "w", "v" and "y" are mostly vowels.

Pure functions; `linkage.keys.same_person` uses them beside its spelling rules.
"""

import re
import unicodedata
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
# In Arabic and Hebrew spellings these letters are mostly long vowels (waw, yod).
_ABJAD_VOWELS = frozenset("wvy")
_ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")
# Russian writes a foreign "h" as "г" (Голланд for Holland, Гитлер), as it writes "g".
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# More forms than this (a word full of ambiguous letters) are not worth comparing.
MAX_FORMS = 16
_DOUBLED = re.compile(r"(.)\1+")


def is_abjad(word: str) -> bool:
    """Whether the word is written in Arabic or Hebrew letters."""
    return bool(_ABJAD.search(word))


@lru_cache(maxsize=65_536)
def consonant_forms(word: str) -> frozenset[str]:
    """The consonant skeletons a name word can have ("Swjaginzew" -> {"SVGNSV"});
    empty for a word with no letters or too many readings."""
    abjad = is_abjad(word)
    cyrillic = bool(_CYRILLIC.search(word))
    folded = anyascii(unicodedata.normalize("NFKC", word)).casefold()
    letters = "".join(ch for ch in folded if "a" <= ch <= "z")
    choices: list[tuple[str, ...]] = []
    position = 0
    while position < len(letters):
        spelled = next(
            (
                (spelling, classes)
                for spelling, classes in _SPELLINGS
                if letters.startswith(spelling, position)
            ),
            None,
        )
        if spelled is not None:
            choices.append(spelled[1])
            position += len(spelled[0])
            continue
        letter = letters[position]
        position += 1
        sounds = _letter_sounds(letter, abjad=abjad, cyrillic=cyrillic)
        if sounds is not None:  # vowels have none
            choices.append(sounds)
    count = 1
    for classes in choices:
        count *= len(classes)
    if not choices or count > MAX_FORMS:
        return frozenset()
    return frozenset(_DOUBLED.sub(r"\1", "".join(parts)) for parts in product(*choices))


_SYLLABARY = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\uac00-\ud7af\u1100-\u11ff]")
# A syllabary spells a foreign name by syllables: no "l" (Japanese), no "v", "w" or "f"
# apart from "b"/"p" (Korean), and an "r" before a consonant or at the end left out
# (Kreutzer: 크로이처, Singer: シンガー). Compared that way, these classes are one.
_SYLLABIC_MERGES = str.maketrans({"L": "R", "V": "B"})


def is_syllabic(word: str) -> bool:
    """Whether the word is written in kana or Hangul."""
    return bool(_SYLLABARY.search(word))


@lru_cache(maxsize=65_536)
def syllabic_forms(word: str) -> frozenset[str]:
    """The consonant forms of a name word as a syllabary would keep them, to compare a
    kana or Hangul spelling with a Latin or Cyrillic one ("Wenders" and "벤더스" both
    "BNDS"; "Kaurismäki" and "カウリスマキ" both "KRSMK")."""
    folded = anyascii(unicodedata.normalize("NFKC", word)).casefold()
    letters = "".join(ch for ch in folded if "a" <= ch <= "z")
    if is_syllabic(word):
        # a small "tsu" doubles the next consonant, and comes out as a "t" before it
        letters = re.sub(r"t(?=[^aeiouy])", "", letters)
    else:
        letters = re.sub(r"r(?![aeiouy])", "", letters)
    return frozenset(f.translate(_SYLLABIC_MERGES) for f in consonant_forms(letters))


def _letter_sounds(letter: str, *, abjad: bool, cyrillic: bool) -> tuple[str, ...] | None:
    if abjad and letter in _ABJAD_VOWELS:
        return None
    if cyrillic and letter == "g":
        return ("G", "H")
    if abjad and letter == "h":
        return ("",)  # a word's final "h" often only marks a vowel
    return _LETTERS.get(letter)


def sound_alike(left: str, right: str, min_consonants: int) -> bool:
    """Whether two name words can be one name: a consonant form in common, of at
    least `min_consonants` classes (fewer say too little: "Lee" / "Li" / "Le")."""
    common = consonant_forms(left) & consonant_forms(right)
    return any(len(form) >= min_consonants for form in common)
