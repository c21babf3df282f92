"""How a Japanese, Korean or Chinese name written in Han characters reads in letters.

A festival in Japan prints 北野武, one in Korea 洪常秀, where others print Takeshi
Kitano and Hong Sang-soo; no transliteration relates the characters to the letters
(anyascii reads them in Mandarin: "BeiYeWu"). Their readings do: a Japanese name read
as Japanese (pykakasi, which knows names: 北野 kitano, 武 takeshi), a Korean one read
as Korean (hanja gives the Hangul, 홍상수, which `linkage.keys` compares with letters as
it compares any Hangul spelling), a Chinese one in pinyin (张艺谋, Zhang Yimou). Which
language a name is, and where its family name ends, the characters do not say, so
every reading is offered: family names of one or more characters (Japanese), or of
one (Korean, Chinese). A reading can only confirm a name, never deny it: a given name
may read otherwise (明 is "mei" as well as Akira).

The Japanese and Korean readers are the optional `cjk-names` extra (pykakasi is
GPL-3.0; without them a name is read in pinyin only). They are loaded on the first Han
name, in each process that meets one, and hold about 150 MB (pykakasi ~120, hanja
~30): an archive whose records carry such names links with that much more memory per
linking process; one without them never loads them.
"""

import importlib
import logging
import re
from functools import cache, lru_cache
from typing import Any

from anyascii import anyascii

logger = logging.getLogger(__name__)

# A native Han name: Han characters only (a space at most); a Chinese spelling of a
# foreign name has a middle dot and is read elsewhere (`name_sounds.han_alike`).
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAN_NAME = re.compile(rf"{_HAN}+( {_HAN}+)?")
# Family name and given name together: 2 (金哲) to 5 characters (小津安二郎).
SHORTEST, LONGEST = 2, 5
# The surname 金 reads 김 (Kim); as a word, 금 (gold), which is what hanja gives.
_KOREAN_FAMILY_NAMES = {"金": "김"}


def is_han_name(name: str) -> bool:
    """Whether the name is written in Han characters alone (北野武, 洪 常秀)."""
    return bool(_HAN_NAME.fullmatch(name.strip()))


@lru_cache(maxsize=4_096)
def han_name_readings(name: str) -> tuple[str, ...]:
    """The name's readings as two words: Japanese in Latin letters, given name first,
    for each place the family name may end ("takeshi kitano"), Mandarin in pinyin
    ("yimou zhang") and Korean in Hangul ("홍 상수"); empty for a name that is not a
    Han name of 2-5 characters."""
    if not is_han_name(name):
        return ()
    written = name.strip()
    characters = written.replace(" ", "")
    if not SHORTEST <= len(characters) <= LONGEST:
        return ()
    splits = [written.index(" ")] if " " in written else range(1, len(characters))
    # Given name first: `keys.same_person` compares family names more strictly than
    # given names, and a given name is what may read otherwise (兼人, Kaneto or Kanehito)
    japanese = [f"{_japanese(characters[k:])} {_japanese(characters[:k])}" for k in splits]
    readings = [*japanese, *map(_short_vowels, japanese)]
    readings += [_mandarin(characters), _korean(characters)]
    return tuple(dict.fromkeys(r for r in readings if r.strip()))


def _japanese(characters: str) -> str:
    kakasi = _kakasi()
    if kakasi is None:
        return ""
    return "".join(token["hepburn"] for token in kakasi.convert(characters))


# Names are printed without long vowels: 新藤 is "shindou" to pykakasi, Shindo in print
# (but 井上 is Inoue: both spellings are offered).
_LONG_VOWELS = re.compile(r"(?<=o)[ou]|(?<=u)u")


def _short_vowels(reading: str) -> str:
    return _LONG_VOWELS.sub("", reading)


def _mandarin(characters: str) -> str:
    """Pinyin, given name first and as one word, as Mainland names are printed (张艺谋,
    Yimou Zhang); a Hong Kong or Taiwan spelling (王家卫, Wong Kar-wai) is another
    romanisation, and stays unconfirmed."""
    syllables = [anyascii(character).lower() for character in characters]
    return f"{''.join(syllables[1:])} {syllables[0]}"


def _korean(characters: str) -> str:
    hanja = _optional("hanja")
    if hanja is None:
        return ""
    family = _KOREAN_FAMILY_NAMES.get(characters[0]) or hanja.translate(
        characters[0], "substitution"
    )
    return f"{family} {hanja.translate(characters[1:], 'substitution')}"


@cache
def _kakasi() -> Any:
    pykakasi = _optional("pykakasi")
    return None if pykakasi is None else pykakasi.kakasi()


@cache
def _optional(module: str) -> Any:
    """A reader of the `cjk-names` extra, or None when it is not installed (then the
    names are read in pinyin only; said once in the log)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        logger.info(
            "%s is not installed: names in Han characters are read in pinyin only "
            "(install the cjk-names extra for Japanese and Korean readings)",
            module,
        )
        return None
