"""Whole names of people in texts written in kana, Hangul, Chinese characters, Arabic
or Hebrew letters, where capitals do not mark a name (`linkage.evidence.proper_names`
finds none there): what a keyless text in those scripts may name a director by.

Only spans that can hold a given name and a surname are taken: a katakana run parted
by a middle dot (ケン・ローチ), a Chinese spelling of a foreign name parted so (保罗·范霍文),
and two Hangul, Arabic or Hebrew words in a row (난니 모레티, مايكل رادفورد). A surname
alone in those scripts is most often some other word. Most spans are not names at
all; they are asked only whether they are one particular director
(`linkage.keys.same_person`, which confirms across scripts or says nothing), so the
extra spans cost comparisons, not links.

Pure functions over one text.
"""

import re
from collections.abc import Callable
from functools import lru_cache

from linkage.name_sounds import NAME_DOT_CHARACTERS, han_name_words

# A katakana name with its parts: a middle dot or a double hyphen parts them.
_KANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fc]+(?:[・･=＝][\u30a1-\u30fa\u30fc]+)+")
_HAN_NAME = re.compile(rf"[\u4e00-\u9fff]+(?:[{NAME_DOT_CHARACTERS}][\u4e00-\u9fff]+)+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Hebrew writes sounds it lacks with a geresh after the letter (ג'עפר, Jafar).
_ABJAD_LETTERS = "\u0590-\u05ff\u0600-\u06ff"
_ABJAD_WORD = re.compile(rf"[{_ABJAD_LETTERS}]+(?:['\u05f3][{_ABJAD_LETTERS}]+)*")
# Korean particles written onto the word before them ("모레티의", "모레티 감독은"),
# longest first.
_HANGUL_PARTICLES = (
    *("에게서", "에게", "으로", "에서"),
    *("의", "은", "는", "이", "가", "을", "를", "과", "와", "도", "로"),
)
# Arabic and Hebrew write "and", "for", "by", "the" onto the word after them ("للمخرج",
# "لداريوش", "ו"): a span is also tried with such a letter taken off its first word.
_ABJAD_PREFIXES = ("ل", "و", "ب", "ו", "ה", "ב", "ל", "ש")
# The longest part of a Chinese spelling of a foreign name looked for in a run of
# characters (Alfredson: 阿尔弗雷德森, six).
HAN_PART = 6
# Most words in a row are not names: a long text would give hundreds of spans.
MAX_SPANS = 200


@lru_cache(maxsize=16_384)
def script_person_names(text: str) -> tuple[str, ...]:
    """The spans of `text` that may be a person's whole name in kana, Chinese,
    Hangul, Arabic or Hebrew script, first seen first, at most MAX_SPANS."""
    found: list[str] = []
    found += _KANA_NAME.findall(text)
    found += [form for span in _HAN_NAME.findall(text) for form in _han_name_forms(span)]
    # A Korean given name may be one syllable (톰 티크베어, Tom Tykwer)
    hangul = [_without_particle(w) for w in _HANGUL_WORD.findall(text)]
    found += _word_pairs(hangul, lambda word: (word,), shortest=1)
    found += _word_pairs(_ABJAD_WORD.findall(text), _with_prefix_off, shortest=2)
    return tuple(dict.fromkeys(found))[:MAX_SPANS]


def _han_name_forms(span: str) -> list[str]:
    """A Chinese text runs a name into the words around it ("导演德尼兹·甘泽·艾尔古文的
    处女作"): the span as found, and with its first part cut to its last one to
    HAN_PART characters and its last part to its first ones."""
    parts = han_name_words(span)
    first, middle, last = parts[0], parts[1:-1], parts[-1]
    heads = {first[-n:] for n in range(1, min(len(first), HAN_PART) + 1)} | {first}
    tails = {last[:n] for n in range(1, min(len(last), HAN_PART) + 1)} | {last}
    return [
        "·".join([head, *middle, tail])
        for head in sorted(heads, key=len, reverse=True)
        for tail in sorted(tails, key=len, reverse=True)
    ]


def _without_particle(word: str) -> str:
    for particle in _HANGUL_PARTICLES:
        if word.endswith(particle) and len(word) > len(particle) + 1:
            return word[: -len(particle)]
    return word


def _with_prefix_off(word: str) -> tuple[str, ...]:
    forms = [word]
    if len(word) > 3 and word.startswith(_ABJAD_PREFIXES):
        forms.append(word[1:])
    return tuple(forms)


def _word_pairs(
    words: list[str], forms: Callable[[str], tuple[str, ...]], *, shortest: int
) -> list[str]:
    """Each two words in a row (as `forms` gives the first), as one name; only words
    of `shortest` letters or more."""
    pairs: list[str] = []
    for first, second in zip(words, words[1:], strict=False):
        if len(first) < shortest or len(second) < shortest:
            continue
        pairs.extend(f"{form} {second}" for form in forms(first))
    return pairs
