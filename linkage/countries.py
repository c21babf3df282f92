"""Production countries compared across languages: «Allemagne», "Germany" and
«Германия» are one country, "USSR" and «Россия» are compatible, France and Japan are not.

Modern country names come from the Unicode CLDR (through Babel) in the languages
festivals and corpora are written in; historic states and the everyday names CLDR
leaves out (USSR, West Germany, Great Britain, USA, ...) from `_ALIASES` below.
A name neither knows stays unknown: two lists only *disagree* when every name on both
sides is known, so a misspelt country never counts against a pair.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Languages whose CLDR country names are recognised (those the linkage sees, and
# the common ones around them).
LOCALES = [
    "en",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "ru",
    "uk",
    "bg",
    "sr",
    "hr",
    "sl",
    "el",
    "tr",
    "ar",
    "he",
    "fa",
    "hi",
    "ja",
    "zh",
    "zh_Hant",
    "ko",
    "vi",
    "th",
    "id",
    "ca",
]
# CLDR regions that are not countries a film is produced in.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})

# Historic states and everyday names CLDR does not list, by code; SU, CS, YU and DD
# are the ISO 3166-3 codes of the Soviet Union, Czechoslovakia, Yugoslavia and the GDR.
_ALIASES: dict[str, tuple[str, ...]] = {
    "SU": (
        "USSR",
        "Soviet Union",
        "URSS",
        "Union soviétique",
        "UdSSR",
        "Sowjetunion",
        "Unión Soviética",
        "Unione Sovietica",
        "União Soviética",
        "СССР",
        "Советский Союз",
        "Радянський Союз",
        "ZSRR",
        "Związek Radziecki",
        "СРСР",
        "ソ連",
        "ソビエト連邦",
        "苏联",
        "蘇聯",
        "소련",
        "الاتحاد السوفيتي",
        "الاتحاد السوفييتي",
        "ברית המועצות",
    ),
    "CS": (
        "Czechoslovakia",
        "Tchécoslovaquie",
        "Tschechoslowakei",
        "Checoslovaquia",
        "Cecoslovacchia",
        "Checoslováquia",
        "Чехословакия",
        "Чехословаччина",
        "Czechosłowacja",
        "ČSSR",
        "Československo",
        "チェコスロバキア",
        "捷克斯洛伐克",
        "체코슬로바키아",
        "تشيكوسلوفاكيا",
        "צ'כוסלובקיה",
    ),
    "YU": (
        "Yugoslavia",
        "Yougoslavie",
        "Jugoslawien",
        "Jugoslavia",
        "Iugoslávia",
        "Югославия",
        "Югославія",
        "Jugosławia",
        "Jugoslavija",
        "ユーゴスラビア",
        "南斯拉夫",
        "유고슬라비아",
        "يوغوسلافيا",
        "יוגוסלביה",
    ),
    "DD": (
        "East Germany",
        "GDR",
        "DDR",
        "RDA",
        "Allemagne de l'Est",
        "Ostdeutschland",
        "Alemania Oriental",
        "Alemania del Este",
        "Germania Est",
        "Germania Orientale",
        "Alemanha Oriental",
        "ГДР",
        "НДР",
        "NRD",
        "東ドイツ",
        "东德",
        "東德",
        "동독",
        "ألمانيا الشرقية",
        "מזרח גרמניה",
    ),
    "DE": (
        "West Germany",
        "FRG",
        "BRD",
        "RFA",
        "Allemagne de l'Ouest",
        "Westdeutschland",
        "Alemania Occidental",
        "Germania Ovest",
        "Germania Occidentale",
        "Alemanha Ocidental",
        "ФРГ",
        "RFN",
        "西ドイツ",
        "西德",
        "서독",
        "ألمانيا الغربية",
        "מערב גרמניה",
    ),
    "GB": (
        "UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Grande-Bretagne",
        "Angleterre",
        "Écosse",
        "Großbritannien",
        "Gran Bretaña",
        "Inglaterra",
        "Gran Bretagna",
        "Inghilterra",
        "Grã-Bretanha",
        "Англия",
        "Британия",
        "Anglia",
        "イングランド",
        "英格兰",
        "英格蘭",
        "잉글랜드",
        "بريطانيا",
        "אנגליה",
    ),
    "US": (
        "USA",
        "US",
        "United States of America",
        "America",
        "EE UU",
        "EEUU",
        "EUA",
        "États-Unis d'Amérique",
        "Vereinigte Staaten von Amerika",
        "США",
        "Соединённые Штаты Америки",
        "アメリカ",
        "米国",
        "美國",
        "미국",
        "أمريكا",
        "ארה״ב",
        'ארה"ב',
    ),
    "KR": ("Korea", "한국", "韓国", "韓國", "南韩", "Südkorea"),
    "RU": ("Russian Federation", "Fédération de Russie", "Российская Федерация"),
    "CZ": (
        "Czech Republic",
        "République tchèque",
        "Tschechische Republik",
        "República Checa",
        "Repubblica Ceca",
        "República Tcheca",
        "Чешская Республика",
        "Republika Czeska",
    ),
    "NL": ("Holland", "Hollande"),
    "MK": ("Macedonia", "Macédoine", "Mazedonien"),
    "CD": ("Zaire", "Zaïre"),
    "MM": ("Burma", "Birmanie"),
    "CI": ("Ivory Coast",),
    "PS": ("Palestine", "Palästina", "Palestina"),
    "IR": ("Persia",),
    # CLDR's names are "Hong Kong SAR China" and "Türkiye"; most lists say otherwise.
    "HK": ("Hong Kong", "香港", "홍콩", "هونغ كونغ", "הונג קונג", "Гонконг", "Hongkong"),
    "MO": ("Macau", "Macao", "澳門", "澳门", "마카오", "Макао"),
    "TR": (
        "Turkey",
        "Turquie",
        "Türkei",
        "Turquía",
        "Turchia",
        "Turquia",
        "Турция",
        "Туреччина",
        "Turcja",
        "トルコ",
        "土耳其",
        "터키",
        "تركيا",
        "טורקיה",
    ),
    "LK": ("Ceylon",),
}

# States that split or merged: a film of one is a film of the others too, depending on
# who lists it (a 1985 Soviet film is listed as Russian or Ukrainian by some).
_SUCCESSORS: dict[str, frozenset[str]] = {
    "SU": frozenset(
        ["RU", "UA", "BY", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM", "UZ", "LT", "LV", "EE", "MD"]
    ),
    "CS": frozenset({"CZ", "SK"}),
    "YU": frozenset(["RS", "HR", "SI", "BA", "MK", "ME", "XK"]),
    "DD": frozenset({"DE"}),
    # Hong Kong and Macau films are listed under China by some.
    "CN": frozenset({"HK", "MO"}),
}


def fold_country(name: str) -> str:
    """Case, accents, dots and punctuation spacing removed: "U.S.A." -> "usa"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = re.sub(r"[.\u00b7]", "", bare).replace("&", " and ")
    bare = re.sub(r"[\s\-‐–,'’]+", " ", bare).strip()
    return bare.removeprefix("the ")


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    from babel import Locale, localedata

    found: dict[str, str] = {}
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                found.setdefault(fold_country(name), code)
    # Babel keeps every locale it loaded, all of its CLDR data (~35 MB for these), for
    # the life of the process: a linking process needs only the names read here.
    localedata.clear_caches()
    for code, names in _ALIASES.items():
        for name in names:
            found[fold_country(name)] = code
    return found


