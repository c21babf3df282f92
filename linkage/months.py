"""Month names in the languages festivals print, for telling a date in a title ("22
de Julho", "Ici on noie les Algériens – 17 octobre 1961") from a sequel's number.

The names come from CLDR (Babel), in both the forms a date writes ("22 lipca", "17
июля") and the forms a month stands alone in ("lipiec", "июль"), folded to lower case.
"""

import re
from functools import lru_cache

from linkage.countries import LOCALES

# A day of the month is at most this; "de" / "of" / a full stop may stand between it
# and the month's name ("22 de Julho", "22. Juli", "22 of July").
LAST_DAY = 31
_JOINING_WORDS = frozenset({"de", "of", "del", "di"})
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def month_names() -> frozenset[str]:
    """Every month's full name in `LOCALES`, lower case. Abbreviations are left out:
    many are words of another language ("des", "set", "mar")."""
    from babel import Locale, localedata

    names: set[str] = set()
    for code in LOCALES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            names.update(name.casefold() for name in months[context]["wide"].values())
    # Babel keeps all of a loaded locale's CLDR data for the life of the process.
    localedata.clear_caches()
    return frozenset(names)


def is_day_of_month(number: int, before: str, after: str) -> bool:
    """Whether `number`, between the text `before` it and the text `after` it, is a
    date's day: at most LAST_DAY, with a month's name right after it (past "de",
    "of" or a full stop) or right before it ("July 22")."""
    if not 1 <= number <= LAST_DAY:
        return False
    names = month_names()
    following = [w.casefold() for w in _WORD.findall(after)[:2]]
    if following and following[0] in _JOINING_WORDS:
        following = following[1:]
    if following and following[0] in names:
        return True
    preceding = _WORD.findall(before)
    return bool(preceding) and preceding[-1].casefold() in names