@lru_cache(maxsize=16_384)  # every pair scored compares both lists: names recur
def country_code(name: str) -> str | None:
    """The ISO 3166 code of a country name in any of `LOCALES` (or a known historic
    or everyday name), or None when it is not recognised."""
    folded = fold_country(name)
    if not folded:
        return None
    codes = _codes_by_name()
    if folded in codes:
        return codes[folded]
    if len(folded) == 2 and folded.upper() in codes.values():
        return folded.upper()  # already a code: "FR"
    return None


@lru_cache(maxsize=1024)
def _family(code: str) -> frozenset[str]:
    related = {code} | _SUCCESSORS.get(code, frozenset())
    related |= {state for state, parts in _SUCCESSORS.items() if code in parts}
    return frozenset(related)


def countries_agree(left: Iterable[str], right: Iterable[str]) -> bool | None:
    """True when the two lists share a country (or a state and its successor),
    False when every name on both sides is known and none is shared, None when
    either side is empty or names a country not recognised."""
    left_names, right_names = _named(tuple(left)), _named(tuple(right))
    if not left_names or not right_names:
        return None
    return _lists_agree(left_names, right_names)


@lru_cache(maxsize=16_384)  # one list per record, met by each of its candidates
def _named(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names that are not blank."""
    return tuple(n for n in names if n and n.strip())


@lru_cache(maxsize=65_536)  # few distinct lists, met by every pair
def _lists_agree(left_names: tuple[str, ...], right_names: tuple[str, ...]) -> bool | None:
    left_codes = [country_code(n) for n in left_names]
    right_codes = [country_code(n) for n in right_names]
    known_left = {c for c in left_codes if c}
    known_right = {c for c in right_codes if c}
    if any(_family(code) & known_right for code in known_left):
        return True
    folded_left = {fold_country(n) for n in left_names}
    if folded_left & {fold_country(n) for n in right_names}:
        return True  # the same unrecognised name on both sides
    if None in left_codes or None in right_codes:
        return None
    return False
