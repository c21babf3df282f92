#!/usr/bin/env python3
"""Generate distractors.jsonl: background synopses of fictional films.

The linkage evaluation needs a large multilingual corpus of documents about
OTHER films, so that name frequencies and similarity margins behave as in a
real, messy corpus of festival and distributor synopses.  This script writes
one JSON object per line, {"lang": <ISO 639-1 code>, "text": <one line>},
to distractors.jsonl next to itself (or to --out).

How it works
  * Per language there are hand-written sentence frames: openings,
    developments and closings (1-4 sentences are combined at random), plus
    frames that mention a famous real person or a real historical event, and
    inline credit formats (title / director / year in the local style).
  * Frames are filled from per-language pools: given names and surnames of
    several countries in the right script, occupations, relations, cities,
    countries (local exonyms), places, decades, years, themes, genres.
    Russian, Ukrainian and Polish names are declined by small rule tables;
    Korean particles follow the final consonant; gender agreement is written
    into the frames as [masculine|feminine] (protagonist) and <m|f> (second
    character); Romance and German article contractions are applied after
    filling.  Pools are sampled with Zipf-like weights, so common surnames
    and big cities (Paris, New York, Berlin, Tokyo, Moscow) recur.
  * About 8% of documents mention one of 60 famous real people, about 10%
    one of ~40 real historical events per language, about 15% carry an
    inline title/director/year, about 40% get corpus noise ("Read more",
    truncation, HTML entities, doubled spaces, source credits, genre tags,
    stray <br>), and about 3% of lines are near-duplicates of an earlier
    line (same text, different noise or truncation).  Exact duplicates are
    never written.
  * Everything is driven by one random.Random(SEED); running the script
    twice gives byte-identical output.

Usage: python3 make_distractors.py [--out PATH] [--lines N] [--seed S]
"""

import argparse
import json
import os
import re
import random

SEED = 20240611
N_LINES = 12600

# rough shares in percent; tr/nl/sv together about 1%
LANG_SHARES = [
    ("en", 28),
    ("fr", 10),
    ("de", 8),
    ("es", 8),
    ("ru", 8),
    ("it", 6),
    ("pt", 5),
    ("pl", 4),
    ("ja", 4),
    ("zh", 4),
    ("uk", 3),
    ("ko", 3),
    ("ar", 3),
    ("he", 2),
    ("tr", 0.4),
    ("nl", 0.3),
    ("sv", 0.3),
]

LATIN_LANGS = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "tr")

LANGS = {}


def lang(code, **kw):
    kw["code"] = code
    LANGS[code] = kw


def lines(block):
    """Frames: one per non-empty line."""
    return [
        ln.strip()
        for ln in block.strip().splitlines()
        if ln.strip() and not ln.strip().startswith("#")
    ]


def items(block):
    """Pools: items separated by ';' or newlines."""
    out = []
    for ln in block.strip().splitlines():
        for part in ln.split(";"):
            part = part.strip()
            if part and not part.startswith("#"):
                out.append(part)
    return out


# ---------------------------------------------------------------------------
# declension of personal names (Russian, Ukrainian, Polish)
# cases: n nominative, g genitive, d dative, a accusative, i instrumental
# ---------------------------------------------------------------------------

NAME_CASES = "ngdai"


def _same(w):
    return {c: w for c in NAME_CASES}


def _forms(spec):
    return dict(zip(NAME_CASES, spec.split("|")))


RU_OVERRIDE = {
    "Павел": "Павел|Павла|Павлу|Павла|Павлом",
    "Пётр": "Пётр|Петра|Петру|Петра|Петром",
    "Лев": "Лев|Льва|Льву|Льва|Львом",
    "Илья": "Илья|Ильи|Илье|Илью|Ильёй",
}


def _ru_a(w):
    s = w[:-1]
    gen = s + ("и" if s[-1] in "гкхжшчщ" else "ы")
    ins = s + ("ей" if s[-1] in "жшчщц" else "ой")
    return dict(n=w, g=gen, d=s + "е", a=s + "у", i=ins)


def _ru_ya(w):
    s = w[:-1]
    if s.endswith("и"):
        return dict(n=w, g=s + "и", d=s + "и", a=s + "ю", i=s + "ей")
    return dict(n=w, g=s + "и", d=s + "е", a=s + "ю", i=s + "ей")


def decl_ru(w, g, kind):
    if w.startswith("*"):
        return _same(w[1:])
    if w in RU_OVERRIDE:
        return _forms(RU_OVERRIDE[w])
    last = w[-1]
    if g == "m":
        if kind == "sur" and re.search("(ов|ев|ёв|ин|ын)$", w):
            return dict(n=w, g=w + "а", d=w + "у", a=w + "а", i=w + "ым")
        if re.search("(ский|цкий)$", w):
            s = w[:-2]
            return dict(n=w, g=s + "ого", d=s + "ому", a=s + "ого", i=s + "им")
        if last in "йь":
            s = w[:-1]
            return dict(n=w, g=s + "я", d=s + "ю", a=s + "я", i=s + "ем")
        if last == "а":
            return _ru_a(w)
        if last == "я":
            return _ru_ya(w)
        if last in "аеёиоуыэюя":
            return _same(w)
        ins = "ем" if last in "жшчщц" else "ом"
        return dict(n=w, g=w + "а", d=w + "у", a=w + "а", i=w + ins)
    if kind == "sur" and re.search("(ова|ева|ёва|ина|ына)$", w):
        s = w[:-1]
        return dict(n=w, g=s + "ой", d=s + "ой", a=s + "у", i=s + "ой")
    if re.search("(ская|цкая)$", w):
        s = w[:-2]
        return dict(n=w, g=s + "ой", d=s + "ой", a=s + "ую", i=s + "ой")
    if last == "а":
        return _ru_a(w)
    if last == "я":
        return _ru_ya(w)
    return _same(w)


def fem_ru(w):
    if w.startswith("*"):
        return w
    if re.search("(ов|ев|ёв|ин|ын)$", w):
        return w + "а"
    if re.search("(ский|цкий)$", w):
        return w[:-2] + "ая"
    return w


UK_OVERRIDE = {
    "Ігор": "Ігор|Ігоря|Ігореві|Ігоря|Ігорем",
    "Ольга": "Ольга|Ольги|Ользі|Ольгу|Ольгою",
}


def _uk_a(w):
    s = w[:-1]
    alt = {"г": "з", "к": "ц", "х": "с"}
    dat = (s[:-1] + alt[s[-1]] if s[-1] in alt else s) + "і"
    sib = s[-1] in "жчшщ"
    return dict(n=w, g=s + ("і" if sib else "и"), d=dat, a=s + "у", i=s + ("ею" if sib else "ою"))


def _uk_ya(w):
    if w.endswith("ія"):
        s = w[:-2]
        return dict(n=w, g=s + "ії", d=s + "ії", a=s + "ію", i=s + "ією")
    s = w[:-1]
    return dict(n=w, g=s + "і", d=s + "і", a=s + "ю", i=s + "ею")


def decl_uk(w, g, kind):
    if w.startswith("*"):
        return _same(w[1:])
    if w in UK_OVERRIDE:
        return _forms(UK_OVERRIDE[w])
    last = w[-1]
    if kind != "given" and g == "m" and re.search("(ов|ев|єв|ін|їн)$", w):
        return dict(n=w, g=w + "а", d=w + "у", a=w + "а", i=w + "им")
    if kind != "given" and g == "f" and re.search("(ова|ева|єва|іна|їна)$", w):
        s = w[:-1]
        return dict(n=w, g=s + "ої", d=s + "ій", a=s + "у", i=s + "ою")
    if g == "m":
        if re.search("(ський|цький)$", w):
            s = w[:-2]
            return dict(n=w, g=s + "ого", d=s + "ому", a=s + "ого", i=s + "им")
        if last == "о":
            s = w[:-1]
            return dict(n=w, g=s + "а", d=s + "ові", a=s + "а", i=s + "ом")
        if last == "й":
            s = w[:-1]
            return dict(n=w, g=s + "я", d=s + "єві", a=s + "я", i=s + "єм")
        if last == "ь":
            s = w[:-1]
            return dict(n=w, g=s + "я", d=s + "еві", a=s + "я", i=s + "ем")
        if last == "а":
            return _uk_a(w)
        if last == "я":
            return _uk_ya(w)
        if last in "аеєиіїоуюя'":
            return _same(w)
        if last in "жчшщ":
            return dict(n=w, g=w + "а", d=w + "еві", a=w + "а", i=w + "ем")
        return dict(n=w, g=w + "а", d=w + "ові", a=w + "а", i=w + "ом")
    if re.search("(ська|цька)$", w):
        s = w[:-1]
        return dict(n=w, g=s + "ої", d=s + "ій", a=s + "у", i=s + "ою")
    if last == "а":
        return _uk_a(w)
    if last == "я":
        return _uk_ya(w)
    return _same(w)


def fem_uk(w):
    if re.search("(ський|цький)$", w):
        return w[:-2] + "а"
    return w


PL_OVERRIDE_M = {
    "Paweł": "Paweł|Pawła|Pawłowi|Pawła|Pawłem",
    "Marek": "Marek|Marka|Markowi|Marka|Markiem",
    "Jacek": "Jacek|Jacka|Jackowi|Jacka|Jackiem",
    "Jerzy": "Jerzy|Jerzego|Jerzemu|Jerzego|Jerzym",
    "Kaczmarek": "Kaczmarek|Kaczmarka|Kaczmarkowi|Kaczmarka|Kaczmarkiem",
    "Wieczorek": "Wieczorek|Wieczorka|Wieczorkowi|Wieczorka|Wieczorkiem",
    "Dudek": "Dudek|Dudka|Dudkowi|Dudka|Dudkiem",
    "Wróbel": "Wróbel|Wróbla|Wróblowi|Wróbla|Wróblem",
    "Stępień": "Stępień|Stępnia|Stępniowi|Stępnia|Stępniem",
}


def _pl_a(w):
    s = w[:-1]
    if s[-1] in "ij":
        gen = s + "i"
    elif s[-1] in "kgl":
        gen = s + "i"
    else:
        gen = s + "y"
    return dict(n=w, g=gen, d=gen, a=s + "ę", i=s + "ą")


def decl_pl(w, g, kind):
    if w.startswith("*"):
        return _same(w[1:])
    last = w[-1]
    if g == "m":
        if w in PL_OVERRIDE_M:
            return _forms(PL_OVERRIDE_M[w])
        if re.search("(ski|cki|dzki)$", w):
            s = w[:-1]
            return dict(n=w, g=s + "iego", d=s + "iemu", a=s + "iego", i=w + "m")
        if kind != "given" and w.endswith("ko"):
            s = w[:-1]
            return dict(n=w, g=s + "i", d=s + "i", a=s + "ę", i=s + "ą")
        if last == "a":
            return _pl_a(w)
        if last in "aąeęioóuy":
            return _same(w)
        ins = "iem" if last in "kg" else "em"
        return dict(n=w, g=w + "a", d=w + "owi", a=w + "a", i=w + ins)
    if re.search("(ska|cka|dzka)$", w):
        s = w[:-1]
        return dict(n=w, g=s + "iej", d=s + "iej", a=s + "ą", i=s + "ą")
    if kind != "given" and re.search("(owa|ewa|ina)$", w):
        s = w[:-1]
        return dict(n=w, g=s + "ej", d=s + "ej", a=s + "ą", i=s + "ą")
    if last == "a":
        return _pl_a(w)
    return _same(w)


def fem_pl(w):
    m = re.search("(ski|cki|dzki)$", w)
    if m:
        return w[:-1] + "a"
    return w


def decl_none(w, g, kind):
    return _same(w.lstrip("*"))


def fem_none(w):
    return w


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------


class Name:
    def __init__(self, gender, given, sur, order, sep, decl, foreign=False):
        self.gender = gender
        self.order = order
        self.sep = sep
        self.g = self._decl(given, gender, "given", decl)
        self.s = self._decl(sur, gender, "fsur" if foreign else "sur", decl)

    @staticmethod
    def _decl(text, gender, kind, decl):
        parts = [decl(w, gender, kind) for w in text.split(" ")]
        return {c: " ".join(p[c] for p in parts) for c in NAME_CASES}

    def full(self, case="n"):
        a, b = self.g[case], self.s[case]
        return self.sep.join((a, b) if self.order == "gs" else (b, a))

    def key(self):
        return self.full("n")


def parse_full(entry):
    """'m:gs:John Smith' / 'f:sg:キム・ジウ' / 'm:sg:王|偉'."""
    gender, order, text = entry.split(":", 2)
    if "|" in text:
        a, b = text.split("|", 1)
        sep = ""
    else:
        sep = "・" if "・" in text else ("·" if "·" in text else " ")
        a, b = text.split(sep, 1)
    given, sur = (a, b) if order == "gs" else (b, a)
    return gender, order, sep, given, sur


# ---------------------------------------------------------------------------
# shared tables: famous people and romanised foreign names
# ---------------------------------------------------------------------------

# en | fr | de | es | it | pt | nl | sv | tr   ("=" : same as en)
FAMOUS_LATIN = """
Mozart | = | = | = | = | = | = | = | =
Beethoven | = | = | = | = | = | = | = | =
Tchaikovsky | Tchaïkovski | Tschaikowski | Chaikovski | Čajkovskij | Tchaikovsky | Tsjaikovski | Tjajkovskij | Çaykovski
Chopin | = | = | = | = | = | = | = | =
Bach | = | = | = | = | = | = | = | =
Verdi | = | = | = | = | = | = | = | =
Stravinsky | = | Strawinsky | Stravinski | Stravinskij | = | = | Stravinskij | Stravinski
Shostakovich | Chostakovitch | Schostakowitsch | Shostakóvich | Šostakovič | = | Sjostakovitsj | Sjostakovitj | Şostakoviç
Shakespeare | = | = | = | = | = | = | = | =
Tolstoy | Tolstoï | Tolstoi | Tolstói | Tolstoj | Tolstói | Tolstoj | Tolstoj | Tolstoy
Dostoevsky | Dostoïevski | Dostojewski | Dostoievski | Dostoevskij | Dostoiévski | Dostojevski | Dostojevskij | Dostoyevski
Kafka | = | = | = | = | = | = | = | =
Victor Hugo | = | = | Víctor Hugo | = | = | = | = | =
Cervantes | Cervantès | = | = | = | = | = | = | =
Pushkin | Pouchkine | Puschkin | = | Puškin | Púchkin | Poesjkin | Pusjkin | Puşkin
Goethe | = | = | = | = | = | = | = | =
Hemingway | = | = | = | = | = | = | = | =
Agatha Christie | = | = | = | = | = | = | = | =
Gabriel García Márquez | = | = | = | = | = | = | = | =
Virginia Woolf | = | = | = | = | = | = | = | =
Napoleon | Napoléon | = | Napoleón | Napoleone | Napoleão | = | = | Napolyon
Lenin | Lénine | = | = | = | Lenine | = | = | =
Stalin | Staline | = | = | = | Estaline | = | = | =
Winston Churchill | = | = | = | = | = | = | = | =
Gandhi | = | = | = | = | = | = | = | Gandi
Abraham Lincoln | = | = | = | = | = | = | = | =
John F. Kennedy | = | = | = | = | = | = | = | =
Nelson Mandela | = | = | = | = | = | = | = | =
Che Guevara | = | = | = | = | = | = | = | =
Charles de Gaulle | = | = | = | = | = | = | = | =
Mao Zedong | = | = | = | = | Mao Tsé-Tung | = | = | =
Gamal Abdel Nasser | = | = | = | = | = | = | = | Cemal Abdünnasır
Elvis Presley | = | = | = | = | = | = | = | =
John Lennon | = | = | = | = | = | = | = | =
Édith Piaf | = | = | = | = | = | = | = | =
Bob Dylan | = | = | = | = | = | = | = | =
Freddie Mercury | = | = | = | = | = | = | = | =
Umm Kulthum | Oum Kalthoum | = | Um Kalzum | = | = | Oem Koelthoem | = | Ümmü Gülsüm
Michael Jackson | = | = | = | = | = | = | = | =
David Bowie | = | = | = | = | = | = | = | =
Frida Kahlo | = | = | = | = | = | = | = | =
Pablo Picasso | = | = | = | = | = | = | = | =
Vincent van Gogh | = | = | = | = | = | = | = | =
Muhammad Ali | Mohamed Ali | = | = | = | = | = | = | Muhammed Ali
Pelé | = | = | = | = | = | = | = | =
Diego Maradona | = | = | = | = | = | = | = | =
Jesse Owens | = | = | = | = | = | = | = | =
Nadia Comăneci | = | = | = | = | = | = | = | =
Albert Einstein | = | = | = | = | = | = | = | =
Marie Curie | = | = | = | = | = | = | = | =
Nikola Tesla | = | = | = | = | = | = | = | =
Charles Darwin | = | = | = | = | = | = | = | =
Yuri Gagarin | Youri Gagarine | Juri Gagarin | = | Jurij Gagarin | Iuri Gagarin | Joeri Gagarin | Jurij Gagarin | =
Sigmund Freud | = | = | = | = | = | = | = | =
Alan Turing | = | = | = | = | = | = | = | =
Leonardo da Vinci | Léonard de Vinci | = | = | = | = | = | = | =
Charlie Chaplin | = | = | = | = | = | = | = | =
Marilyn Monroe | = | = | = | = | = | = | = | =
Salvador Dalí | = | = | = | = | = | = | = | =
Maria Callas | = | = | = | = | = | = | = | =
"""

FAMOUS = {}


def _load_famous_latin():
    rows = [r for r in FAMOUS_LATIN.strip().splitlines() if r.strip()]
    for code in LATIN_LANGS:
        FAMOUS[code] = []
    for r in rows:
        cols = [c.strip() for c in r.split("|")]
        en = cols[0]
        for code, col in zip(LATIN_LANGS, cols):
            FAMOUS[code].append(en if col == "=" else col)


_load_famous_latin()

# romanised names used in Latin-script text (gender:order:name)
ROMANISED = items("""
m:gs:Kenji Watanabe; m:gs:Takeshi Yamamoto; m:gs:Hiroshi Tanaka; f:gs:Yuki Sato
f:gs:Keiko Nakamura; f:gs:Akiko Suzuki; m:gs:Daisuke Kobayashi; f:gs:Mariko Ito
m:sg:Li Wei; m:sg:Wang Jun; f:sg:Zhang Min; f:sg:Chen Jing; m:sg:Liu Yang; f:sg:Huang Mei
m:sg:Zhou Tao; m:sg:Kim Min-jun; f:sg:Lee Ji-woo; m:sg:Park Sung-ho; f:sg:Choi Soo-jin
m:sg:Jung Dong-hyun; f:sg:Kang Hye-jin; m:gs:Karim Haddad; m:gs:Youssef Mansour
f:gs:Leila Nasser; f:gs:Nour Khoury; m:gs:Omar Benali; f:gs:Samira Haddad; m:gs:Tarek Saleh
f:gs:Yasmina Belkacem; m:gs:Yossi Cohen; f:gs:Noa Levi; m:gs:Avi Mizrahi; f:gs:Michal Friedman
m:gs:Taras Kovalenko; f:gs:Oksana Shevchuk; m:gs:Andriy Bondarenko; f:gs:Olena Tkachenko
m:gs:Piotr Nowak; f:gs:Katarzyna Wiśniewska; m:gs:Tomasz Kowalski; f:gs:Agnieszka Zielińska
m:gs:Rahul Sharma; f:gs:Priya Patel; m:gs:Arjun Mehta; m:gs:Kwame Mensah; f:gs:Amara Okafor
m:gs:Moussa Diallo; f:gs:Aminata Traoré; m:gs:Dragan Petrović; f:gs:Jelena Marković
""")

ROMANISED_RU = {
    "default": items("""
m:gs:Dmitri Ivanov; f:gs:Anna Petrova; m:gs:Sergei Volkov; f:gs:Olga Smirnova
m:gs:Nikolai Sokolov; f:gs:Tatiana Kuznetsova; m:gs:Alexei Morozov; f:gs:Irina Orlova
"""),
    "de": items("""
m:gs:Dmitri Iwanow; f:gs:Anna Petrowa; m:gs:Sergej Wolkow; f:gs:Olga Smirnowa
m:gs:Nikolai Sokolow; f:gs:Tatjana Kusnezowa; m:gs:Alexej Morosow; f:gs:Irina Orlowa
"""),
    "fr": items("""
m:gs:Dmitri Ivanov; f:gs:Anna Petrova; m:gs:Sergueï Volkov; f:gs:Olga Smirnova
m:gs:Nikolaï Sokolov; f:gs:Tatiana Kouznetsova; m:gs:Alexeï Morozov; f:gs:Irina Orlova
"""),
}


# ---------------------------------------------------------------------------
# helpers used by the language sections
# ---------------------------------------------------------------------------


def zipf_weights(n, s):
    return [1.0 / (i + 1) ** s for i in range(n)]


def age_word_ru(n):
    if n % 10 == 1 and n % 100 != 11:
        return "%d год" % n
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "%d года" % n
    return "%d лет" % n


def age_word_uk(n):
    if n % 10 == 1 and n % 100 != 11:
        return "%d рік" % n
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "%d роки" % n
    return "%d років" % n


def age_word_pl(n):
    if n == 1:
        return "1 rok"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "%d lata" % n
    return "%d lat" % n


def _sub_all(text, pairs, flags=0):
    for pat, rep in pairs:
        text = re.sub(pat, rep, text, flags=flags)
    return text


# ===========================================================================
# ENGLISH
# ===========================================================================


def dec_en(rng, d):
    return (
        rng.choice(
            ["in the %ds", "in the %ds", "in the early %ds", "in the late %ds", "in the mid-%ds"]
        )
        % d
    )


def fix_en(t):
    t = re.sub(r"\b([Aa]) (?=[AEIOaeio]|8|11 |11-|18)", r"\1n ", t)
    return t


lang(
    "en",
    join=" ",
    dec=dec_en,
    fix=fix_en,
    OPEN=lines("""
{dec}, {P}, a {occ} from {city}, returns home to settle [his|her] late father's debts.
{P} has spent twenty years as a {occ} in {city} without ever questioning the rules.
When [his|her] marriage falls apart, {P} takes a job as a {occ} in {place}.
{city}, {year}. {P}, a {age}-year-old {occ}, is about to lose everything.
Set in {place} {dec}, the film follows {P}, a {occ} with a secret.
{P} is a {occ} who has never left {city} — until a letter from {country} arrives.
After a long prison sentence, {P} comes back to {city} to find [his|her] old neighbourhood unrecognisable.
In {city}, {P}, a reserved {occ}, lives alone with [his|her] memories and an old radio.
The story opens on the night {P} disappears from a wedding in {place}.
{P}, a {age}-year-old {occ}, is sent to {city2} to close a deal nobody believes in.
Nothing much happens in {place}, which is exactly how {P} likes it.
{P} and {Q} grew up on the same street in {city}, but have not spoken in years.
A {occ} on the verge of retirement, {P} receives an unexpected visit from {Q}, {R}.
Winter {year}: {P} arrives in {city} with a suitcase, a false name and no plan.
Ever since the accident, {P} has refused to drive, to swim or to talk about {city}.
{P} works the night shift as a {occ} in {city} and sleeps through most of the day.
Inspired by true events, this {genre} follows {P}, a {occ} who takes on a powerful local family.
In a small town outside {city}, {P} runs a failing cinema that has not shown a new film since {year}.
{P} is a {age}-year-old {occ} who still believes [he|she] can change the world.
Newly widowed, {P} moves to {place} to start over, far from [his|her] grown-up children.
It is {year}, and {P}, a young {occ} from {country}, has just landed in {city}.
{P} has a simple plan: one last job in {city2}, then a quiet life by the sea.
Every summer, {P} returns to the family house in {place}; this year, something is different.
A brilliant but difficult {occ}, {P} is forced to share an office with {Q}.
When {Q}, {R}, turns up on the doorstep after fifteen years, {P} does not recognise <him|her>.
{P}, a {occ} in {city}, is suddenly asked to look after a child [he|she] has never met.
{dec}, in {place}, {P} dreams of leaving but never quite dares.
At the heart of {city}, {P} leads a double life that nobody suspects.
"""),
    DEV=lines("""
But when {Q}, {R}, reappears, old wounds are reopened.
A chance encounter with {Q} forces [him|her] to confront a past [he|she] thought was buried.
As the weeks pass, {P1} begins to suspect that [his|her] employer is hiding something.
What starts as a favour soon becomes a dangerous obsession.
Between {city} and {city2}, {P1} tries to hold together a life that is slowly coming apart.
[His|Her] only ally is {Q}, {R}, who has secrets of <his|her> own.
The discovery of a box of old letters changes everything [he|she] believed about [his|her] family.
Torn between loyalty and ambition, {P1} must decide how far [he|she] is willing to go.
Little by little, an unlikely friendship develops between {P1} and {Q1}.
Meanwhile, rumours about {P} spread through the town.
A mysterious stranger offers [him|her] a way out — at a price.
The situation escalates when {Q1} is arrested for a crime <he|she> did not commit.
Over one long weekend, family secrets surface one after another.
Haunted by the memory of {year}, [he|she] starts writing down everything [he|she] remembers.
[He|She] sets out across {country} in a borrowed car, with {Q1} in the passenger seat.
The more {P1} learns, the less [he|she] wants to know.
In the meantime, the factory where half the town works is about to close.
An anonymous phone call puts [him|her] on the trail of a man who vanished decades ago.
Help comes from an unexpected quarter: {Q}, {R}.
Every attempt to leave {city} seems to pull [him|her] back in.
The camera patiently observes the daily routines of people who rarely make the news.
Soon {P1} is caught in a web of lies that threatens everyone [he|she] loves.
When the money runs out, [he|she] accepts a job [he|she] knows [he|she] should refuse.
Far from home, {P1} discovers a freedom [he|she] never knew [he|she] wanted.
A storm cuts the village off from the rest of the world for three days.
Their paths cross again in {city2}, where nothing goes according to plan.
"""),
    CLOSE=lines("""
A moving portrait of {theme}.
A quiet, tender film about {theme}.
An intimate {genre} about {theme}, shot on location in {city}.
Told with humour and restraint, the film is a meditation on {theme}.
A gripping {genre} that keeps its secrets until the very last scene.
The debut feature of a director to watch.
Winner of the audience award at several festivals.
An unflinching look at {theme}.
Part road movie, part family drama, it asks what we owe to those we leave behind.
Beautifully shot in black and white.
A bittersweet comedy about {theme}.
With an outstanding performance in the lead role.
A film about {theme}, and about the courage it takes to begin again.
Based on the novel of the same name.
Shot over three years with a largely non-professional cast.
A story of {theme}, set {dec}.
"""),
    FAME=lines("""
{P}, a {occ} obsessed with {F}, decides to retrace [his|her] idol's steps.
A portrait of the young {F} before fame, seen through the eyes of {P}, a {occ} from {city}.
Years after meeting {F} by chance in {city}, {P} still tells the story to anyone who will listen.
The film imagines the last days of {F} in {city}.
{P} spends [his|her] evenings listening to old records and reading everything about {F}.
Loosely inspired by the life of {F}.
"""),
    EVENT=lines("""
During {E}, {P}, a {occ} from {city}, is separated from [his|her] family.
The film opens on the eve of {E}.
In the aftermath of {E}, {P} returns to {city} to look for {Q}, {R}.
Decades after {E}, {P} still cannot talk about what [he|she] saw.
Set against the backdrop of {E}, it is also a story about {theme}.
Archive footage of {E} is woven into the narrative.
"""),
    gm=items("""
James; John; Michael; David; Robert; Thomas; Daniel; Peter; Mark; Paul; Richard; George
Samuel; Jack; Harry; Patrick; Sean; Tom; Nathan; Ben; Luke; Owen; Adam; Frank; Walter
"""),
    gf=items("""
Mary; Sarah; Emma; Anna; Laura; Kate; Grace; Helen; Rachel; Claire; Lucy; Jane; Rose
Alice; Megan; Hannah; Emily; Ruth; Margaret; Susan; Joan; Julia; Maggie; Nora; Eleanor
"""),
    sn=items("""
Smith; Johnson; Williams; Brown; Jones; Miller; Davis; Wilson; Taylor; Clark; Walker
Hall; Young; Wright; Hughes; Evans; Murphy; O'Brien; Kelly; Campbell; Stewart; Morgan
Bennett; Cooper; Reed; Parker; Turner; Collins; Hayes; Fletcher; Doyle; McKenzie
"""),
    occ=items("""
schoolteacher; nurse; taxi driver; journalist; photographer; police officer; lawyer
architect; farmer; factory worker; musician; painter; surgeon; translator; mechanic
waiter|waitress; actor|actress; miner; engineer; librarian; truck driver; cook
postman|postwoman; boxer; piano teacher; hotel receptionist; bus driver; dockworker
insurance clerk; fisherman|fisherwoman; dancer; detective; bank clerk; novelist
"""),
    rel=items("""
m:[his|her] younger brother; f:[his|her] older sister; m:[his|her] estranged father
f:[his|her] mother; m:[his|her] childhood friend; f:[his|her] childhood friend
m:[his|her] former teacher; f:[his|her] neighbour; m:[his|her] son; f:[his|her] daughter
m:[his|her] cousin; f:[his|her] cousin; f:[his|her] first love; m:[his|her] first love
m:[his|her] business partner; f:[his|her] grandmother; m:[his|her] grandfather
m:[his|her] half-brother; f:[his|her] half-sister; f:[his|her] landlady
m:[his|her] old army friend; f:[his|her] ex-wife; m:[his|her] ex-husband
"""),
    city=items("""
Paris; New York; Berlin; Tokyo; Moscow; London; Rome; Los Angeles; Istanbul; Madrid
Lisbon; Warsaw; Vienna; Prague; Buenos Aires; Mexico City; Cairo; Beirut; Seoul
Shanghai; Hong Kong; Mumbai; Marseille; Naples; Kyiv; St Petersburg; Chicago; Dublin
Glasgow; Montreal; Sydney; Havana; Tehran; Jerusalem; Barcelona; Hamburg; Osaka
Bucharest; Athens; Lagos; Detroit; Belfast; Manchester; Liverpool; New Orleans
"""),
    country=items("""
France; Germany; Italy; Spain; Portugal; Poland; Russia; Ukraine; Japan; China
South Korea; Mexico; Argentina; Brazil; Morocco; Egypt; Lebanon; Israel; Turkey; Iran
India; Canada; Ireland; Greece; Sweden; Norway; the United States; Scotland; Chile
"""),
    place=items("""
a fishing village; a mining town in the north; a seaside resort out of season
a housing estate on the edge of the city; a remote mountain village; a border town
a dying industrial town; a small island; an old hotel in the Alps; a boarding school
a provincial town; a suburb of {city}; a farming community in the Midwest
"""),
    theme=items("""
grief and memory; loneliness; growing up; exile and belonging; family loyalty; guilt
first love; the price of freedom; ageing; friendship; motherhood; fatherhood
forgiveness; class and ambition; the ties that bind us; identity; the end of an era
secrets and lies; second chances; faith and doubt
"""),
    genre=items("""
drama; thriller; comedy; documentary; romance; road movie; family drama; crime drama
war film; coming-of-age story; musical; historical drama; psychological thriller; satire
"""),
    title=items("""
The Quiet Harbour; Salt and Ashes; Northern Lights; A Year Without Summer; The Last Ferry
Borrowed Time; The Glass Orchard; Midnight Birds; The Weight of Water; After the Rain
Winter Guests; The Lighthouse Keeper's Daughter; Paper Birds; Red Soil; Halfway Home
The Silent Shore; Night Train; Under the Bridge; Sisters; Watching the Sea
Distant Voices, Small Hours; Waiting for Spring; My Father's Watch; White Hill; Until Dawn
"""),
    credit=lines("""
^"{T}" ({Y}, dir. {D}): 
^{T} ({Y}) — 
$The latest from director {D}.
$Directed by {D}, {Y}.
${D}'s new film, after "{T}".
^{T} / dir. {D} / {Y} / 
"""),
    more=items("Read more; Read more »; read more...; More info; [more]; Continue reading"),
    src=items("""
(Source: festival catalogue); (Source: press kit); (Synopsis courtesy of the distributor)
(Source: distributor); (Text: festival programme)
"""),
    events=items("""
the Second World War; the First World War; the Spanish Civil War; the October Revolution
the fall of the Berlin Wall; the Chernobyl disaster; the sinking of the Titanic
the Great Depression; the Wall Street Crash of 1929; the Cuban Missile Crisis; the Vietnam War
the Korean War; the Algerian War; the Prague Spring; the events of May 1968
the Carnation Revolution; the 1936 Berlin Olympics; the 1980 Moscow Olympics
the 1972 Munich Olympics; the 1964 Tokyo Olympics; the Apollo 11 moon landing
the Siege of Leningrad; the Holocaust; the partition of India; the Iranian Revolution
the 1906 San Francisco earthquake; the atomic bombing of Hiroshima; the Cultural Revolution
the Six-Day War; the Lebanese Civil War; the collapse of the Soviet Union; the Siege of Sarajevo
the 2004 Indian Ocean tsunami; the September 11 attacks; the Fukushima disaster
the Russian Civil War; the Gdańsk shipyard strikes; the 1966 World Cup; the Arab Spring
the Gulf War; the miners' strike of 1984; the Troubles
"""),
    famous=FAMOUS["en"],
)


# ===========================================================================
# FRENCH
# ===========================================================================


def dec_fr(rng, d):
    if d == 1900:
        return rng.choice(["au début du XXe siècle", "à la Belle Époque"])
    return (
        rng.choice(
            [
                "dans les années %d",
                "dans les années %d",
                "au début des années %d",
                "à la fin des années %d",
            ]
        )
        % d
    )


_FR_VOWEL = "aeiouéèêàâîôûœAEIOUÉÈÊÀÂÎÔÛŒ"


def fix_fr(t):
    t = _sub_all(
        t,
        [
            (r"\bde le\b", "du"),
            (r"\bde les\b", "des"),
            (r"\bà le\b", "au"),
            (r"\bà les\b", "aux"),
            (r"\bDe le\b", "Du"),
            (r"\bÀ le\b", "Au"),
            (r"\bde Le ", "du "),
            (r"\bà Le ", "au "),
            (r"\bde La ", "de La "),
        ],
    )
    t = re.sub(
        r"\b(de|que|le|la|jusque|lorsque|De|Que|Le|La)\s+(?=[" + _FR_VOWEL + "])",
        lambda m: m.group(1)[:-1] + "'",
        t,
    )
    return t


lang(
    "fr",
    dec=dec_fr,
    fix=fix_fr,
    forms={"country": "ng"},
    OPEN=lines("""
{dec}, {P}, un[|e] {occ} de {city}, revient au pays pour régler les dettes de son père.
{P} est {occ} à {city} depuis vingt ans et n'a jamais rien remis en question.
Après son divorce, {P} part s'installer dans {place} et tente de tout recommencer.
{city}, {year}. {P}, {age} ans, {occ}, est sur le point de tout perdre.
{P}, {occ} solitaire, vit à {city} entre son travail et une vieille radio.
Tout commence le soir où {P} disparaît en plein mariage, dans {place}.
À sa sortie de prison, {P} retrouve {city} et un quartier qu'[il|elle] ne reconnaît plus.
{P} et {Q} ont grandi dans la même rue de {city}, mais ne se parlent plus depuis des années.
{occ} à quelques mois de la retraite, {P} reçoit la visite inattendue de {Q}, {R}.
Hiver {year} : {P} débarque à {city} avec une valise, un faux nom et aucun plan.
Depuis l'accident, {P} refuse de conduire, de nager et de parler de {city}.
{P} travaille de nuit comme {occ} à {city} et dort une bonne partie de la journée.
Inspiré de faits réels, le film suit {P}, un[|e] {occ} qui ose s'attaquer à une puissante famille locale.
Dans une petite ville près de {city}, {P} tient un cinéma qui n'a pas projeté de nouveauté depuis {year}.
Fraîchement veu[f|ve], {P} s'installe dans {place}, loin de ses enfants.
Nous sommes en {year}. Jeune {occ} venu[|e] {country:g}, {P} vient d'arriver à {city}.
{P} n'a qu'un plan : un dernier coup à {city2}, puis une vie tranquille au bord de la mer.
Chaque été, {P} retourne dans la maison familiale, dans {place}. Cette année, quelque chose a changé.
{occ} brillant[|e] mais ingérable, {P} est contraint[|e] de partager son bureau avec {Q}.
Quand {Q}, {R}, réapparaît après quinze ans d'absence, {P} ne <le|la> reconnaît pas.
{P}, {occ} à {city}, se voit confier un enfant qu'[il|elle] n'a jamais vu.
{dec}, dans {place}, {P} rêve de partir mais n'ose pas.
Rien ne se passe jamais dans {place}, et c'est très bien ainsi pour {P}.
Envoyé[|e] à {city2} pour conclure une affaire à laquelle personne ne croit, {P} y reste plus longtemps que prévu.
{P} a {age} ans et la conviction qu'[il|elle] peut encore changer le monde.
Au cœur de {city}, {P} mène une double vie que personne ne soupçonne.
"""),
    DEV=lines("""
Mais le retour de {Q}, {R}, ravive de vieilles blessures.
Une rencontre fortuite avec {Q} l'oblige à affronter un passé qu'[il|elle] croyait enterré.
Au fil des semaines, {P1} commence à soupçonner son employeur de cacher quelque chose.
Ce qui n'était qu'un service rendu devient peu à peu une obsession dangereuse.
Entre {city} et {city2}, {P1} tente de recoller les morceaux d'une vie qui se délite.
<Son seul allié|Sa seule alliée> : {Q}, {R}, qui a <lui|elle> aussi ses secrets.
La découverte d'une boîte de vieilles lettres bouleverse tout ce qu'[il|elle] croyait savoir de sa famille.
Tiraillé[|e] entre loyauté et ambition, {P1} doit décider jusqu'où [il|elle] est prêt[|e] à aller.
Peu à peu, une amitié improbable naît entre {P1} et {Q1}.
Pendant ce temps, les rumeurs sur {P} vont bon train.
Un inconnu lui propose une porte de sortie, mais à quel prix ?
Tout bascule lorsque {Q1} est arrêté<|e> pour un crime qu'<il|elle> n'a pas commis.
Le temps d'un long week-end, les secrets de famille remontent à la surface.
Hanté[|e] par le souvenir de l'année {year}, [il|elle] se met à tout consigner dans un carnet.
[Il|Elle] traverse {country} dans une voiture empruntée, avec {Q1} à ses côtés.
Plus {P1} en apprend, moins [il|elle] a envie de savoir.
Pendant ce temps, l'usine qui fait vivre la moitié de la ville s'apprête à fermer.
Un appel anonyme [le|la] met sur la piste d'un homme disparu depuis des décennies.
L'aide vient d'où on ne l'attendait pas : {Q}, {R}.
Chaque tentative pour quitter {city} semble l'y ramener.
La caméra observe patiemment le quotidien de ceux dont on ne parle jamais.
Bientôt, {P1} se retrouve pris[|e] dans un engrenage de mensonges qui menace tous ceux qu'[il|elle] aime.
Quand l'argent vient à manquer, [il|elle] accepte un travail qu'[il|elle] sait devoir refuser.
Loin de chez [lui|elle], {P1} découvre une liberté qu'[il|elle] n'avait jamais soupçonnée.
Une tempête coupe le village du monde pendant trois jours.
Leurs chemins se croisent à nouveau à {city2}, où rien ne se passe comme prévu.
"""),
    CLOSE=lines("""
Un film pudique et lumineux sur {theme}.
Un portrait bouleversant de {theme}.
Un {genre} intimiste sur {theme}, tourné à {city}.
Avec humour et retenue, le film interroge {theme}.
Un {genre} haletant qui garde ses secrets jusqu'à la dernière scène.
Un premier long métrage très prometteur.
Prix du public dans plusieurs festivals.
Un regard sans concession sur {theme}.
Entre road movie et chronique familiale, le film questionne ce que l'on doit à ceux qu'on laisse derrière soi.
Un noir et blanc magnifique.
Une comédie douce-amère sur {theme}.
Porté par une interprétation remarquable.
Un film sur {theme}, et sur le courage qu'il faut pour recommencer.
Adapté du roman éponyme.
Tourné pendant trois ans avec des comédiens non professionnels.
Une chronique sensible de {theme}.
"""),
    FAME=lines("""
{P}, {occ} fasciné[|e] par {F}, décide de marcher sur les traces de son idole.
Un portrait de {F} avant la gloire, vu par {P}, un[|e] {occ} de {city}.
Des années après avoir croisé {F} à {city}, {P} raconte encore l'histoire à qui veut l'entendre.
Le film imagine les derniers jours de {F} à {city}.
{P} passe ses soirées à écouter des disques et à lire tout ce qui concerne {F}.
Librement inspiré de la vie de {F}.
"""),
    EVENT=lines("""
Pendant {E}, {P}, {occ} à {city}, est séparé[|e] des siens.
Le film s'ouvre à la veille de {E}.
Au lendemain de {E}, {P} revient à {city} à la recherche de {Q}, {R}.
Des décennies après {E}, {P} ne parvient toujours pas à raconter ce qu'[il|elle] a vu.
Sur fond de {E}, c'est aussi une histoire de {theme}.
Des images d'archives de {E} ponctuent le récit.
"""),
    gm=items("""
Jean; Pierre; Michel; Philippe; Alain; Nicolas; François; Julien; Antoine; Thomas; Louis
Paul; Olivier; Laurent; Vincent; Mathieu; Hugo; Lucas; Yves; Bernard; Étienne; Rémi; Karim
"""),
    gf=items("""
Marie; Nathalie; Isabelle; Sophie; Catherine; Claire; Julie; Camille; Chloé; Céline; Anne
Sandrine; Valérie; Élise; Juliette; Léa; Manon; Hélène; Françoise; Agnès; Inès; Margaux
"""),
    sn=items("""
Martin; Bernard; Dubois; Thomas; Robert; Richard; Petit; Durand; Leroy; Moreau; Simon
Laurent; Lefebvre; Michel; Garcia; David; Bertrand; Roux; Vincent; Fournier; Morel; Girard
Lambert; Bonnet; Mercier; Blanc; Guérin; Faure; Rousseau; Chevalier; Benali; Nguyen
"""),
    occ=items("""
instituteur|institutrice; infirmier|infirmière; chauffeur de taxi|chauffeuse de taxi
journaliste; photographe; policier|policière; avocat|avocate; architecte
agriculteur|agricultrice; ouvrier|ouvrière; musicien|musicienne; peintre
chirurgien|chirurgienne; traducteur|traductrice; mécanicien|mécanicienne; serveur|serveuse
comédien|comédienne; ingénieur|ingénieure; bibliothécaire; routier|routière
cuisinier|cuisinière; facteur|factrice; boxeur|boxeuse; docker; pêcheur|pêcheuse
danseur|danseuse; garagiste; professeur de piano|professeure de piano; romancier|romancière
"""),
    rel=items("""
m:son frère cadet; f:sa sœur aînée; m:son père, qu'[il|elle] n'a pas vu depuis vingt ans
f:sa mère; m:son ami d'enfance; f:son amie d'enfance; m:son ancien professeur
f:sa voisine; m:son fils; f:sa fille; m:son cousin; f:sa cousine; f:son premier amour
m:son premier amour; m:son associé; f:sa grand-mère; m:son grand-père
m:son demi-frère; f:sa demi-sœur; f:sa logeuse; m:son ancien camarade de régiment
f:son ex-femme; m:son ex-mari
"""),
    city=items("""
Paris; New York; Berlin; Tokyo; Moscou; Londres; Rome; Marseille; Lyon; Istanbul; Madrid
Lisbonne; Varsovie; Vienne; Prague; Buenos Aires; Mexico; Le Caire; Beyrouth; Séoul
Shanghai; Hong Kong; Bombay; Naples; Kiev; Saint-Pétersbourg; Chicago; Montréal
Bruxelles; Genève; Alger; Casablanca; Dakar; Tunis; Lille; Bordeaux; Toulouse; Nantes
Le Havre; Strasbourg; Abidjan; La Havane; Téhéran; Jérusalem; Barcelone; Athènes
"""),
    country=items("""
la France/de France; l'Allemagne/d'Allemagne; l'Italie/d'Italie; l'Espagne/d'Espagne
le Portugal/du Portugal; la Pologne/de Pologne; la Russie/de Russie; l'Ukraine/d'Ukraine
le Japon/du Japon; la Chine/de Chine; la Corée du Sud/de Corée du Sud; le Mexique/du Mexique
l'Argentine/d'Argentine; le Brésil/du Brésil; le Maroc/du Maroc; l'Égypte/d'Égypte
le Liban/du Liban; Israël/d'Israël; la Turquie/de Turquie; l'Iran/d'Iran; l'Inde/d'Inde
le Canada/du Canada; l'Irlande/d'Irlande; la Grèce/de Grèce; la Suède/de Suède
les États-Unis/des États-Unis; l'Algérie/d'Algérie; le Sénégal/du Sénégal; la Belgique/de Belgique
la Tunisie/de Tunisie; la Suisse/de Suisse
"""),
    place=items("""
un village de pêcheurs; une petite ville minière du Nord; une station balnéaire hors saison
une cité de banlieue; un village perdu dans la montagne; une ville frontalière
une ville industrielle en déclin; une petite île bretonne; un vieil hôtel des Alpes
un internat de province; une sous-préfecture endormie; la banlieue de {city}
"""),
    theme=items("""
le deuil et la mémoire; la solitude; le passage à l'âge adulte; l'exil; la loyauté familiale
la culpabilité; le premier amour; le prix de la liberté; la vieillesse; l'amitié
la maternité; la paternité; le pardon; la lutte des classes; les liens qui nous unissent
l'identité; la fin d'une époque; les secrets de famille; les secondes chances; la foi et le doute
"""),
    genre=items("""
drame; thriller; polar; documentaire; mélodrame; film noir; road movie; film historique
film de guerre; récit d'apprentissage; drame familial; film musical
"""),
    title=items("""
Le Port tranquille; Le Sel et la Cendre; Lumières du Nord; Une année sans été
Le Dernier Ferry; Le Temps emprunté; Le Verger de verre; Les Oiseaux de minuit
Le Poids de l'eau; Après la pluie; Les Invités de l'hiver; La Fille du gardien de phare
Oiseaux de papier; Terre rouge; À mi-chemin; La Rive silencieuse; Train de nuit
Sous le pont; Les Sœurs; Ceux qui regardent la mer; Voix lointaines; En attendant le printemps
La Montre de mon père; La Colline blanche; Jusqu'à l'aube
"""),
    credit=lines("""
^«{T}» ({Y}, réal. {D}) :
^{T} ({Y}) –
$Le nouveau film de {D}.
$Réalisation : {D}, {Y}.
$Après «{T}», {D} signe ici son nouveau long métrage.
^{T} / {D} / {Y} /
"""),
    more=items("Lire la suite; Lire la suite »; En savoir plus; Voir plus; [...] lire la suite"),
    src=items("""
(Source : dossier de presse); (Source : distributeur); (Source : catalogue du festival)
(Synopsis fourni par le distributeur); (Texte : programme du festival)
"""),
    events=items("""
la Seconde Guerre mondiale; la Première Guerre mondiale; la guerre d'Espagne; la révolution d'Octobre
la chute du mur de Berlin; la catastrophe de Tchernobyl; le naufrage du Titanic; la Grande Dépression
le krach de 1929; la crise des missiles de Cuba; la guerre du Vietnam; la guerre de Corée
la guerre d'Algérie; le Printemps de Prague; Mai 68; la révolution des Œillets
les Jeux olympiques de Berlin de 1936; les Jeux olympiques de Moscou de 1980
les Jeux de Munich de 1972; les Jeux olympiques de Tokyo de 1964; les premiers pas de l'homme sur la Lune
le siège de Leningrad; la Shoah; la partition de l'Inde; la révolution iranienne
le bombardement d'Hiroshima; la Révolution culturelle; la guerre des Six Jours
la guerre civile libanaise; l'effondrement de l'Union soviétique; le siège de Sarajevo
le tsunami de 2004; les attentats du 11 septembre; la catastrophe de Fukushima
la guerre civile russe; les grèves des chantiers navals de Gdańsk; la révolution de Maïdan
la Coupe du monde 1998; le Printemps arabe; la guerre du Golfe; la Libération; le Front populaire
"""),
    famous=FAMOUS["fr"],
)


# ===========================================================================
# GERMAN
# ===========================================================================


def dec_de(rng, d):
    if d == 1900:
        return rng.choice(["zu Beginn des 20. Jahrhunderts", "um die Jahrhundertwende"])
    if d == 2000:
        return rng.choice(["in den Nullerjahren", "Anfang der 2000er-Jahre"])
    return (
        rng.choice(
            [
                "in den %der-Jahren",
                "in den %der Jahren",
                "Anfang der %der-Jahre",
                "Ende der %der-Jahre",
                "Mitte der %der",
            ]
        )
        % d
    )


def fix_de(t):
    # contract only before a capitalised word (event names), never before a
    # relative clause ("von dem niemand etwas ahnt")
    return _sub_all(
        t,
        [
            (r"\bvon dem (?=[A-ZÄÖÜ])", "vom "),
            (r"\bzu dem (?=[A-ZÄÖÜ])", "zum "),
            (r"\bzu der (?=[A-ZÄÖÜ])", "zur "),
            (r"\bin dem (?=[A-ZÄÖÜ])", "im "),
            (r"\ban dem (?=[A-ZÄÖÜ])", "am "),
            (r"\bbei dem (?=[A-ZÄÖÜ])", "beim "),
            (r"\bVon dem (?=[A-ZÄÖÜ])", "Vom "),
        ],
    )


lang(
    "de",
    dec=dec_de,
    fix=fix_de,
    OPEN=lines("""
{dec} kehrt {P}, ein[|e] {occ} aus {city}, in [seine|ihre] Heimat zurück, um die Schulden [seines|ihres] verstorbenen Vaters zu begleichen.
Seit zwanzig Jahren arbeitet {P} als {occ} in {city} und hat nie etwas infrage gestellt.
Nach der Trennung versucht {P} in {place} einen Neuanfang.
{city}, {year}: {P}, {age}, {occ}, steht kurz davor, alles zu verlieren.
{P} lebt als {occ} in {city} – zurückgezogen, pünktlich, unauffällig.
Alles beginnt in der Nacht, in der {P} mitten auf einer Hochzeit in {place} verschwindet.
Nach Jahren im Gefängnis kehrt {P} nach {city} zurück und erkennt [sein|ihr] altes Viertel kaum wieder.
{P} und {Q} sind in derselben Straße in {city} aufgewachsen, haben aber seit Jahren kein Wort miteinander gesprochen.
Kurz vor der Rente steht plötzlich {Q}, {R}, vor [seiner|ihrer] Tür.
Winter {year}: {P} kommt mit einem Koffer, einem falschen Namen und ohne Plan in {city} an.
Seit dem Unfall weigert sich {P}, Auto zu fahren, zu schwimmen oder über {city} zu sprechen.
{P} arbeitet nachts als {occ} in {city} und verschläft die meisten Tage.
Nach einer wahren Geschichte: {P}, ein[|e] {occ}, legt sich mit einer mächtigen Familie an.
In einer Kleinstadt bei {city} betreibt {P} ein Kino, das seit {year} keinen neuen Film mehr gezeigt hat.
Frisch verwitwet, sucht {P} in {place} Abstand von allem.
Wir schreiben das Jahr {year}. {P}, ein[|e] jung[er|e] {occ} aus {country}, ist gerade in {city} angekommen.
{P} hat einen einfachen Plan: ein letzter Coup in {city2}, danach ein ruhiges Leben am Meer.
Jeden Sommer verbringt {P} im Haus der Familie in {place}. Doch in diesem Jahr ist alles anders.
Als brillant[er|e], aber schwierig[er|e] {occ} muss sich {P} plötzlich ein Büro mit {Q} teilen.
Als {Q}, {R}, nach fünfzehn Jahren plötzlich vor der Tür steht, erkennt {P} <ihn|sie> nicht wieder.
{P}, {occ} in {city}, soll sich um ein Kind kümmern, das [er|sie] nie zuvor gesehen hat.
{dec} träumt {P} in {place} vom Fortgehen, traut sich aber nicht.
In {place} passiert nie etwas – und genau so gefällt es {P}.
Eigentlich soll {P} in {city2} nur einen Vertrag abschließen, an den niemand glaubt.
{P} ist {age} und fest überzeugt, die Welt noch verändern zu können.
Mitten in {city} führt {P} ein Doppelleben, von dem niemand etwas ahnt.
"""),
    DEV=lines("""
Doch als {Q}, {R}, wieder auftaucht, brechen alte Wunden auf.
Eine zufällige Begegnung mit {Q} zwingt [ihn|sie], sich einer Vergangenheit zu stellen, die [er|sie] längst begraben glaubte.
Mit der Zeit beginnt {P1} zu ahnen, dass [sein|ihr] Arbeitgeber etwas verbirgt.
Was als Gefallen beginnt, wird bald zu einer gefährlichen Obsession.
Zwischen {city} und {city2} versucht {P1}, ein Leben zusammenzuhalten, das langsam zerfällt.
Unterstützung bekommt [er|sie] nur von {Q1}, <der|die> ebenfalls etwas zu verbergen hat.
Ein Karton mit alten Briefen stellt alles infrage, was [er|sie] über [seine|ihre] Familie zu wissen glaubte.
Hin- und hergerissen zwischen Loyalität und Ehrgeiz muss {P1} entscheiden, wie weit [er|sie] gehen will.
Nach und nach entsteht zwischen {P1} und {Q1} eine ungewöhnliche Freundschaft.
Währenddessen machen im Ort Gerüchte über {P} die Runde.
Ein Fremder bietet [ihm|ihr] einen Ausweg an – zu einem hohen Preis.
Die Lage spitzt sich zu, als {Q1} für ein Verbrechen verhaftet wird, das <er|sie> nicht begangen hat.
An einem langen Wochenende kommen die Familiengeheimnisse eins nach dem anderen ans Licht.
Verfolgt von den Erinnerungen an das Jahr {year}, beginnt [er|sie], alles aufzuschreiben.
In einem geliehenen Auto macht [er|sie] sich mit {Q1} auf den Weg quer durch {country}.
Je mehr {P1} erfährt, desto weniger will [er|sie] wissen.
Unterdessen steht die Fabrik, von der die halbe Stadt lebt, vor der Schließung.
Ein anonymer Anruf führt [ihn|sie] auf die Spur eines Mannes, der vor Jahrzehnten verschwand.
Ausgerechnet {Q}, {R}, wird zur einzigen Stütze.
Jeder Versuch, {city} zu verlassen, scheint [ihn|sie] nur tiefer hineinzuziehen.
Geduldig beobachtet der Film den Alltag von Menschen, über die selten berichtet wird.
Bald verstrickt sich {P1} in ein Netz aus Lügen, das alle bedroht, die [er|sie] liebt.
Als das Geld ausgeht, nimmt [er|sie] einen Job an, den [er|sie] besser ablehnen sollte.
Fern der Heimat entdeckt {P1} eine Freiheit, von der [er|sie] nie zu träumen wagte.
Ein Sturm schneidet das Dorf drei Tage lang von der Außenwelt ab.
In {city2} kreuzen sich ihre Wege erneut – und nichts läuft nach Plan.
"""),
    CLOSE=lines("""
Ein leiser, zärtlicher Film über {theme}.
Ein berührender Film über {theme}.
Mit Humor und Zurückhaltung erzählt – ein Film über {theme}.
Ein packender Thriller, der seine Geheimnisse bis zur letzten Szene hütet.
Ein vielversprechendes Spielfilmdebüt.
Publikumspreis auf mehreren Festivals.
Ein schonungsloser Blick auf {theme}.
Halb Roadmovie, halb Familiendrama – und die Frage, was wir denen schulden, die wir zurücklassen.
In eindrucksvollen Schwarz-Weiß-Bildern gedreht.
Eine bittersüße Komödie über {theme}.
Getragen von einem herausragenden Ensemble.
Ein Film über {theme} und über den Mut, noch einmal von vorn anzufangen.
Nach dem gleichnamigen Roman.
Über drei Jahre hinweg mit Laiendarstellern gedreht.
Ein stilles Drama über {theme}, gedreht an Originalschauplätzen in {city}.
Ein kluger, unsentimentaler Film über {theme}.
"""),
    FAME=lines("""
{P}, ein[|e] {occ} mit einer Schwäche für {F}, folgt den Spuren [seines|ihres] Idols.
Ein Porträt von {F} vor dem Ruhm, erzählt aus der Sicht von {P}.
Jahre nach einer zufälligen Begegnung mit {F} in {city} erzählt {P} die Geschichte noch immer jedem, der sie hören will.
Der Film imaginiert die letzten Tage von {F} in {city}.
Abends hört {P} alte Platten und liest alles über {F}.
Frei inspiriert vom Leben von {F}.
"""),
    EVENT=lines("""
Kurz nach {E} wird {P}, {occ} in {city}, von [seiner|ihrer] Familie getrennt.
Der Film beginnt unmittelbar vor {E}.
Nach {E} kehrt {P} nach {city} zurück, um {Q} zu suchen.
Jahrzehnte nach {E} kann {P} noch immer nicht über das sprechen, was [er|sie] gesehen hat.
Vor dem Hintergrund von {E} entsteht ein Film über {theme}.
Archivaufnahmen von {E} durchziehen die Erzählung.
"""),
    gm=items("""
Thomas; Michael; Andreas; Stefan; Jan; Lukas; Felix; Jonas; Klaus; Jürgen; Peter; Wolfgang
Matthias; Martin; Tobias; Florian; Karl; Heinz; Dieter; Sebastian; Uwe; Frank; Mehmet; Paul
"""),
    gf=items("""
Anna; Julia; Katharina; Sabine; Petra; Monika; Laura; Lena; Sophie; Hannah; Claudia; Ursula
Ingrid; Greta; Marie; Lisa; Sarah; Birgit; Helga; Emma; Renate; Susanne; Leonie; Ayşe
"""),
    sn=items("""
Müller; Schmidt; Schneider; Fischer; Weber; Meyer; Wagner; Becker; Schulz; Hoffmann; Koch
Richter; Klein; Wolf; Neumann; Schwarz; Braun; Zimmermann; Hartmann; Krüger; Lange; Vogel
Brandt; Keller; Berger; Schröder; Lehmann; Kaiser; Fuchs; Yılmaz; Nowak; Winter
"""),
    occ=items("""
Lehrer|Lehrerin; Krankenpfleger|Krankenschwester; Taxifahrer|Taxifahrerin
Journalist|Journalistin; Fotograf|Fotografin; Polizist|Polizistin; Anwalt|Anwältin
Architekt|Architektin; Landwirt|Landwirtin; Fabrikarbeiter|Fabrikarbeiterin
Musiker|Musikerin; Maler|Malerin; Chirurg|Chirurgin; Übersetzer|Übersetzerin
Mechaniker|Mechanikerin; Kellner|Kellnerin; Schauspieler|Schauspielerin
Ingenieur|Ingenieurin; Bibliothekar|Bibliothekarin; Lkw-Fahrer|Lkw-Fahrerin; Koch|Köchin
Briefträger|Briefträgerin; Boxer|Boxerin; Klavierlehrer|Klavierlehrerin
Hafenarbeiter|Hafenarbeiterin; Fischer|Fischerin; Tänzer|Tänzerin; Busfahrer|Busfahrerin
Kommissar|Kommissarin; Schriftsteller|Schriftstellerin
"""),
    rel=items("""
m:[sein|ihr] jüngerer Bruder; f:[seine|ihre] ältere Schwester; m:[sein|ihr] Vater
f:[seine|ihre] Mutter; m:[sein|ihr] Jugendfreund; f:[seine|ihre] Jugendfreundin
m:[sein|ihr] ehemaliger Lehrer; f:[seine|ihre] Nachbarin; m:[sein|ihr] Sohn
f:[seine|ihre] Tochter; m:[sein|ihr] Cousin; f:[seine|ihre] Cousine
f:[seine|ihre] erste große Liebe; m:[sein|ihr] Geschäftspartner; f:[seine|ihre] Großmutter
m:[sein|ihr] Großvater; m:[sein|ihr] Halbbruder; f:[seine|ihre] Halbschwester
f:[seine|ihre] Vermieterin; m:[sein|ihr] alter Kamerad aus der Armeezeit
f:[seine|ihre] Ex-Frau; m:[sein|ihr] Ex-Mann
"""),
    city=items("""
Paris; New York; Berlin; Tokio; Moskau; London; Rom; Hamburg; München; Wien; Istanbul
Madrid; Lissabon; Warschau; Prag; Buenos Aires; Mexiko-Stadt; Kairo; Beirut; Seoul
Shanghai; Hongkong; Mumbai; Marseille; Neapel; Kiew; Sankt Petersburg; Chicago; Dublin
Köln; Leipzig; Dresden; Frankfurt; Zürich; Rostock; Havanna; Teheran; Jerusalem
Barcelona; Osaka; Bukarest; Athen; Danzig; Breslau
"""),
    country=items("""
Frankreich; Deutschland; Italien; Spanien; Portugal; Polen; Russland; die Ukraine; Japan
China; Südkorea; Mexiko; Argentinien; Brasilien; Marokko; Ägypten; Israel; Indien; Kanada
Irland; Griechenland; Schweden; Norwegen; Österreich; Ungarn; Rumänien; Anatolien; Bosnien
"""),
    place=items("""
einem Fischerdorf an der Ostsee; einer Bergarbeiterstadt im Ruhrgebiet
einem Badeort außerhalb der Saison; einer Plattenbausiedlung am Stadtrand
einem abgelegenen Bergdorf; einer Grenzstadt; einer sterbenden Industriestadt
einer kleinen Nordseeinsel; einem alten Hotel in den Alpen; einem Internat
einer Kleinstadt in der Provinz; einem Vorort von {city}; einem Dorf in der Uckermark
"""),
    theme=items("""
Schuld und Erinnerung; Einsamkeit; das Erwachsenwerden; Exil und Zugehörigkeit
familiäre Loyalität; die Last der Vergangenheit; die erste Liebe; den Preis der Freiheit
das Älterwerden; Freundschaft; Mutterschaft; Vaterschaft; Vergebung; Klasse und Aufstieg
Identität; das Ende einer Ära; Geheimnisse und Lügen; zweite Chancen; Glaube und Zweifel
Trauer
"""),
    genre=items("""
Drama; Thriller; Komödie; Dokumentarfilm; Liebesfilm; Roadmovie; Familiendrama; Krimi
Kriegsfilm; Coming-of-Age-Film; Musikfilm; Historienfilm; Heimatfilm; Satire
"""),
    title=items("""
Das stille Haus; Salz und Asche; Nordlicht; Ein Jahr ohne Sommer; Die letzte Fähre
Geliehene Zeit; Der gläserne Garten; Mitternachtsvögel; Das Gewicht des Wassers
Nach dem Regen; Wintergäste; Die Tochter des Leuchtturmwärters; Papiervögel; Rote Erde
Auf halbem Weg; Das stumme Ufer; Nachtzug; Unter der Brücke; Die Schwestern; Heimweh
Zwischen den Jahren; Grenzland; Der Uhrmacher; Kalte Heimat; Bis zum Morgengrauen
"""),
    credit=lines("""
^„{T}“ ({Y}, Regie: {D}) –
^{T} ({Y}) –
$Der neue Film von {D}.
$Regie: {D}, {Y}.
$Nach „{T}“ der neue Spielfilm von {D}.
^{T} | {D} | {Y} |
"""),
    more=items("Weiterlesen; Mehr lesen; mehr…; Mehr erfahren; [weiter]; » Weiterlesen"),
    src=items("""
(Quelle: Presseheft); (Quelle: Verleih); (Quelle: Festivalkatalog); (Text: Verleih)
(Inhaltsangabe des Verleihs)
"""),
    events=items("""
dem Zweiten Weltkrieg; dem Ersten Weltkrieg; dem Spanischen Bürgerkrieg; der Oktoberrevolution
dem Fall der Mauer; der Katastrophe von Tschernobyl; dem Untergang der Titanic
der Weltwirtschaftskrise; dem Börsenkrach von 1929; der Kubakrise; dem Vietnamkrieg
dem Koreakrieg; dem Algerienkrieg; dem Prager Frühling; dem Mai 1968; der Nelkenrevolution
den Olympischen Spielen 1936 in Berlin; den Olympischen Spielen 1980 in Moskau
den Olympischen Spielen 1972 in München; der Mondlandung; der Blockade Leningrads
dem Holocaust; der Teilung Indiens; der Islamischen Revolution im Iran
dem Atombombenabwurf auf Hiroshima; der Kulturrevolution; dem Sechstagekrieg
dem Libanesischen Bürgerkrieg; dem Zerfall der Sowjetunion; der Belagerung von Sarajevo
dem Tsunami von 2004; den Anschlägen vom 11. September; der Katastrophe von Fukushima
dem Russischen Bürgerkrieg; den Streiks auf der Danziger Werft; der Fußball-WM 1954
dem Arabischen Frühling; dem Golfkrieg; dem Mauerbau; dem Volksaufstand vom 17. Juni 1953
der Wende; der Hamburger Sturmflut von 1962
"""),
    famous=FAMOUS["de"],
)


# ===========================================================================
# SPANISH
# ===========================================================================

_ES_DEC = {
    1920: "veinte",
    1930: "treinta",
    1940: "cuarenta",
    1950: "cincuenta",
    1960: "sesenta",
    1970: "setenta",
    1980: "ochenta",
    1990: "noventa",
}


def dec_es(rng, d):
    if d == 1900:
        return "a principios del siglo XX"
    if d in (1910, 2010, 2020):
        return "en la década de %d" % d
    if d == 2000:
        return rng.choice(["a principios de los 2000", "en la década de 2000"])
    return rng.choice(
        [
            "en los años %s" % _ES_DEC[d],
            "en los años %d" % (d % 100),
            "a finales de los %s" % _ES_DEC[d],
            "en la década de %d" % d,
            "a principios de los años %s" % _ES_DEC[d],
        ]
    )


def fix_es(t):
    return _sub_all(
        t, [(r"\bde el\b", "del"), (r"\ba el\b", "al"), (r"\bde El\b", "del"), (r"\ba El\b", "al")]
    )


lang(
    "es",
    dec=dec_es,
    fix=fix_es,
    double_sn=0.3,
    OPEN=lines("""
{dec}, {P}, un[|a] {occ} de {city}, regresa a su pueblo para saldar las deudas de su difunto padre.
{P} lleva veinte años trabajando como {occ} en {city} sin cuestionarse nada.
Tras su divorcio, {P} se instala en {place} dispuest[o|a] a empezar de cero.
{city}, {year}. {P}, {occ} de {age} años, está a punto de perderlo todo.
{P} es {occ} en {city} y vive sol[o|a] con sus recuerdos y una vieja radio.
Todo empieza la noche en que {P} desaparece en plena boda, en {place}.
Al salir de la cárcel, {P} vuelve a {city} y apenas reconoce su antiguo barrio.
{P} y {Q} crecieron en la misma calle de {city}, pero hace años que no se hablan.
A pocos meses de jubilarse, {P} recibe la visita inesperada de {Q}, {R}.
Invierno de {year}: {P} llega a {city} con una maleta, un nombre falso y ningún plan.
Desde el accidente, {P} se niega a conducir, a nadar o a hablar de {city}.
{P} trabaja en el turno de noche como {occ} en {city} y duerme casi todo el día.
Basada en hechos reales, la película sigue a {P}, un[|a] {occ} que se enfrenta a una poderosa familia local.
En un pequeño pueblo cerca de {city}, {P} regenta un cine que no estrena una película desde {year}.
Recién enviudad[o|a], {P} se muda a {place}, lejos de sus hijos.
Corre el año {year}. {P}, un[|a] joven {occ} llegad[o|a] de {country}, acaba de aterrizar en {city}.
{P} tiene un plan sencillo: un último golpe en {city2} y después una vida tranquila junto al mar.
Cada verano, {P} vuelve a la casa familiar en {place}. Este año, algo ha cambiado.
Brillante pero difícil, {P} se ve obligad[o|a] a compartir despacho con {Q}.
Cuando {Q}, {R}, se presenta en su puerta quince años después, {P} no <lo|la> reconoce.
{P}, {occ} en {city}, tiene que hacerse cargo de un niño al que nunca ha visto.
{dec}, en {place}, {P} sueña con marcharse pero no se atreve.
En {place} nunca pasa nada, y a {P} le parece perfecto.
Enviad[o|a] a {city2} para cerrar un negocio en el que nadie cree, {P} se queda más tiempo de lo previsto.
{P} tiene {age} años y la convicción de que todavía puede cambiar el mundo.
En pleno centro de {city}, {P} lleva una doble vida que nadie sospecha.
"""),
    DEV=lines("""
Pero el regreso de {Q}, {R}, reabre viejas heridas.
Un encuentro casual con {Q} l[o|a] obliga a enfrentarse a un pasado que creía enterrado.
Con el paso de las semanas, {P1} empieza a sospechar que su jefe oculta algo.
Lo que empieza como un favor se convierte pronto en una peligrosa obsesión.
Entre {city} y {city2}, {P1} intenta sostener una vida que se desmorona poco a poco.
<Su único aliado|Su única aliada> es {Q}, {R}, que también guarda sus propios secretos.
El hallazgo de una caja de cartas antiguas cambia todo lo que creía saber sobre su familia.
Dividid[o|a] entre la lealtad y la ambición, {P1} debe decidir hasta dónde está dispuest[o|a] a llegar.
Poco a poco, entre {P1} y {Q1} nace una amistad improbable.
Mientras tanto, los rumores sobre {P} corren por todo el pueblo.
Un desconocido le ofrece una salida, pero a un precio muy alto.
La situación se complica cuando {Q1} es detenid<o|a> por un crimen que no ha cometido.
Durante un largo fin de semana, los secretos familiares salen a la luz uno tras otro.
Atormentad[o|a] por el recuerdo de {year}, empieza a escribirlo todo en un cuaderno.
Recorre {country} en un coche prestado, con {Q1} en el asiento del copiloto.
Cuanto más descubre {P1}, menos quiere saber.
Mientras tanto, la fábrica de la que vive medio pueblo está a punto de cerrar.
Una llamada anónima l[o|a] pone tras la pista de un hombre desaparecido hace décadas.
La ayuda llega de donde menos se espera: {Q}, {R}.
Cada intento de abandonar {city} parece arrastrarl[o|a] de vuelta.
La cámara observa con paciencia el día a día de personas que rara vez son noticia.
Pronto, {P1} queda atrapad[o|a] en una red de mentiras que amenaza a todos los que quiere.
Cuando se acaba el dinero, acepta un trabajo que sabe que debería rechazar.
Lejos de casa, {P1} descubre una libertad que nunca imaginó.
Una tormenta deja el pueblo aislado del mundo durante tres días.
Sus caminos vuelven a cruzarse en {city2}, donde nada sale según lo previsto.
"""),
    CLOSE=lines("""
Un retrato conmovedor sobre {theme}.
Una película delicada y luminosa sobre {theme}.
Un {genre} intimista sobre {theme}, rodado en {city}.
Con humor y contención, la película reflexiona sobre {theme}.
Un {genre} trepidante que guarda sus secretos hasta la última escena.
Una ópera prima muy prometedora.
Premio del público en varios festivales.
Una mirada sin concesiones sobre {theme}.
Entre la road movie y el drama familiar, la película se pregunta qué debemos a quienes dejamos atrás.
Rodada en un hermoso blanco y negro.
Una comedia agridulce sobre {theme}.
Con una interpretación protagonista extraordinaria.
Una película sobre {theme} y sobre el valor necesario para volver a empezar.
Basada en la novela homónima.
Rodada durante tres años con actores no profesionales.
Una crónica sensible de {theme}.
"""),
    FAME=lines("""
{P}, {occ} obsesionad[o|a] con {F}, decide seguir los pasos de su ídolo.
Un retrato de {F} antes de la fama, visto a través de los ojos de {P}, un[|a] {occ} de {city}.
Años después de cruzarse por casualidad con {F} en {city}, {P} sigue contando la historia a quien quiera escucharla.
La película imagina los últimos días de {F} en {city}.
{P} pasa las noches escuchando discos y leyendo todo lo que encuentra sobre {F}.
Libremente inspirada en la vida de {F}.
"""),
    EVENT=lines("""
Durante {E}, {P}, {occ} en {city}, queda separad[o|a] de su familia.
La película arranca en vísperas de {E}.
Tras {E}, {P} regresa a {city} en busca de {Q}, {R}.
Décadas después de {E}, {P} sigue sin poder contar lo que vio.
Con {E} como telón de fondo, es también una historia sobre {theme}.
Imágenes de archivo de {E} salpican el relato.
"""),
    gm=items("""
José; Juan; Antonio; Manuel; Francisco; Carlos; Javier; Miguel; Pedro; Luis; Alejandro
Pablo; Diego; Andrés; Jorge; Sergio; Raúl; Fernando; Rafael; Ernesto; Julio; Tomás; Mateo
"""),
    gf=items("""
María; Carmen; Ana; Lucía; Laura; Isabel; Marta; Elena; Cristina; Rosa; Pilar; Sofía
Paula; Teresa; Beatriz; Inés; Clara; Julia; Valentina; Camila; Mercedes; Dolores; Alba
"""),
    sn=items("""
García; Rodríguez; González; Fernández; López; Martínez; Sánchez; Pérez; Gómez; Martín
Jiménez; Ruiz; Hernández; Díaz; Moreno; Muñoz; Álvarez; Romero; Alonso; Gutiérrez; Navarro
Torres; Domínguez; Vargas; Castillo; Ramos; Herrera; Medina; Aguilar; Ortega; Molina; Rojas
"""),
    occ=items("""
maestro|maestra; enfermero|enfermera; taxista; periodista; fotógrafo|fotógrafa; policía
abogado|abogada; arquitecto|arquitecta; campesino|campesina; obrero|obrera
músico|música; pintor|pintora; cirujano|cirujana; traductor|traductora
mecánico|mecánica; camarero|camarera; actor|actriz; minero|minera; ingeniero|ingeniera
bibliotecario|bibliotecaria; camionero|camionera; cocinero|cocinera; cartero|cartera
boxeador|boxeadora; profesor de piano|profesora de piano; pescador|pescadora
bailarín|bailarina; conductor de autobús|conductora de autobús; detective; escritor|escritora
"""),
    rel=items("""
m:su hermano menor; f:su hermana mayor; m:su padre, con quien no habla desde hace años
f:su madre; m:su amigo de la infancia; f:su amiga de la infancia; m:su antiguo profesor
f:su vecina; m:su hijo; f:su hija; m:su primo; f:su prima; f:su primer amor; m:su primer amor
m:su socio; f:su abuela; m:su abuelo; m:su hermanastro; f:su hermanastra; f:su casera
m:su viejo compañero de la mili; f:su exmujer; m:su exmarido
"""),
    city=items("""
París; Nueva York; Berlín; Tokio; Moscú; Londres; Roma; Madrid; Barcelona; Buenos Aires
Ciudad de México; Estambul; Lisboa; Varsovia; Viena; Praga; El Cairo; Beirut; Seúl
Shanghái; Hong Kong; Bombay; Marsella; Nápoles; Kiev; San Petersburgo; Chicago; Dublín
Sevilla; Valencia; Bilbao; Bogotá; Lima; Santiago de Chile; La Habana; Teherán; Jerusalén
Montevideo; Atenas; Guadalajara; Medellín; Caracas; Los Ángeles; Tánger
"""),
    country=items("""
Francia; Alemania; Italia; España; Portugal; Polonia; Rusia; Ucrania; Japón; China
Corea del Sur; México; Argentina; Brasil; Marruecos; Egipto; Líbano; Israel; Turquía; Irán
India; Canadá; Irlanda; Grecia; Suecia; Estados Unidos; Chile; Colombia; Cuba; Perú
Venezuela; Uruguay
"""),
    place=items("""
un pueblo de pescadores; una ciudad minera del norte; un balneario fuera de temporada
un barrio obrero de las afueras; un pueblo perdido en la montaña; una ciudad fronteriza
una ciudad industrial en decadencia; una pequeña isla; un viejo hotel de montaña
un internado; una ciudad de provincias; las afueras de {city}; un pueblo de la Pampa
"""),
    theme=items("""
el duelo y la memoria; la soledad; el paso a la edad adulta; el exilio; la lealtad familiar
la culpa; el primer amor; el precio de la libertad; la vejez; la amistad; la maternidad
la paternidad; el perdón; la ambición y la clase social; los lazos que nos unen; la identidad
el fin de una época; los secretos de familia; las segundas oportunidades; la fe y la duda
"""),
    genre=items("""
drama; thriller; documental; melodrama; western; road movie; relato de iniciación
drama familiar; drama histórico; thriller psicológico; cine negro; musical
"""),
    title=items("""
El puerto tranquilo; Sal y ceniza; Luces del norte; Un año sin verano; El último ferry
Tiempo prestado; El huerto de cristal; Pájaros de medianoche; El peso del agua
Después de la lluvia; Huéspedes de invierno; La hija del farero; Pájaros de papel
Tierra roja; A medio camino; La orilla callada; Tren nocturno; Bajo el puente; Hermanas
Los que miran el mar; Voces lejanas; Esperando la primavera; El reloj de mi padre
La colina blanca; Hasta el amanecer
"""),
    credit=lines("""
^«{T}» ({Y}, dir. {D}):
^{T} ({Y}) –
$Lo nuevo de {D}.
$Dirigida por {D} ({Y}).
$Tras «{T}», {D} firma su nuevo largometraje.
^{T} / {D} / {Y} /
"""),
    more=items("Leer más; Ver más; Seguir leyendo; + info; Leer más »"),
    src=items("""
(Fuente: distribuidora); (Fuente: catálogo del festival); (Fuente: nota de prensa)
(Sinopsis facilitada por la distribuidora); (Texto: programa del festival)
"""),
    events=items("""
la Segunda Guerra Mundial; la Primera Guerra Mundial; la Guerra Civil española
la Revolución de Octubre; la caída del Muro de Berlín; el desastre de Chernóbil
el hundimiento del Titanic; la Gran Depresión; el crac de 1929; la crisis de los misiles de Cuba
la guerra de Vietnam; la guerra de Corea; la guerra de Argelia; la Primavera de Praga; Mayo del 68
la Revolución de los Claveles; los Juegos Olímpicos de Berlín de 1936
los Juegos Olímpicos de Moscú de 1980; los Juegos Olímpicos de México de 1968
los Juegos Olímpicos de Barcelona de 1992; la llegada del hombre a la Luna; el sitio de Leningrado
el Holocausto; la partición de la India; la Revolución iraní; el bombardeo de Hiroshima
la Revolución Cultural; la guerra de los Seis Días; la guerra civil libanesa
la disolución de la Unión Soviética; el sitio de Sarajevo; el tsunami de 2004
los atentados del 11 de septiembre; el accidente nuclear de Fukushima; la guerra civil rusa
las huelgas de los astilleros de Gdansk; el Mundial de 1986; la Primavera Árabe
la guerra del Golfo; el golpe de Estado de 1973 en Chile; la Transición; la Revolución cubana
el terremoto de México de 1985; la guerra de las Malvinas
"""),
    famous=FAMOUS["es"],
)


# ===========================================================================
# ITALIAN
# ===========================================================================

_IT_DEC = {
    1910: "Dieci",
    1920: "Venti",
    1930: "Trenta",
    1940: "Quaranta",
    1950: "Cinquanta",
    1960: "Sessanta",
    1970: "Settanta",
    1980: "Ottanta",
    1990: "Novanta",
}


def dec_it(rng, d):
    if d == 1900:
        return "all'inizio del Novecento"
    if d == 2000:
        return rng.choice(["nei primi anni Duemila", "negli anni Duemila"])
    if d == 2010:
        return "negli anni Dieci del Duemila"
    if d == 2020:
        return rng.choice(["ai giorni nostri", "nell'Italia di oggi"])
    w = _IT_DEC[d]
    return rng.choice(
        [
            "negli anni " + w,
            "negli anni " + w,
            "alla fine degli anni " + w,
            "nei primi anni " + w,
            "a metà degli anni " + w,
        ]
    )


_IT_ART = [
    ("il", {"di": "del", "a": "al", "da": "dal", "in": "nel", "su": "sul"}),
    ("lo", {"di": "dello", "a": "allo", "da": "dallo", "in": "nello", "su": "sullo"}),
    ("la", {"di": "della", "a": "alla", "da": "dalla", "in": "nella", "su": "sulla"}),
    ("i", {"di": "dei", "a": "ai", "da": "dai", "in": "nei", "su": "sui"}),
    ("gli", {"di": "degli", "a": "agli", "da": "dagli", "in": "negli", "su": "sugli"}),
    ("le", {"di": "delle", "a": "alle", "da": "dalle", "in": "nelle", "su": "sulle"}),
]
_IT_ELIDED = {"di": "dell'", "a": "all'", "da": "dall'", "in": "nell'", "su": "sull'"}


def fix_it(t):
    for art, table in _IT_ART:
        for prep, rep in table.items():
            t = re.sub(r"\b%s %s\b(?!')" % (prep, art), rep, t)
            t = re.sub(r"\b%s %s " % (prep, art.capitalize()), rep + " ", t)
    for prep, rep in _IT_ELIDED.items():
        t = re.sub(r"\b%s [lL]'" % prep, rep, t)
    t = re.sub(r"\buna (?=[aeiouAEIOU])", "un'", t)
    t = re.sub(r"\bun (?=s[bcdfgklmnpqrtv]|z|gn|ps)", "uno ", t)
    return t


lang(
    "it",
    dec=dec_it,
    fix=fix_it,
    forms={},
    OPEN=lines("""
{dec}, {P}, un[|a] {occ} di {city}, torna al paese per saldare i debiti del padre.
Da vent'anni {P} lavora come {occ} a {city} senza mai farsi domande.
Dopo la separazione, {P} si trasferisce in {place} per ricominciare da capo.
{city}, {year}. {P}, {occ} di {age} anni, sta per perdere tutto.
{P} vive a {city}, dove lavora come {occ}, circondat[o|a] dai ricordi e da una vecchia radio.
Tutto comincia la notte in cui {P} scompare nel bel mezzo di un matrimonio, in {place}.
Uscit[o|a] di prigione, {P} torna a {city} e stenta a riconoscere il suo vecchio quartiere.
{P} e {Q} sono cresciuti nella stessa strada di {city}, ma da anni non si rivolgono la parola.
A pochi mesi dalla pensione, {P} riceve la visita inattesa di {Q}, {R}.
Inverno {year}: {P} arriva a {city} con una valigia, un nome falso e nessun piano.
Dopo l'incidente, {P} si rifiuta di guidare, di nuotare e di parlare di {city}.
{P} fa il turno di notte come {occ} a {city} e dorme quasi tutto il giorno.
Ispirato a fatti realmente accaduti, il film segue {P}, un[|a] {occ} che sfida una potente famiglia locale.
In un paesino vicino a {city}, {P} gestisce un cinema che non proietta un film nuovo dal {year}.
Rimast[o|a] vedov[o|a] da poco, {P} si trasferisce in {place}, lontano dai figli.
È il {year}. {P}, giovane {occ} arrivat[o|a] da {country}, è appena sbarcat[o|a] a {city}.
{P} ha un piano semplice: un ultimo colpo a {city2}, poi una vita tranquilla al mare.
Ogni estate {P} torna nella casa di famiglia, in {place}. Quest'anno, però, qualcosa è cambiato.
Brillante ma difficile, {P} è costrett[o|a] a dividere l'ufficio con {Q}.
Quando {Q}, {R}, si presenta alla sua porta dopo quindici anni, {P} non <lo|la> riconosce.
{P}, {occ} a {city}, si ritrova a doversi occupare di un bambino che non ha mai visto.
{dec}, in {place}, {P} sogna di andarsene ma non trova il coraggio.
In {place} non succede mai niente, ed è proprio così che piace a {P}.
Mandat[o|a] a {city2} per chiudere un affare in cui nessuno crede, {P} ci resta più a lungo del previsto.
{P} ha {age} anni e la certezza di poter ancora cambiare il mondo.
Nel cuore di {city}, {P} conduce una doppia vita che nessuno sospetta.
"""),
    DEV=lines("""
Ma il ritorno di {Q}, {R}, riapre vecchie ferite.
Un incontro casuale con {Q} l[o|a] costringe a fare i conti con un passato che credeva sepolto.
Con il passare delle settimane, {P1} comincia a sospettare che il suo datore di lavoro nasconda qualcosa.
Quello che nasce come un favore diventa presto un'ossessione pericolosa.
Tra {city} e {city2}, {P1} cerca di tenere insieme una vita che va lentamente in pezzi.
<Il suo unico alleato|La sua unica alleata> è {Q}, {R}, che nasconde a sua volta dei segreti.
La scoperta di una scatola di vecchie lettere cambia tutto ciò che credeva di sapere sulla propria famiglia.
Divis[o|a] tra lealtà e ambizione, {P1} deve decidere fin dove è dispost[o|a] a spingersi.
Poco a poco, tra {P1} e {Q1} nasce un'amicizia improbabile.
Intanto, in paese, le voci su {P} si moltiplicano.
Uno sconosciuto [gli|le] offre una via d'uscita, ma a caro prezzo.
La situazione precipita quando {Q1} viene arrestat<o|a> per un crimine che non ha commesso.
Nel corso di un lungo fine settimana, i segreti di famiglia vengono a galla uno dopo l'altro.
Ossessionat[o|a] dal ricordo del {year}, comincia a scrivere tutto su un quaderno.
Attraversa {country} su un'auto presa in prestito, con {Q1} al suo fianco.
Più {P1} scopre, meno vorrebbe sapere.
Nel frattempo, la fabbrica che dà lavoro a mezzo paese sta per chiudere.
Una telefonata anonima l[o|a] mette sulle tracce di un uomo scomparso decenni prima.
L'aiuto arriva da dove meno se l'aspetta: {Q}, {R}.
Ogni tentativo di lasciare {city} sembra riportarl[o|a] indietro.
La macchina da presa osserva con pazienza la quotidianità di persone che raramente fanno notizia.
Ben presto {P1} si ritrova intrappolat[o|a] in una rete di bugie che minaccia tutti quelli che ama.
Quando i soldi finiscono, accetta un lavoro che sa di dover rifiutare.
Lontan[o|a] da casa, {P1} scopre una libertà che non aveva mai immaginato.
Una tempesta isola il paese dal resto del mondo per tre giorni.
Le loro strade si incrociano di nuovo a {city2}, dove nulla va come previsto.
"""),
    CLOSE=lines("""
Un film delicato e luminoso su {theme}.
Un ritratto commovente su {theme}.
Un {genre} intimista su {theme}, girato a {city}.
Con ironia e misura, il film riflette su {theme}.
Un {genre} serrato che custodisce i suoi segreti fino all'ultima scena.
Un'opera prima di grande promessa.
Premio del pubblico in diversi festival.
Uno sguardo senza sconti su {theme}.
Tra road movie e dramma familiare, il film si chiede che cosa dobbiamo a chi lasciamo indietro.
Girato in uno splendido bianco e nero.
Una commedia agrodolce su {theme}.
Con un'interpretazione straordinaria nel ruolo principale.
Un film su {theme} e sul coraggio che serve per ricominciare.
Tratto dall'omonimo romanzo.
Girato nell'arco di tre anni con attori non professionisti.
Una cronaca sensibile su {theme}.
"""),
    FAME=lines("""
{P}, {occ} ossessionat[o|a] da {F}, decide di ripercorrere le orme del suo idolo.
Un ritratto di {F} prima della fama, visto attraverso gli occhi di {P}, un[|a] {occ} di {city}.
Anni dopo aver incrociato per caso {F} a {city}, {P} racconta ancora la storia a chiunque voglia ascoltarla.
Il film immagina gli ultimi giorni di {F} a {city}.
{P} passa le serate ad ascoltare dischi e a leggere tutto su {F}.
Liberamente ispirato alla vita di {F}.
"""),
    EVENT=lines("""
Durante {E}, {P}, {occ} a {city}, viene separat[o|a] dalla famiglia.
Il film si apre alla vigilia di {E}.
Dopo {E}, {P} torna a {city} in cerca di {Q}, {R}.
A decenni di distanza da {E}, {P} non riesce ancora a raccontare ciò che ha visto.
Sullo sfondo di {E}, è anche una storia su {theme}.
Immagini d'archivio di {E} scandiscono il racconto.
"""),
    gm=items("""
Marco; Giuseppe; Giovanni; Antonio; Francesco; Luca; Alessandro; Andrea; Matteo; Paolo
Stefano; Roberto; Lorenzo; Davide; Salvatore; Vincenzo; Pietro; Carlo; Nicola; Enzo; Tommaso
"""),
    gf=items("""
Giulia; Maria; Anna; Francesca; Chiara; Sara; Laura; Valentina; Elena; Alessandra; Silvia
Federica; Martina; Paola; Giovanna; Lucia; Teresa; Rosa; Caterina; Beatrice; Angela; Sofia
"""),
    sn=items("""
Rossi; Russo; Ferrari; Esposito; Bianchi; Romano; Colombo; Ricci; Marino; Greco; Bruno
Gallo; Conti; De Luca; Mancini; Costa; Giordano; Rizzo; Lombardi; Moretti; Barbieri
Fontana; Santoro; Mariani; Rinaldi; Caruso; Ferrara; Galli; Martini; Leone; Longo
"""),
    occ=items("""
maestro|maestra; infermiere|infermiera; tassista; giornalista; fotografo|fotografa
poliziotto|poliziotta; avvocato|avvocata; architetto|architetta; contadino|contadina
operaio|operaia; musicista; pittore|pittrice; chirurgo|chirurga; traduttore|traduttrice
meccanico|meccanica; cameriere|cameriera; attore|attrice; minatore; ingegnere
bibliotecario|bibliotecaria; camionista; cuoco|cuoca; postino|postina; pugile
insegnante di pianoforte; pescatore|pescatrice; ballerino|ballerina; scrittore|scrittrice
studente|studentessa; commissario|commissaria
"""),
    rel=items("""
m:suo fratello minore; f:sua sorella maggiore; m:suo padre, che non vede da vent'anni
f:sua madre; m:il suo amico d'infanzia; f:la sua amica d'infanzia; m:il suo vecchio professore
f:la sua vicina di casa; m:suo figlio; f:sua figlia; m:suo cugino; f:sua cugina
f:il suo primo amore; m:il suo primo amore; m:il suo socio in affari; f:sua nonna; m:suo nonno
m:il suo fratellastro; f:la sua sorellastra; f:la sua padrona di casa
m:un vecchio commilitone; f:la sua ex moglie; m:il suo ex marito
"""),
    city=items("""
Parigi; New York; Berlino; Tokyo; Mosca; Londra; Roma; Milano; Napoli; Torino; Istanbul
Madrid; Lisbona; Varsavia; Vienna; Praga; Buenos Aires; Città del Messico; Il Cairo
Beirut; Seul; Shanghai; Hong Kong; Mumbai; Marsiglia; Kiev; San Pietroburgo; Chicago
Dublino; Palermo; Genova; Bologna; Firenze; Trieste; Bari; L'Avana; Teheran
Gerusalemme; Barcellona; Atene; Tunisi; Catania; Venezia
"""),
    country=items("""
la Francia; la Germania; l'Italia; la Spagna; il Portogallo; la Polonia; la Russia
l'Ucraina; il Giappone; la Cina; la Corea del Sud; il Messico; l'Argentina; il Brasile
il Marocco; l'Egitto; il Libano; Israele; la Turchia; l'Iran; l'India; il Canada
l'Irlanda; la Grecia; la Svezia; gli Stati Uniti; l'Albania; la Tunisia; la Svizzera
"""),
    place=items("""
un villaggio di pescatori; una città mineraria del Nord; una località balneare fuori stagione
un quartiere popolare di periferia; un paesino sperduto in montagna; una città di frontiera
una città industriale in declino; una piccola isola; un vecchio albergo in montagna
un collegio; una cittadina di provincia; la periferia di {city}; un paese della Sicilia interna
"""),
    theme=items("""
il lutto e la memoria; la solitudine; il passaggio all'età adulta; l'esilio; la lealtà familiare
il senso di colpa; il primo amore; il prezzo della libertà; la vecchiaia; l'amicizia
la maternità; la paternità; il perdono; l'ambizione e la classe sociale; i legami che ci uniscono
l'identità; la fine di un'epoca; i segreti di famiglia; le seconde occasioni; la fede e il dubbio
"""),
    genre=items("""
dramma; thriller; documentario; melodramma; noir; road movie; film storico; film di guerra
racconto di formazione; dramma familiare; poliziesco; film musicale
"""),
    title=items("""
Il porto tranquillo; Sale e cenere; Luci del Nord; Un anno senza estate; L'ultimo traghetto
Tempo in prestito; Il frutteto di vetro; Uccelli di mezzanotte; Il peso dell'acqua
Dopo la pioggia; Ospiti d'inverno; La figlia del guardiano del faro; Uccelli di carta
Terra rossa; A metà strada; La riva silenziosa; Treno di notte; Sotto il ponte; Sorelle
Quelli che guardano il mare; Voci lontane; Aspettando la primavera; L'orologio di mio padre
La collina bianca; Fino all'alba
"""),
    credit=lines("""
^«{T}» ({Y}, regia di {D}):
^{T} ({Y}) –
$Il nuovo film di {D}.
$Regia di {D}, {Y}.
$Dopo «{T}», {D} firma il suo nuovo lungometraggio.
^{T} / {D} / {Y} /
"""),
    more=items("Leggi tutto; Continua a leggere; Leggi di più; [continua]; Leggi tutto »"),
    src=items("""
(Fonte: cartella stampa); (Fonte: distributore); (Fonte: catalogo del festival)
(Sinossi fornita dal distributore); (Testo: programma del festival)
"""),
    events=items("""
la Seconda guerra mondiale; la Prima guerra mondiale; la guerra civile spagnola
la Rivoluzione d'ottobre; la caduta del Muro di Berlino; il disastro di Černobyl'
il naufragio del Titanic; la Grande depressione; il crollo di Wall Street del 1929
la crisi dei missili di Cuba; la guerra del Vietnam; la guerra di Corea; la guerra d'Algeria
la Primavera di Praga; il Sessantotto; la Rivoluzione dei garofani; le Olimpiadi di Berlino del 1936
le Olimpiadi di Roma del 1960; le Olimpiadi di Mosca del 1980; lo sbarco sulla Luna
l'assedio di Leningrado; la Shoah; la partizione dell'India; la rivoluzione iraniana
il bombardamento di Hiroshima; la Rivoluzione culturale; la guerra dei Sei giorni
la guerra civile libanese; il crollo dell'Unione Sovietica; l'assedio di Sarajevo
lo tsunami del 2004; gli attentati dell'11 settembre; il disastro di Fukushima
la guerra civile russa; gli scioperi nei cantieri di Danzica; la rivolta di Maidan
i Mondiali del 1982; la Primavera araba; la guerra del Golfo; gli anni di piombo
il terremoto dell'Irpinia; l'alluvione di Firenze; la marcia su Roma
"""),
    famous=FAMOUS["it"],
)


# ===========================================================================
# PORTUGUESE
# ===========================================================================


def dec_pt(rng, d):
    if d == 1900:
        return "no início do século XX"
    if d in (1910, 2010, 2020):
        return "na década de %d" % d
    if d == 2000:
        return rng.choice(["no início dos anos 2000", "na década de 2000"])
    return rng.choice(
        [
            "nos anos %d" % (d % 100),
            "nos anos %d" % (d % 100),
            "no final dos anos %d" % (d % 100),
            "na década de %d" % d,
            "no início dos anos %d" % (d % 100),
        ]
    )


def fix_pt(t):
    pairs = []
    for prep, forms in (
        ("de", ("do", "da", "dos", "das")),
        ("em", ("no", "na", "nos", "nas")),
        ("por", ("pelo", "pela", "pelos", "pelas")),
        ("a", ("ao", "à", "aos", "às")),
    ):
        for art, rep in zip(("o", "a", "os", "as"), forms):
            pairs.append((r"\b%s %s\b" % (prep, art), rep))
            pairs.append((r"\b%s %s\b" % (prep, art.capitalize()), rep))
            pairs.append((r"\b%s %s\b" % (prep.capitalize(), art), rep.capitalize()))
    return _sub_all(t, pairs)


lang(
    "pt",
    dec=dec_pt,
    fix=fix_pt,
    double_sn=0.35,
    OPEN=lines("""
{dec}, {P}, um[|a] {occ} de {city}, regressa à terra natal para saldar as dívidas do pai.
Há vinte anos que {P} trabalha como {occ} em {city} sem nunca questionar nada.
Depois do divórcio, {P} muda-se para {place} para recomeçar do zero.
{city}, {year}. {P}, {occ} de {age} anos, está prestes a perder tudo.
{P} vive sozinh[o|a] em {city}, entre o trabalho de {occ} e as memórias de outro tempo.
Tudo começa na noite em que {P} desaparece a meio de um casamento, em {place}.
Acabad[o|a] de sair da prisão, {P} regressa a {city} e mal reconhece o antigo bairro.
{P} e {Q} cresceram na mesma rua de {city}, mas há anos que não se falam.
A poucos meses da reforma, {P} recebe a visita inesperada de {Q}, {R}.
Inverno de {year}: {P} chega a {city} com uma mala, um nome falso e nenhum plano.
Desde o acidente, {P} recusa-se a conduzir, a nadar ou a falar de {city}.
{P} trabalha no turno da noite como {occ} em {city} e dorme durante quase todo o dia.
Inspirado em factos reais, o filme acompanha {P}, um[|a] {occ} que enfrenta uma poderosa família local.
Numa pequena cidade perto de {city}, {P} gere um cinema que não estreia um filme novo desde {year}.
Viúv[o|a] há pouco tempo, {P} muda-se para {place}, longe dos filhos.
Estamos em {year}. {P}, um[|a] jovem {occ} vind[o|a] de {country}, acaba de chegar a {city}.
{P} tem um plano simples: um último golpe em {city2} e depois uma vida tranquila à beira-mar.
Todos os verões, {P} volta à casa da família, em {place}. Este ano, alguma coisa mudou.
Brilhante mas difícil, {P} é obrigad[o|a] a partilhar o escritório com {Q}.
Quando {Q}, {R}, lhe bate à porta quinze anos depois, {P} não <o|a> reconhece.
{P}, {occ} em {city}, vê-se obrigad[o|a] a cuidar de uma criança que nunca tinha visto.
{dec}, em {place}, {P} sonha partir mas não tem coragem.
Em {place} nunca acontece nada, e é exatamente assim que {P} gosta.
Enviad[o|a] a {city2} para fechar um negócio em que ninguém acredita, {P} acaba por ficar mais tempo do que o previsto.
{P} tem {age} anos e a certeza de que ainda pode mudar o mundo.
No coração de {city}, {P} leva uma vida dupla de que ninguém suspeita.
"""),
    DEV=lines("""
Mas o regresso de {Q}, {R}, reabre velhas feridas.
Um encontro casual com {Q} obriga-[o|a] a enfrentar um passado que julgava enterrado.
Com o passar das semanas, {P1} começa a suspeitar que o patrão esconde alguma coisa.
O que começa como um favor transforma-se rapidamente numa obsessão perigosa.
Entre {city} e {city2}, {P1} tenta manter de pé uma vida que se desmorona aos poucos.
<O seu único aliado|A sua única aliada> é {Q}, {R}, que também guarda os seus segredos.
A descoberta de uma caixa de cartas antigas muda tudo o que julgava saber sobre a família.
Dividid[o|a] entre a lealdade e a ambição, {P1} tem de decidir até onde está dispost[o|a] a ir.
Aos poucos, nasce uma amizade improvável entre {P1} e {Q1}.
Entretanto, os rumores sobre {P} espalham-se pela cidade.
Um desconhecido oferece-lhe uma saída, mas a um preço muito alto.
A situação complica-se quando {Q1} é pres<o|a> por um crime que não cometeu.
Ao longo de um fim de semana prolongado, os segredos de família vêm à tona, um após outro.
Assombrad[o|a] pela memória de {year}, começa a escrever tudo num caderno.
Atravessa {country} num carro emprestado, com {Q1} ao seu lado.
Quanto mais {P1} descobre, menos quer saber.
Entretanto, a fábrica de que depende metade da cidade está prestes a fechar.
Um telefonema anónimo põe-[no|na] na pista de um homem desaparecido há décadas.
A ajuda chega de onde menos se espera: {Q}, {R}.
Cada tentativa de deixar {city} parece arrastá-[lo|la] de volta.
A câmara observa com paciência o quotidiano de pessoas que raramente são notícia.
Em breve, {P1} vê-se apanhad[o|a] numa teia de mentiras que ameaça todos os que ama.
Quando o dinheiro acaba, aceita um trabalho que sabe que devia recusar.
Longe de casa, {P1} descobre uma liberdade que nunca imaginara.
Uma tempestade deixa a aldeia isolada do mundo durante três dias.
Os seus caminhos voltam a cruzar-se em {city2}, onde nada corre como previsto.
"""),
    CLOSE=lines("""
Um filme delicado e luminoso sobre {theme}.
Um retrato comovente sobre {theme}.
Um {genre} intimista sobre {theme}, rodado em {city}.
Com humor e contenção, o filme reflete sobre {theme}.
Um {genre} empolgante que guarda os seus segredos até à última cena.
Uma primeira obra muito promissora.
Prémio do público em vários festivais.
Um olhar sem concessões sobre {theme}.
Entre o road movie e o drama familiar, o filme pergunta o que devemos àqueles que deixamos para trás.
Filmado num belíssimo preto e branco.
Uma comédia agridoce sobre {theme}.
Com uma interpretação notável no papel principal.
Um filme sobre {theme} e sobre a coragem de recomeçar.
Adaptado do romance homónimo.
Rodado ao longo de três anos com atores não profissionais.
Uma crónica sensível sobre {theme}.
"""),
    FAME=lines("""
{P}, {occ} obcecad[o|a] por {F}, decide seguir os passos do seu ídolo.
Um retrato de {F} antes da fama, visto pelos olhos de {P}, um[|a] {occ} de {city}.
Anos depois de se ter cruzado por acaso com {F} em {city}, {P} continua a contar a história a quem a quiser ouvir.
O filme imagina os últimos dias de {F} em {city}.
{P} passa as noites a ouvir discos e a ler tudo sobre {F}.
Livremente inspirado na vida de {F}.
"""),
    EVENT=lines("""
Durante {E}, {P}, {occ} em {city}, é separad[o|a] da família.
O filme começa nas vésperas de {E}.
Depois de {E}, {P} regressa a {city} à procura de {Q}, {R}.
Décadas depois de {E}, {P} continua sem conseguir contar o que viu.
Tendo {E} como pano de fundo, é também uma história sobre {theme}.
Imagens de arquivo de {E} pontuam a narrativa.
"""),
    gm=items("""
João; José; António; Francisco; Manuel; Pedro; Paulo; Luís; Carlos; Rui; Miguel; Tiago
Ricardo; Nuno; Bruno; Rafael; Diogo; Lucas; Gabriel; Fernando; Jorge; Eduardo; Sérgio
"""),
    gf=items("""
Maria; Ana; Joana; Catarina; Sofia; Inês; Beatriz; Mariana; Rita; Teresa; Helena; Marta
Luísa; Carolina; Fernanda; Juliana; Patrícia; Isabel; Filipa; Rosa; Conceição; Leonor
"""),
    sn=items("""
Silva; Santos; Ferreira; Pereira; Oliveira; Costa; Rodrigues; Martins; Jesus; Sousa
Fernandes; Gonçalves; Gomes; Lopes; Marques; Alves; Almeida; Ribeiro; Pinto; Carvalho
Teixeira; Moreira; Correia; Mendes; Nunes; Soares; Vieira; Monteiro; Cardoso; Rocha
"""),
    occ=items("""
professor|professora; enfermeiro|enfermeira; taxista; jornalista; fotógrafo|fotógrafa
polícia; advogado|advogada; arquiteto|arquiteta; agricultor|agricultora; operário|operária
músico|música; pintor|pintora; cirurgião|cirurgiã; tradutor|tradutora; mecânico|mecânica
empregado de mesa|empregada de mesa; ator|atriz; mineiro|mineira; engenheiro|engenheira
bibliotecário|bibliotecária; camionista; cozinheiro|cozinheira; carteiro|carteira
pugilista; professor de piano|professora de piano; pescador|pescadora; bailarino|bailarina
motorista de autocarro; inspetor|inspetora; escritor|escritora
"""),
    rel=items("""
m:o irmão mais novo; f:a irmã mais velha; m:o pai, com quem não fala há anos; f:a mãe
m:um amigo de infância; f:uma amiga de infância; m:o antigo professor; f:a vizinha
m:o filho; f:a filha; m:um primo; f:uma prima; f:o primeiro amor; m:o primeiro amor
m:o sócio; f:a avó; m:o avô; m:o meio-irmão; f:a meia-irmã; f:a senhoria
m:um velho camarada da tropa; f:a ex-mulher; m:o ex-marido
"""),
    city=items("""
Paris; Nova Iorque; Berlim; Tóquio; Moscovo; Londres; Roma; Lisboa; o Porto; São Paulo
o Rio de Janeiro; Istambul; Madrid; Varsóvia; Viena; Praga; Buenos Aires; Cidade do México
o Cairo; Beirute; Seul; Xangai; Hong Kong; Bombaim; Marselha; Nápoles; Kiev
São Petersburgo; Chicago; Dublin; Coimbra; Braga; Faro; Luanda; Maputo; Salvador; Recife
Belo Horizonte; Havana; Teerão; Jerusalém; Barcelona; Atenas; Macau
"""),
    country=items("""
a França; a Alemanha; a Itália; a Espanha; Portugal; a Polónia; a Rússia; a Ucrânia
o Japão; a China; a Coreia do Sul; o México; a Argentina; o Brasil; Marrocos; o Egito
o Líbano; Israel; a Turquia; o Irão; a Índia; o Canadá; a Irlanda; a Grécia; a Suécia
os Estados Unidos; Angola; Moçambique; Cabo Verde; a Guiné-Bissau
"""),
    place=items("""
uma aldeia de pescadores; uma vila mineira do interior; uma estância balnear fora de época
um bairro operário da periferia; uma aldeia perdida na serra; uma vila de fronteira
uma cidade industrial em declínio; uma pequena ilha dos Açores; um velho hotel na serra
um colégio interno; uma cidade de província; a periferia de {city}; uma vila alentejana
"""),
    theme=items("""
o luto e a memória; a solidão; a passagem para a vida adulta; o exílio; a lealdade familiar
a culpa; o primeiro amor; o preço da liberdade; a velhice; a amizade; a maternidade
a paternidade; o perdão; a ambição e a classe social; os laços que nos unem; a identidade
o fim de uma época; os segredos de família; as segundas oportunidades; a fé e a dúvida
a saudade
"""),
    genre=items("""
drama; thriller; documentário; melodrama; filme noir; road movie; filme histórico
filme de guerra; drama familiar; policial; musical; filme de época
"""),
    title=items("""
O porto tranquilo; Sal e cinza; Luzes do Norte; Um ano sem verão; O último ferry
Tempo emprestado; O pomar de vidro; Pássaros da meia-noite; O peso da água
Depois da chuva; Hóspedes de inverno; A filha do faroleiro; Pássaros de papel
Terra vermelha; A meio caminho; A margem silenciosa; Comboio noturno; Debaixo da ponte
Irmãs; Os que olham o mar; Vozes distantes; À espera da primavera; O relógio do meu pai
A colina branca; Até ao amanhecer
"""),
    credit=lines("""
^«{T}» ({Y}, realização de {D}):
^{T} ({Y}) –
$O novo filme de {D}.
$Realização: {D}, {Y}.
$Depois de «{T}», {D} assina a sua nova longa-metragem.
^{T} / {D} / {Y} /
"""),
    more=items("Ler mais; Saiba mais; Continuar a ler; Ver mais; Leia mais »"),
    src=items("""
(Fonte: distribuidora); (Fonte: catálogo do festival); (Fonte: kit de imprensa)
(Sinopse cedida pela distribuidora); (Texto: programa do festival)
"""),
    events=items("""
a Segunda Guerra Mundial; a Primeira Guerra Mundial; a Guerra Civil Espanhola
a Revolução de Outubro; a queda do Muro de Berlim; o desastre de Chernobyl
o naufrágio do Titanic; a Grande Depressão; o crash de 1929; a crise dos mísseis de Cuba
a Guerra do Vietname; a Guerra da Coreia; a Guerra da Argélia; a Primavera de Praga
o Maio de 68; a Revolução dos Cravos; os Jogos Olímpicos de Berlim de 1936
os Jogos Olímpicos de Moscovo de 1980; os Jogos Olímpicos do Rio de 2016
a chegada do homem à Lua; o cerco de Leninegrado; o Holocausto; a partição da Índia
a Revolução Iraniana; o bombardeamento de Hiroxima; a Revolução Cultural
a Guerra dos Seis Dias; a guerra civil libanesa; o colapso da União Soviética
o cerco de Sarajevo; o tsunami de 2004; os atentados de 11 de Setembro
o acidente nuclear de Fukushima; a Guerra Colonial; o Mundial de 1970; a Primavera Árabe
a Guerra do Golfo; a ditadura militar brasileira; o Estado Novo; a descolonização
o incêndio do Chiado; o Mundial de 1950
"""),
    famous=FAMOUS["pt"],
)


# ===========================================================================
# RUSSIAN
# ===========================================================================


def dec_ru(rng, d):
    if d == 1900:
        return rng.choice(["в начале XX века", "на рубеже веков"])
    if d == 2000:
        return rng.choice(["в нулевые", "в начале 2000-х"])
    if d == 2020:
        return rng.choice(["в наши дни", "в начале 2020-х"])
    return (
        rng.choice(["в %d-е годы", "в %d-е", "в конце %d-х", "в начале %d-х", "в середине %d-х"])
        % d
    )


def fix_ru(t):
    return re.sub(r"\b([оО]) (?=[аоуэиАОУЭИ])", r"\1б ", t)


lang(
    "ru",
    dec=dec_ru,
    fix=fix_ru,
    decl=decl_ru,
    fem=fem_ru,
    agey=age_word_ru,
    forms={"city": "ngl", "country": "ngl", "events": "ng", "famous": "ng"},
    OPEN=lines("""
{dec} {P}, {occ} из {city:g}, возвращается в родной город, чтобы расплатиться с долгами покойного отца.
Уже двадцать лет {P} живёт {city:l} и ни разу не усомнил[ся|ась] в правилах.
После развода {P} пытается начать всё сначала {place}.
{city}, {year} год. {P}, {age}-летн[ий|яя] {occ}, вот-вот потеряет всё.
{P} — {occ} {city:l}. Одиночество, работа, старое радио и воспоминания.
Всё начинается той ночью, когда {P} бесследно исчезает с чужой свадьбы {place}.
Выйдя из тюрьмы, {P} возвращается {city:a} и не узнаёт родной район.
{P} и {Q} выросли на одной улице {city:l}, но уже много лет не разговаривают.
За несколько месяцев до пенсии к {P:d} неожиданно приезжает {Q}, {R}.
Зима {year} года. {P} приезжает {city:a} с чемоданом, чужим паспортом и без всякого плана.
После аварии {P} отказывается садиться за руль, плавать и вспоминать о прошлом.
{P}, {occ}, работает в ночную смену {city:l} и отсыпается днём.
В основе фильма — реальная история: {P}, {occ}, бросает вызов могущественному местному клану.
В маленьком городке недалеко от {city:g} {P} держит кинотеатр, где не показывали новых фильмов с {year} года.
Оставшись [вдовцом|вдовой], {P} уезжает подальше от взрослых детей и поселяется {place}.
На дворе {year} год. [Молодой|Молодая] {occ} {P} только что прилетел[|а] {city:a} из {country:g}.
У {P:g} простой план: последнее дело {city2:l}, а потом — тихая жизнь у моря.
Каждое лето {P} приезжает в семейный дом {place}. Но в этот раз всё иначе.
Талантлив[ый|ая], но невыносим[ый|ая] {occ} {P} вынужден[|а] делить кабинет с {Q:i}.
Когда {Q}, {R}, спустя пятнадцать лет появляется на пороге, {P} не узнаёт <его|её>.
{P}, {occ} {city:l}, неожиданно долж[ен|на] заботиться о ребёнке, которого никогда раньше не видел[|а].
{dec} {P} мечтает уехать из родного городка, но никак не решается.
{place} никогда ничего не происходит — и {P:d} это нравится.
Отправленн[ый|ая] {city2:a} заключить безнадёжную сделку, {P} задерживается там дольше, чем планировал[|а].
{P:d} {agey}, и [он|она] уверен[|а], что ещё может изменить мир.
В самом центре {city:g} {P} ведёт двойную жизнь, о которой никто не догадывается.
{P} — [молодой|молодая] {occ} из {country:g}, впервые оказавш[ийся|аяся] {city:l}.
"""),
    DEV=lines("""
Но тут возвращается {Q}, {R}, и старые раны открываются вновь.
Случайная встреча с {Q:i} заставляет [его|её] вспомнить прошлое, которое, казалось, давно похоронено.
Со временем {P1} начинает подозревать, что [его|её] работодатель что-то скрывает.
То, что начиналось как дружеская услуга, постепенно превращается в опасную одержимость.
Разрываясь между двумя городами, {P1} пытается удержать рассыпающуюся жизнь.
Единственн<ый|ая> союзни<к|ца> — {Q}, {R}, у котор<ого|ой> тоже есть свои тайны.
Коробка со старыми письмами переворачивает всё, что [он|она] знал[|а] о своей семье.
Между долгом и амбициями {P1} долж[ен|на] решить, как далеко [он|она] готов[|а] зайти.
Постепенно между {P1:i} и {Q1:i} завязывается странная дружба.
Тем временем по городку ползут слухи про {P:a}.
Незнакомец предлагает [ему|ей] выход, но цена окажется слишком высокой.
Ситуация обостряется, когда {Q1:a} арестовывают за преступление, которого <он|она> не совершал<|а>.
За одни длинные выходные семейные тайны выходят наружу одна за другой.
Не в силах забыть {year} год, [он|она] начинает записывать всё, что помнит.
На одолженной машине [он|она] вместе с {Q1:i} отправляется в долгую дорогу.
Чем больше {P1} узнаёт, тем меньше [ему|ей] хочется знать.
Тем временем завод, на котором работает полгорода, вот-вот закроют.
Анонимный звонок выводит [его|её] на след человека, пропавшего десятки лет назад.
Помощь приходит откуда не ждали — от {Q:g}.
Каждая попытка вырваться из {city:g} заканчивается возвращением.
Камера терпеливо наблюдает за повседневной жизнью людей, о которых не пишут в газетах.
Вскоре {P1} запутывается в паутине лжи, которая угрожает всем, кого [он|она] любит.
Когда деньги заканчиваются, [он|она] соглашается на работу, от которой следовало бы отказаться.
Вдали от дома {P1} открывает для себя свободу, о которой даже не мечтал[|а].
Буря на три дня отрезает посёлок от внешнего мира.
Их пути снова пересекаются {city2:l}, где всё идёт не по плану.
"""),
    CLOSE=lines("""
Трогательный фильм о {theme}.
Тихая, нежная история о {theme}.
Камерная драма о {theme}, снятая {city:l}.
С юмором и без лишнего пафоса фильм размышляет о {theme}.
Напряжённый триллер, который хранит свои тайны до последней сцены.
Многообещающий полнометражный дебют.
Приз зрительских симпатий на нескольких фестивалях.
Честное и жёсткое кино о {theme}.
Наполовину роуд-муви, наполовину семейная драма — фильм о том, что мы должны тем, кого оставили позади.
Снято на чёрно-белую плёнку.
Горько-сладкая комедия о {theme}.
Выдающаяся работа исполнителя главной роли.
Фильм о {theme} и о смелости начать всё заново.
Экранизация одноимённого романа.
Снимался три года с непрофессиональными актёрами.
Негромкое, но точное высказывание о {theme}.
"""),
    FAME=lines("""
{P}, {occ} и страстн[ый|ая] поклонни[к|ца] {F:g}, решает пройти по стопам своего кумира.
Портрет {F:g} до славы — глазами {P:g}.
{P} до сих пор рассказывает всем о том дне, когда {city:l} побывал[|а] на выступлении {F:g}.
Фильм воображает последние дни {F:g}.
По вечерам {P} слушает старые пластинки и читает всё о жизни {F:g}.
Вольная фантазия на тему биографии {F:g}.
"""),
    EVENT=lines("""
Во время {E:g} {P}, {occ} {city:l}, теряет связь с семьёй.
Действие начинается накануне {E:g}.
После {E:g} {P} возвращается {city:a}, чтобы разыскать {Q:a}.
Спустя десятилетия после {E:g} {P} всё ещё не может рассказать о том, что видел[|а].
На фоне {E:g} разворачивается история о {theme}.
В повествование вплетена хроника {E:g}.
"""),
    gm=items("""
Иван; Алексей; Дмитрий; Сергей; Андрей; Михаил; Николай; Владимир; Александр; Артём
Борис; Виктор; Григорий; Егор; Олег; Роман; Тимур; Фёдор; Юрий; Максим; Кирилл; Глеб
Степан; Вадим; Константин; Павел; Пётр; Лев; Никита; Илья; Игорь; Аркадий
"""),
    gf=items("""
Анна; Мария; Елена; Ольга; Наталья; Ирина; Татьяна; Светлана; Вера; Надежда; Людмила
Галина; Ксения; Дарья; Полина; Алина; Евгения; Валентина; Лидия; Зоя; Екатерина; Юлия
Марина; Софья; Нина
"""),
    sn=items("""
Иванов; Смирнов; Кузнецов; Попов; Васильев; Петров; Соколов; Михайлов; Новиков; Фёдоров
Морозов; Волков; Алексеев; Лебедев; Семёнов; Егоров; Павлов; Козлов; Степанов; Николаев
Орлов; Андреев; Макаров; Никитин; Захаров; Зайцев; Соловьёв; Борисов; Яковлев; Григорьев
Романов; Воробьёв; Сергеев; Кравченко; Белов; Тарасов; Громов; Шевчук; Левин; Каменский
Вишневский; Покровский; Гольдберг; Рабинович; Ким; Абрамов; Гусейнов
"""),
    foreign=items("""
m:gs:Джон Миллер; f:gs:Мари *Дюбуа; m:gs:Ханс Мюллер; f:gs:Ингрид Йенсен; m:gs:Пьер Лефевр
m:gs:Марко Росси; f:gs:Лаура Росси; m:gs:Хосе *Гарсиа; f:gs:Сара Хаддад; m:gs:Карим Хаддад
m:gs:Кэндзи Ватанабэ; f:gs:Юки *Танака; m:sg:*Ли *Вэй; f:sg:*Чжан *Минь; m:gs:Томаш Новак
f:gs:Агнешка Ковальская; m:gs:Давид Гольдман; f:gs:Эмма Шмидт; m:gs:Ахмед Юсуф
f:gs:Лейла Мансур; m:sg:Пак *Сонхо; f:gs:Хелен Смит; m:gs:Томас Бергман
"""),
    occ=items("""
учитель|учительница; медбрат|медсестра; таксист|таксистка; журналист|журналистка
фотограф|фотограф; полицейский|сотрудница полиции; адвокат|адвокат; архитектор|архитектор
фермер|фермерша; рабочий завода|работница завода; музыкант|музыкант; художник|художница
хирург|хирург; переводчик|переводчица; механик|механик; официант|официантка
актёр|актриса; шахтёр|геолог; инженер|инженер; библиотекарь|библиотекарь
дальнобойщик|дальнобойщица; повар|повар; почтальон|почтальон; боксёр|боксёрша
учитель музыки|учительница музыки; рыбак|рыбачка; танцовщик|танцовщица
водитель автобуса|водитель автобуса; следователь|следователь; врач|врач; бухгалтер|бухгалтер
писатель|писательница
"""),
    rel=items("""
m:[его|её] младший брат; f:[его|её] старшая сестра; m:[его|её] отец, с которым [он|она] давно не общается
f:[его|её] мать; m:[его|её] друг детства; f:[его|её] подруга детства; m:[его|её] бывший учитель
f:[его|её] соседка; m:[его|её] сосед; m:[его|её] сын; f:[его|её] дочь; m:[его|её] двоюродный брат
f:[его|её] двоюродная сестра; f:[его|её] первая любовь; m:[его|её] деловой партнёр
f:[его|её] бабушка; m:[его|её] дед; m:[его|её] сводный брат; f:[его|её] сводная сестра
m:[его|её] старый армейский товарищ; f:[его|её] квартирная хозяйка
f:[его|её] бывшая жена; m:[его|её] бывший муж
"""),
    city=items("""
Париж/Парижа/в Париже; Нью-Йорк/Нью-Йорка/в Нью-Йорке; Берлин/Берлина/в Берлине
Токио/Токио/в Токио; Москва/Москвы/в Москве; Лондон/Лондона/в Лондоне; Рим/Рима/в Риме
Санкт-Петербург/Санкт-Петербурга/в Санкт-Петербурге; Стамбул/Стамбула/в Стамбуле
Мадрид/Мадрида/в Мадриде; Лиссабон/Лиссабона/в Лиссабоне; Варшава/Варшавы/в Варшаве
Вена/Вены/в Вене; Прага/Праги/в Праге; Киев/Киева/в Киеве; Минск/Минска/в Минске
Одесса/Одессы/в Одессе; Тбилиси/Тбилиси/в Тбилиси; Новосибирск/Новосибирска/в Новосибирске
Владивосток/Владивостока/во Владивостоке; Екатеринбург/Екатеринбурга/в Екатеринбурге
Казань/Казани/в Казани; Нижний Новгород/Нижнего Новгорода/в Нижнем Новгороде
Мурманск/Мурманска/в Мурманске; Калининград/Калининграда/в Калининграде
Алма-Ата/Алма-Аты/в Алма-Ате; Ташкент/Ташкента/в Ташкенте; Рига/Риги/в Риге
Баку/Баку/в Баку; Каир/Каира/в Каире; Лос-Анджелес/Лос-Анджелеса/в Лос-Анджелесе
Пекин/Пекина/в Пекине; Сеул/Сеула/в Сеуле; Гавана/Гаваны/в Гаване
Иерусалим/Иерусалима/в Иерусалиме; Барселона/Барселоны/в Барселоне
Ленинград/Ленинграда/в Ленинграде; Самара/Самары/в Самаре; Ереван/Еревана/в Ереване
Норильск/Норильска/в Норильске; Воронеж/Воронежа/в Воронеже
"""),
    country=items("""
Франция/Франции/во Франции; Германия/Германии/в Германии; Италия/Италии/в Италии
Испания/Испании/в Испании; Португалия/Португалии/в Португалии; Польша/Польши/в Польше
Россия/России/в России; Украина/Украины/в Украине; Япония/Японии/в Японии
Китай/Китая/в Китае; Южная Корея/Южной Кореи/в Южной Корее; Мексика/Мексики/в Мексике
Аргентина/Аргентины/в Аргентине; Бразилия/Бразилии/в Бразилии; Марокко/Марокко/в Марокко
Египет/Египта/в Египте; Ливан/Ливана/в Ливане; Израиль/Израиля/в Израиле
Турция/Турции/в Турции; Иран/Ирана/в Иране; Индия/Индии/в Индии; Канада/Канады/в Канаде
Ирландия/Ирландии/в Ирландии; Греция/Греции/в Греции; Швеция/Швеции/в Швеции
США/США/в США; Грузия/Грузии/в Грузии; Казахстан/Казахстана/в Казахстане
Армения/Армении/в Армении; Узбекистан/Узбекистана/в Узбекистане
"""),
    place=items("""
в рыбацком посёлке; в шахтёрском городке на севере; на курорте не в сезон
в спальном районе на окраине; в глухой горной деревне; в приграничном городке
в умирающем промышленном городе; на маленьком острове; в старой гостинице в горах
в интернате; в провинциальном городке; в пригороде {city:g}; в заброшенной деревне под Тверью
в военном городке за Уралом
"""),
    theme=items("""
памяти и утрате; одиночестве; взрослении; изгнании и поиске дома; семейной верности
чувстве вины; первой любви; цене свободы; старости; дружбе; материнстве; отцовстве
прощении; социальном неравенстве; узах, которые связывают людей; поиске себя; конце эпохи
семейных тайнах; втором шансе; вере и сомнении
"""),
    genre=items("""
драма; триллер; комедия; документальный фильм; мелодрама; роуд-муви; семейная драма
криминальная драма; военная драма; историческая драма; мюзикл; социальная драма
"""),
    title=items("""
Тихая гавань; Соль и пепел; Северное сияние; Год без лета; Последний паром; Чужое время
Стеклянный сад; Полуночные птицы; Вес воды; После дождя; Зимние гости
Дочь смотрителя маяка; Бумажные птицы; Красная земля; Дорога домой; Молчаливый берег
Ночной поезд; Под мостом; Сёстры; Смотрящие на море; Далёкие голоса; В ожидании весны
Отцовские часы; Белый склон; До рассвета
"""),
    credit=lines("""
^«{T}» ({Y}, реж. {D}).
^«{T}» / {Y} / реж. {D} —
$Новый фильм {D:g}.
$Режиссёр — {D}.
$После «{T}» это новая работа {D:g}.
^{T} ({Y}) —
"""),
    more=items("Подробнее; Читать далее; Читать полностью; ещё; Подробнее »"),
    src=items("""
(Источник: пресс-релиз); (Источник: дистрибьютор); (Источник: каталог фестиваля)
(Синопсис предоставлен прокатчиком); (Текст: программа фестиваля)
"""),
    events=items("""
Вторая мировая война/Второй мировой войны; Первая мировая война/Первой мировой войны
гражданская война в Испании/гражданской войны в Испании; Октябрьская революция/Октябрьской революции
падение Берлинской стены/падения Берлинской стены; Чернобыльская авария/Чернобыльской аварии
гибель «Титаника»/гибели «Титаника»; Великая депрессия/Великой депрессии
Карибский кризис/Карибского кризиса; война во Вьетнаме/войны во Вьетнаме
Корейская война/Корейской войны; Пражская весна/Пражской весны; Олимпиада-80/Олимпиады-80
Олимпийские игры 1936 года в Берлине/Олимпийских игр 1936 года в Берлине
Олимпиада в Мюнхене/Олимпиады в Мюнхене; высадка на Луну/высадки на Луну
блокада Ленинграда/блокады Ленинграда; Холокост/Холокоста
Исламская революция в Иране/Исламской революции в Иране; бомбардировка Хиросимы/бомбардировки Хиросимы
Культурная революция/Культурной революции; Шестидневная война/Шестидневной войны
распад Советского Союза/распада Советского Союза; осада Сараево/осады Сараево
цунами 2004 года/цунами 2004 года; теракты 11 сентября/терактов 11 сентября
авария на Фукусиме/аварии на Фукусиме; Гражданская война/Гражданской войны
Афганская война/Афганской войны; августовский путч/августовского путча
Спитакское землетрясение/Спитакского землетрясения; полёт Гагарина/полёта Гагарина
Сталинградская битва/Сталинградской битвы; первая чеченская война/первой чеченской войны
чемпионат мира по футболу 2018 года/чемпионата мира по футболу 2018 года
Арабская весна/Арабской весны; война в Персидском заливе/войны в Персидском заливе
Ташкентское землетрясение/Ташкентского землетрясения; Московская Олимпиада/Московской Олимпиады
Всемирный фестиваль молодёжи и студентов/Всемирного фестиваля молодёжи и студентов
"""),
    famous=items("""
Моцарт/Моцарта; Бетховен/Бетховена; Чайковский/Чайковского; Шопен/Шопена; Бах/Баха
Верди/Верди; Стравинский/Стравинского; Шостакович/Шостаковича; Шекспир/Шекспира
Лев Толстой/Льва Толстого; Достоевский/Достоевского; Кафка/Кафки; Виктор Гюго/Виктора Гюго
Сервантес/Сервантеса; Пушкин/Пушкина; Гёте/Гёте; Хемингуэй/Хемингуэя; Агата Кристи/Агаты Кристи
Габриэль Гарсиа Маркес/Габриэля Гарсиа Маркеса; Вирджиния Вулф/Вирджинии Вулф
Наполеон/Наполеона; Ленин/Ленина; Сталин/Сталина; Уинстон Черчилль/Уинстона Черчилля
Ганди/Ганди; Авраам Линкольн/Авраама Линкольна; Джон Кеннеди/Джона Кеннеди
Нельсон Мандела/Нельсона Манделы; Че Гевара/Че Гевары; Шарль де Голль/Шарля де Голля
Мао Цзэдун/Мао Цзэдуна; Гамаль Абдель Насер/Гамаля Абдель Насера; Элвис Пресли/Элвиса Пресли
Джон Леннон/Джона Леннона; Эдит Пиаф/Эдит Пиаф; Боб Дилан/Боба Дилана
Фредди Меркьюри/Фредди Меркьюри; Умм Кульсум/Умм Кульсум; Майкл Джексон/Майкла Джексона
Дэвид Боуи/Дэвида Боуи; Фрида Кало/Фриды Кало; Пабло Пикассо/Пабло Пикассо; Ван Гог/Ван Гога
Мухаммед Али/Мухаммеда Али; Пеле/Пеле; Диего Марадона/Диего Марадоны; Джесси Оуэнс/Джесси Оуэнса
Надя Команечи/Нади Команечи; Альберт Эйнштейн/Альберта Эйнштейна
Мария Склодовская-Кюри/Марии Склодовской-Кюри; Никола Тесла/Николы Теслы
Чарльз Дарвин/Чарльза Дарвина; Юрий Гагарин/Юрия Гагарина; Зигмунд Фрейд/Зигмунда Фрейда
Алан Тьюринг/Алана Тьюринга; Леонардо да Винчи/Леонардо да Винчи; Чарли Чаплин/Чарли Чаплина
Мэрилин Монро/Мэрилин Монро; Сальвадор Дали/Сальвадора Дали; Мария Каллас/Марии Каллас
"""),
)


# ===========================================================================
# UKRAINIAN
# ===========================================================================


def dec_uk(rng, d):
    if d == 1900:
        return rng.choice(["на початку XX століття", "на зламі століть"])
    if d == 2020:
        return rng.choice(["у наші дні", "на початку 2020-х"])
    return (
        rng.choice(
            ["у %d-ті роки", "у %d-х", "наприкінці %d-х", "на початку %d-х", "в середині %d-х"]
        )
        % d
    )


def fix_uk(t):
    return re.sub(r"\b([зЗ]) (?=Льв|Стр|Зб|Зг|Ск|Шв)", r"\1і ", t)


lang(
    "uk",
    dec=dec_uk,
    fix=fix_uk,
    decl=decl_uk,
    fem=fem_uk,
    agey=age_word_uk,
    forms={"city": "ngl", "country": "ng", "events": "ng", "famous": "ng"},
    OPEN=lines("""
{dec} {P}, {occ} з {city:g}, повертається до рідного міста, щоб розрахуватися з боргами покійного батька.
Уже двадцять років {P} живе {city:l} і жодного разу не стави[в|ла] під сумнів правила.
Після розлучення {P} намагається почати все спочатку {place}.
{city}, {year} рік. {P}, {age}-річн[ий|а] {occ}, ось-ось втратить усе.
{P} — {occ} {city:l}. Самотність, робота, старе радіо і спогади.
Усе починається тієї ночі, коли {P} безслідно зникає з чужого весілля {place}.
Вийшовши з в'язниці, {P} повертається до {city:g} і не впізнає рідного району.
{P} і {Q} виросли на одній вулиці {city:l}, але вже багато років не розмовляють.
За кілька місяців до пенсії до {P:g} несподівано приїжджає {Q}, {R}.
Зима {year} року. {P} приїжджає до {city:g} з валізою, чужим паспортом і без жодного плану.
Після аварії {P} відмовляється сідати за кермо, плавати й згадувати минуле.
{P}, {occ}, працює в нічну зміну {city:l} і відсипається вдень.
В основі фільму — реальна історія: {P}, {occ}, кидає виклик могутньому місцевому кланові.
У маленькому містечку неподалік від {city:g} {P} тримає кінотеатр, де не показували нових фільмів з {year} року.
[Овдовілий|Овдовіла] нещодавно, {P} їде подалі від дорослих дітей і оселяється {place}.
Надворі {year} рік. [Молодий|Молода] {occ} {P} щойно приїха[в|ла] до {city:g} з {country:g}.
У {P:g} простий план: остання справа {city2:l}, а потім — тихе життя біля моря.
Щоліта {P} приїжджає до родинного дому {place}. Але цього разу все інакше.
[Талановитий|Талановита], але [нестерпний|нестерпна] {occ} {P} змушен[ий|а] ділити кабінет із {Q:i}.
Коли {Q}, {R}, через п'ятнадцять років з'являється на порозі, {P} не впізнає <його|її>.
{P}, {occ} {city:l}, раптом має піклуватися про дитину, якої ніколи раніше не бачи[в|ла].
{dec} {P} мріє поїхати з рідного містечка, але ніяк не наважується.
{place} ніколи нічого не відбувається — і {P:d} це до вподоби.
[Відряджений|Відряджена] до {city2:g} укласти безнадійну угоду, {P} затримується там довше, ніж планува[в|ла].
{P:d} {agey}, і [він|вона] досі вірить, що може змінити світ.
У самому центрі {city:g} {P} веде подвійне життя, про яке ніхто не здогадується.
"""),
    DEV=lines("""
Але тут повертається {Q}, {R}, і старі рани відкриваються знову.
Випадкова зустріч із {Q:i} змушує [його|її] згадати минуле, яке, здавалося, давно поховане.
З часом {P1} починає підозрювати, що [його|її] роботодавець щось приховує.
Те, що починалося як дружня послуга, поступово перетворюється на небезпечну одержимість.
Розриваючись між двома містами, {P1} намагається втримати життя, що розсипається.
<Єдиний союзник|Єдина союзниця> — {Q}, {R}, <який|яка> теж має свої таємниці.
Коробка зі старими листами перевертає все, що [він|вона] зна[в|ла] про свою родину.
Між вірністю та амбіціями {P1} мусить вирішити, як далеко [він|вона] [готовий|готова] зайти.
Поступово між {P1:i} та {Q1:i} зав'язується дивна дружба.
Тим часом містечком повзуть чутки про {P:a}.
Незнайомець пропонує [йому|їй] вихід, але ціна виявиться надто високою.
Ситуація загострюється, коли {Q1:a} заарештовують за злочин, якого <він|вона> не вчиня<в|ла>.
За одні довгі вихідні родинні таємниці випливають на поверхню одна за одною.
Не в змозі забути {year} рік, [він|вона] починає записувати все, що пам'ятає.
Позиченою машиною [він|вона] разом із {Q1:i} вирушає в далеку дорогу.
Що більше {P1} дізнається, то менше [йому|їй] хочеться знати.
Тим часом завод, на якому працює пів міста, от-от закриють.
Анонімний дзвінок виводить [його|її] на слід чоловіка, який зник десятки років тому.
Допомога приходить звідки не чекали — від {Q:g}.
Кожна спроба вирватися з {city:g} закінчується поверненням.
Камера терпляче спостерігає за буднями людей, про яких не пишуть у газетах.
Незабаром {P1} заплутується в павутинні брехні, яке загрожує всім, кого [він|вона] любить.
Коли гроші закінчуються, [він|вона] погоджується на роботу, від якої варто було б відмовитися.
Далеко від дому {P1} відкриває для себе свободу, про яку навіть не мрія[в|ла].
Буря на три дні відрізає село від зовнішнього світу.
Їхні шляхи знову перетинаються {city2:l}, де все йде не за планом.
"""),
    CLOSE=lines("""
Зворушливий фільм про {theme}.
Тиха, ніжна історія про {theme}.
Камерна драма про {theme}, знята {city:l}.
З гумором і без зайвого пафосу фільм розмірковує про {theme}.
Напружений трилер, який береже свої таємниці до останньої сцени.
Багатообіцяючий повнометражний дебют.
Приз глядацьких симпатій на кількох фестивалях.
Чесне й жорстке кіно про {theme}.
Наполовину роуд-муві, наполовину родинна драма — фільм про те, що ми винні тим, кого залишили позаду.
Знято на чорно-білу плівку.
Гірко-солодка комедія про {theme}.
Видатна робота виконавця головної ролі.
Фільм про {theme} і про сміливість почати все спочатку.
Екранізація однойменного роману.
Знімався три роки з непрофесійними акторами.
Тихе, але точне висловлювання про {theme}.
"""),
    FAME=lines("""
{P}, {occ} і [палкий шанувальник|палка шанувальниця] {F:g}, вирішує пройти слідами свого кумира.
Портрет {F:g} до слави — очима {P:g}.
{P} досі розповідає всім про той день, коли {city:l} побува[в|ла] на виступі {F:g}.
Фільм уявляє останні дні {F:g}.
Вечорами {P} слухає старі платівки й читає все про життя {F:g}.
Вільна фантазія на тему біографії {F:g}.
"""),
    EVENT=lines("""
Під час {E:g} {P}, {occ} {city:l}, втрачає зв'язок із родиною.
Дія починається напередодні {E:g}.
Після {E:g} {P} повертається до {city:g}, щоб розшукати {Q:a}.
Через десятиліття після {E:g} {P} досі не може розповісти про те, що бачи[в|ла].
На тлі {E:g} розгортається історія про {theme}.
У розповідь вплетено хроніку {E:g}.
"""),
    gm=items("""
Іван; Олександр; Андрій; Дмитро; Петро; Тарас; Богдан; Максим; Остап; Василь; Микола
Юрій; Сергій; Олег; Роман; Ярослав; Степан; Назар; Євген; Віктор; Григорій; Михайло
Павло; Ігор; Олексій
"""),
    gf=items("""
Олена; Оксана; Наталія; Ірина; Тетяна; Марія; Софія; Анна; Катерина; Людмила; Галина
Юлія; Вікторія; Дарина; Христина; Леся; Надія; Ганна; Мирослава; Соломія; Ольга; Яна
Світлана; Лариса
"""),
    sn=items("""
Шевченко; Коваленко; Бондаренко; Ткаченко; Кравченко; Олійник; Мельник; Шевчук; Поліщук
Лисенко; Марченко; Руденко; Савчук; Ковальчук; Романюк; Гнатюк; Левицький; Грушевський
Яворський; Стельмах; Мороз; Кравчук; Бойко; Іваненко; Петренко; Сидоренко; Гончаренко
Литвиненко; Кузьменко; Захарченко
"""),
    foreign=items("""
m:gs:Джон Міллер; f:gs:Марі *Дюбуа; m:gs:Ганс Мюллер; m:gs:П'єр Лефевр; m:gs:Марко Россі
f:gs:Лаура Россі; m:gs:Хосе *Гарсія; m:gs:Карім Хаддад; m:gs:Кендзі Ватанабе; f:gs:Юкі *Танака
m:gs:Томаш Новак; f:gs:Агнешка Ковальська; m:gs:Давид Гольдберг; f:gs:Інгрід Йенсен
f:gs:Сара Коен; m:gs:Дмитро Іванов; f:gs:Анна Петрова; m:gs:Сергій Волков; f:gs:Емма Шмідт
"""),
    occ=items("""
вчитель|вчителька; медбрат|медсестра; таксист|таксистка; журналіст|журналістка
фотограф|фотографиня; поліцейський|поліцейська; адвокат|адвокатка; архітектор|архітекторка
фермер|фермерка; робітник заводу|робітниця заводу; музикант|музикантка; художник|художниця
хірург|хірургиня; перекладач|перекладачка; механік|механік; офіціант|офіціантка
актор|акторка; шахтар|геологиня; інженер|інженерка; бібліотекар|бібліотекарка
далекобійник|далекобійниця; кухар|кухарка; листоноша|листоноша; боксер|боксерка
рибалка|рибалка; танцівник|танцівниця; лікар|лікарка; слідчий|слідча; бухгалтер|бухгалтерка
письменник|письменниця
"""),
    rel=items("""
m:[його|її] молодший брат; f:[його|її] старша сестра; m:[його|її] батько; f:[його|її] мати
m:[його|її] друг дитинства; f:[його|її] подруга дитинства; m:[його|її] колишній учитель
f:[його|її] сусідка; m:[його|її] син; f:[його|її] донька; m:[його|її] двоюрідний брат
f:[його|її] двоюрідна сестра; f:[його|її] перше кохання; m:[його|її] діловий партнер
f:[його|її] бабуся; m:[його|її] дід; m:[його|її] зведений брат; m:[його|її] давній армійський товариш
f:[його|її] колишня дружина; m:[його|її] колишній чоловік
"""),
    city=items("""
Київ/Києва/у Києві; Львів/Львова/у Львові; Одеса/Одеси/в Одесі; Харків/Харкова/у Харкові
Париж/Парижа/у Парижі; Нью-Йорк/Нью-Йорка/у Нью-Йорку; Берлін/Берліна/у Берліні
Токіо/Токіо/у Токіо; Москва/Москви/у Москві; Дніпро/Дніпра/у Дніпрі; Лондон/Лондона/у Лондоні
Рим/Рима/у Римі; Варшава/Варшави/у Варшаві; Відень/Відня/у Відні; Прага/Праги/у Празі
Краків/Кракова/у Кракові; Стамбул/Стамбула/у Стамбулі; Мадрид/Мадрида/у Мадриді
Лісабон/Лісабона/у Лісабоні; Чернігів/Чернігова/у Чернігові; Запоріжжя/Запоріжжя/у Запоріжжі
Ужгород/Ужгорода/в Ужгороді; Івано-Франківськ/Івано-Франківська/в Івано-Франківську
Полтава/Полтави/у Полтаві; Херсон/Херсона/у Херсоні; Маріуполь/Маріуполя/у Маріуполі
Чернівці/Чернівців/у Чернівцях; Тбілісі/Тбілісі/у Тбілісі; Мінськ/Мінська/у Мінську
Торонто/Торонто/у Торонто; Лос-Анджелес/Лос-Анджелеса/у Лос-Анджелесі; Каїр/Каїра/у Каїрі
Буенос-Айрес/Буенос-Айреса/у Буенос-Айресі; Вінніпег/Вінніпега/у Вінніпезі
"""),
    country=items("""
Франція/Франції; Німеччина/Німеччини; Італія/Італії; Іспанія/Іспанії; Португалія/Португалії
Польща/Польщі; Росія/Росії; Україна/України; Японія/Японії; Китай/Китаю
Південна Корея/Південної Кореї; Мексика/Мексики; Аргентина/Аргентини; Бразилія/Бразилії
Марокко/Марокко; Єгипет/Єгипту; Ліван/Лівану; Ізраїль/Ізраїлю; Туреччина/Туреччини
Іран/Ірану; Індія/Індії; Канада/Канади; Ірландія/Ірландії; Греція/Греції; Швеція/Швеції
США/США; Грузія/Грузії; Молдова/Молдови; Литва/Литви
"""),
    place=items("""
у маленькому рибальському селищі; у шахтарському містечку на Донбасі; на курорті поза сезоном
у спальному районі на околиці; у глухому гірському селі в Карпатах; у прикордонному містечку
у занедбаному промисловому місті; на маленькому острові; у старому готелі в горах
в інтернаті; у провінційному містечку; на хуторі під Полтавою; у передмісті {city:g}
"""),
    theme=items("""
пам'ять і втрату; самотність; дорослішання; вигнання; родинну вірність; провину
перше кохання; ціну свободи; старість; дружбу; материнство; батьківство; прощення
соціальну нерівність; зв'язки, що єднають людей; пошук себе; кінець епохи; родинні таємниці
другий шанс; віру і сумнів
"""),
    genre=items("""
драма; трилер; комедія; документальний фільм; мелодрама; роуд-муві; родинна драма
кримінальна драма; воєнна драма; історична драма; мюзикл; соціальна драма
"""),
    title=items("""
Тиха гавань; Сіль і попіл; Північне сяйво; Рік без літа; Останній пором; Позичений час
Скляний сад; Опівнічні птахи; Вага води; Після дощу; Зимові гості; Донька доглядача маяка
Паперові птахи; Червона земля; Дорога додому; Мовчазний берег; Нічний потяг; Під мостом
Сестри; Ті, що дивляться на море; Далекі голоси; Чекаючи на весну; Батьків годинник
Білий схил; До світанку
"""),
    credit=lines("""
^«{T}» ({Y}, реж. {D}).
^«{T}» / {Y} / реж. {D} —
$Новий фільм {D:g}.
$Режисура: {D}.
$Після «{T}» це нова робота {D:g}.
^{T} ({Y}) —
"""),
    more=items("Детальніше; Читати далі; Більше; Читати повністю; Детальніше »"),
    src=items("""
(Джерело: прес-реліз); (Джерело: дистриб'ютор); (Джерело: каталог фестивалю)
(Синопсис надано дистриб'ютором); (Текст: програма фестивалю)
"""),
    events=items("""
Друга світова війна/Другої світової війни; Перша світова війна/Першої світової війни
Голодомор/Голодомору; Чорнобильська катастрофа/Чорнобильської катастрофи
Помаранчева революція/Помаранчевої революції; Революція гідності/Революції гідності
Жовтневий переворот/Жовтневого перевороту; падіння Берлінського муру/падіння Берлінського муру
розпад Радянського Союзу/розпаду Радянського Союзу
проголошення незалежності України/проголошення незалежності України
Революція на граніті/Революції на граніті; депортація кримських татар/депортації кримських татар
Празька весна/Празької весни; Олімпіада-80/Олімпіади-80; висадка на Місяць/висадки на Місяць
блокада Ленінграда/блокади Ленінграда; Голокост/Голокосту; війна у В'єтнамі/війни у В'єтнамі
Карибська криза/Карибської кризи; Велика депресія/Великої депресії
загибель «Титаніка»/загибелі «Титаніка»; громадянська війна в Іспанії/громадянської війни в Іспанії
бомбардування Хіросіми/бомбардування Хіросіми; Афганська війна/Афганської війни
теракти 11 вересня/терактів 11 вересня; аварія на Фукусімі/аварії на Фукусімі
Українська революція 1917 року/Української революції 1917 року; трагедія Бабиного Яру/трагедії Бабиного Яру
Євро-2012/Євро-2012; Арабська весна/Арабської весни; війна в Перській затоці/війни в Перській затоці
цунамі 2004 року/цунамі 2004 року; облога Сараєва/облоги Сараєва
"""),
    famous=items("""
Моцарт/Моцарта; Бетховен/Бетховена; Чайковський/Чайковського; Шопен/Шопена; Бах/Баха
Верді/Верді; Стравінський/Стравінського; Шостакович/Шостаковича; Шекспір/Шекспіра
Лев Толстой/Лева Толстого; Достоєвський/Достоєвського; Кафка/Кафки; Віктор Гюго/Віктора Гюго
Сервантес/Сервантеса; Пушкін/Пушкіна; Ґете/Ґете; Гемінґвей/Гемінґвея; Аґата Крісті/Аґати Крісті
Габріель Гарсія Маркес/Габріеля Гарсії Маркеса; Вірджинія Вулф/Вірджинії Вулф
Наполеон/Наполеона; Ленін/Леніна; Сталін/Сталіна; Вінстон Черчилль/Вінстона Черчилля
Ганді/Ганді; Авраам Лінкольн/Авраама Лінкольна; Джон Кеннеді/Джона Кеннеді
Нельсон Мандела/Нельсона Мандели; Че Гевара/Че Гевари; Шарль де Ґолль/Шарля де Ґолля
Мао Цзедун/Мао Цзедуна; Гамаль Абдель Насер/Гамаля Абдель Насера; Елвіс Преслі/Елвіса Преслі
Джон Леннон/Джона Леннона; Едіт Піаф/Едіт Піаф; Боб Ділан/Боба Ділана
Фредді Мерк'юрі/Фредді Мерк'юрі; Умм Кульсум/Умм Кульсум; Майкл Джексон/Майкла Джексона
Девід Бові/Девіда Бові; Фріда Кало/Фріди Кало; Пабло Пікассо/Пабло Пікассо; Ван Гог/Ван Гога
Мухаммед Алі/Мухаммеда Алі; Пеле/Пеле; Дієго Марадона/Дієго Марадони; Джессі Оуенс/Джессі Оуенса
Надя Команечі/Наді Команечі; Альберт Ейнштейн/Альберта Ейнштейна
Марія Склодовська-Кюрі/Марії Склодовської-Кюрі; Нікола Тесла/Ніколи Тесли
Чарлз Дарвін/Чарлза Дарвіна; Юрій Гагарін/Юрія Гагаріна; Зиґмунд Фройд/Зиґмунда Фройда
Алан Тюрінг/Алана Тюрінга; Леонардо да Вінчі/Леонардо да Вінчі; Чарлі Чаплін/Чарлі Чапліна
Мерилін Монро/Мерилін Монро; Сальвадор Далі/Сальвадора Далі; Марія Каллас/Марії Каллас
"""),
)


# ===========================================================================
# POLISH
# ===========================================================================


def dec_pl(rng, d):
    if d == 1900:
        return "na początku XX wieku"
    if d == 1910:
        return rng.choice(["w latach 10. XX wieku", "tuż przed I wojną światową"])
    if d == 2000:
        return rng.choice(["na początku XXI wieku", "na początku lat dwutysięcznych"])
    if d == 2010:
        return "w drugiej dekadzie XXI wieku"
    if d == 2020:
        return rng.choice(["współcześnie", "dziś"])
    y = d % 100
    return rng.choice(
        [
            "w latach %d." % y,
            "w latach %d." % y,
            "pod koniec lat %d." % y,
            "na początku lat %d." % y,
            "w połowie lat %d." % y,
        ]
    )


lang(
    "pl",
    dec=dec_pl,
    decl=decl_pl,
    fem=fem_pl,
    agey=age_word_pl,
    forms={"city": "ngl", "country": "ng", "events": "ng", "famous": "ng"},
    OPEN=lines("""
{dec} {P}, {occ} z {city:g}, wraca w rodzinne strony, by spłacić długi zmarłego ojca.
Od dwudziestu lat {P} mieszka {city:l} i nigdy niczego nie kwestionował[|a].
Po rozwodzie {P} próbuje zacząć wszystko od nowa {place}.
{city}, rok {year}. {P}, {age}-letni[|a] {occ}, jest o krok od utraty wszystkiego.
{P}, {occ} {city:l}, żyje samotnie wśród wspomnień i starego radia.
Wszystko zaczyna się w noc, gdy {P} znika w trakcie wesela {place}.
Po wyjściu z więzienia {P} wraca do {city:g} i nie poznaje swojej dawnej dzielnicy.
{P} i {Q} dorastali na tej samej ulicy {city:l}, ale od lat ze sobą nie rozmawiają.
Kilka miesięcy przed emeryturą w drzwiach {P:g} staje niespodziewanie {Q}, {R}.
Zima {year} roku. {P} przyjeżdża do {city:g} z walizką, fałszywym nazwiskiem i bez żadnego planu.
Od czasu wypadku {P} nie prowadzi samochodu, nie pływa i nie chce rozmawiać o przeszłości.
{P} pracuje na nocną zmianę {city:l} i przesypia większość dnia.
Oparty na faktach film opowiada historię {P:g}, [który|która] rzuca wyzwanie wpływowej lokalnej rodzinie.
W miasteczku niedaleko {city:g} {P} prowadzi kino, w którym od {year} roku nie wyświetlano żadnej premiery.
Niedawno owdowiał[y|a], {P} wyjeżdża daleko od dzieci i zamieszkuje {place}.
Jest rok {year}. [Młody|Młoda] {occ} z {country:g}, {P}, właśnie przyjechał[|a] do {city:g}.
Plan {P:g} jest prosty: ostatni skok {city2:l}, a potem spokojne życie nad morzem.
Co roku latem {P} wraca do rodzinnego domu {place}. Tym razem jednak wszystko jest inaczej.
Błyskotliw[y|a], ale trudn[y|a] we współpracy {occ} {P} musi dzielić gabinet z {Q:i}.
Gdy po piętnastu latach w drzwiach staje {Q}, {R}, {P} <go|jej> nie poznaje.
{P}, {occ} {city:l}, nagle musi zaopiekować się dzieckiem, którego nigdy wcześniej nie widział[|a].
{dec} {P} marzy o wyjeździe z rodzinnego miasteczka, ale nie ma odwagi.
{place} nigdy nic się nie dzieje, a {P} bardzo to sobie ceni.
Wysłan[y|a] do {city2:g}, by sfinalizować beznadziejny kontrakt, {P} zostaje tam dłużej, niż planował[|a].
{P} ma {agey} i wciąż wierzy, że może zmienić świat.
W samym sercu {city:g} {P} prowadzi podwójne życie, o którym nikt nie wie.
"""),
    DEV=lines("""
Wtedy jednak wraca {Q}, {R}, a stare rany znów się otwierają.
Przypadkowe spotkanie z {Q:i} zmusza [go|ją] do konfrontacji z przeszłością, którą uważał[|a] za pogrzebaną.
Z czasem {P1} zaczyna podejrzewać, że [jego|jej] pracodawca coś ukrywa.
To, co zaczęło się jako przysługa, szybko zamienia się w niebezpieczną obsesję.
Między jednym a drugim miastem {P1} próbuje poskładać rozpadające się życie.
<Jedynym sojusznikiem|Jedyną sojuszniczką> okazuje się {Q}, {R}, <który|która> także ma swoje tajemnice.
Pudełko starych listów podważa wszystko, co wiedział[|a] o swojej rodzinie.
Rozdart[y|a] między lojalnością a ambicją, {P1} musi zdecydować, jak daleko jest w stanie się posunąć.
Powoli między {P1:i} a {Q1:i} rodzi się niezwykła przyjaźń.
Tymczasem po miasteczku krążą coraz bardziej niepokojące plotki.
Nieznajomy proponuje [mu|jej] wyjście z sytuacji, ale cena okaże się wysoka.
Sytuacja się zaostrza, gdy {Q1} zostaje aresztowan<y|a> za przestępstwo, którego nie popełnił<|a>.
Podczas jednego długiego weekendu rodzinne tajemnice wychodzą na jaw jedna po drugiej.
Nie mogąc zapomnieć roku {year}, zaczyna spisywać wszystko, co pamięta.
Pożyczonym samochodem wyrusza z {Q1:i} w podróż przez pół kraju.
Im więcej {P1} wie, tym mniej chce wiedzieć.
Tymczasem zakład, z którego żyje pół miasta, ma zostać zamknięty.
Anonimowy telefon naprowadza [go|ją] na trop mężczyzny, który zaginął przed dziesięcioleciami.
Pomoc przychodzi z najmniej oczekiwanej strony — od {Q:g}.
Każda próba wyjazdu z {city:g} kończy się powrotem.
Kamera cierpliwie przygląda się codzienności ludzi, o których rzadko pisze się w gazetach.
Wkrótce {P1} zostaje uwikłan[y|a] w sieć kłamstw, która zagraża wszystkim, których kocha.
Kiedy kończą się pieniądze, przyjmuje pracę, której powin[ien|na] był[|a] odmówić.
Z dala od domu {P1} odkrywa wolność, o jakiej nigdy nie marzył[|a].
Burza na trzy dni odcina wioskę od świata.
Ich drogi znów się krzyżują {city2:l}, gdzie nic nie idzie zgodnie z planem.
"""),
    CLOSE=lines("""
Poruszający film o {theme}.
Cicha, czuła opowieść o {theme}.
Kameralny dramat o {theme}, kręcony {city:l}.
Z humorem i powściągliwością film opowiada o {theme}.
Trzymający w napięciu thriller, który do ostatniej sceny nie zdradza swoich tajemnic.
Obiecujący debiut fabularny.
Nagroda publiczności na kilku festiwalach.
Bezkompromisowe kino o {theme}.
Trochę kino drogi, trochę dramat rodzinny — film o tym, co jesteśmy winni tym, których zostawiamy.
Zrealizowany w pięknych czarno-białych zdjęciach.
Słodko-gorzka komedia o {theme}.
Z wybitną rolą pierwszoplanową.
Film o {theme} i o odwadze, by zacząć od nowa.
Ekranizacja powieści pod tym samym tytułem.
Kręcony przez trzy lata z udziałem aktorów amatorów.
Wnikliwa opowieść o {theme}.
"""),
    FAME=lines("""
{P}, {occ} zafascynowan[y|a] postacią {F:g}, postanawia pójść śladami swojego idola.
Portret {F:g} sprzed lat sławy, oglądany oczami {P:g}.
{P} do dziś opowiada każdemu, jak kiedyś {city:l} zobaczył[|a] na żywo występ {F:g}.
Film wyobraża sobie ostatnie dni {F:g}.
Wieczorami {P} słucha starych płyt i czyta wszystko na temat {F:g}.
Luźno inspirowany biografią {F:g}.
"""),
    EVENT=lines("""
W czasie {E:g} {P}, {occ} {city:l}, traci kontakt z rodziną.
Akcja rozpoczyna się w przededniu {E:g}.
Podczas {E:g} {P} rozpaczliwie szuka {Q:g}.
Dekady od {E:g} {P} wciąż nie potrafi opowiedzieć o tym, co widział[|a].
W cieniu {E:g} rozgrywa się opowieść o {theme}.
W narrację wplecione są archiwalne zdjęcia z {E:g}.
"""),
    gm=items("""
Jan; Piotr; Paweł; Marek; Tomasz; Krzysztof; Andrzej; Michał; Wojciech; Adam; Łukasz; Jakub
Kamil; Grzegorz; Jerzy; Stanisław; Tadeusz; Bartosz; Jacek; Zbigniew; Józef; Kazimierz
Henryk; Maciej; Mateusz
"""),
    gf=items("""
Anna; Katarzyna; Agnieszka; Maria; Małgorzata; Ewa; Joanna; Magdalena; Barbara; Zofia
Julia; Natalia; Aleksandra; Monika; Marta; Helena; Krystyna; Alicja; Weronika; Halina
Irena; Dorota; Jadwiga; Elżbieta; Beata
"""),
    sn=items("""
Nowak; Kowalski; Wiśniewski; Wójcik; Kowalczyk; Kamiński; Lewandowski; Zieliński
Szymański; Woźniak; Dąbrowski; Kozłowski; Jankowski; Mazur; Wojciechowski; Kwiatkowski
Krawczyk; Kaczmarek; Piotrowski; Grabowski; Zając; Pawłowski; Michalski; Król; Wieczorek
Jabłoński; Wróbel; Nowakowski; Majewski; Olszewski; Stępień; Malinowski; Jaworski
Adamczyk; Dudek; Nowicki
"""),
    foreign=items("""
m:gs:John Miller; f:gs:Marie *Dubois; m:gs:Hans Müller; m:gs:Luc Bernard; f:gs:Laura *Rossi
m:gs:Karim Haddad; m:gs:*Kenji *Watanabe; f:gs:Yuki *Tanaka; m:gs:Iwan Pietrow
f:gs:Olga Pietrowa; m:gs:Taras Szewczenko; f:gs:Oksana Szewczuk; m:gs:David Goldberg
f:gs:Ingrid Jensen; m:gs:Miguel Torres; f:gs:Sarah Cohen; m:gs:Omar Saleh
"""),
    occ=items("""
nauczyciel|nauczycielka; pielęgniarz|pielęgniarka; taksówkarz|taksówkarka
dziennikarz|dziennikarka; fotograf|fotografka; policjant|policjantka; adwokat|adwokatka
architekt|architektka; rolnik|rolniczka; robotnik|robotnica; muzyk|muzyczka; malarz|malarka
chirurg|chirurżka; tłumacz|tłumaczka; mechanik|mechaniczka; kelner|kelnerka; aktor|aktorka
górnik|geolożka; inżynier|inżynierka; bibliotekarz|bibliotekarka; kierowca tira|kierowczyni tira
kucharz|kucharka; listonosz|listonoszka; bokser|bokserka; rybak|rybaczka; tancerz|tancerka
księgowy|księgowa; lekarz|lekarka; pisarz|pisarka; stoczniowiec|suwnicowa
"""),
    rel=items("""
m:[jego|jej] młodszy brat; f:[jego|jej] starsza siostra; m:[jego|jej] ojciec; f:[jego|jej] matka
m:[jego|jej] przyjaciel z dzieciństwa; f:[jego|jej] przyjaciółka z dzieciństwa
m:[jego|jej] dawny nauczyciel; f:[jego|jej] sąsiadka; m:[jego|jej] syn; f:[jego|jej] córka
m:[jego|jej] kuzyn; f:[jego|jej] kuzynka; f:[jego|jej] pierwsza miłość; m:[jego|jej] wspólnik
f:[jego|jej] babka; m:[jego|jej] dziadek; m:[jego|jej] przyrodni brat
m:[jego|jej] stary kolega z wojska; f:[jego|jej] była żona; m:[jego|jej] były mąż
"""),
    city=items("""
Warszawa/Warszawy/w Warszawie; Paryż/Paryża/w Paryżu; Nowy Jork/Nowego Jorku/w Nowym Jorku
Berlin/Berlina/w Berlinie; Tokio/Tokio/w Tokio; Moskwa/Moskwy/w Moskwie; Kraków/Krakowa/w Krakowie
Gdańsk/Gdańska/w Gdańsku; Wrocław/Wrocławia/we Wrocławiu; Łódź/Łodzi/w Łodzi
Poznań/Poznania/w Poznaniu; Katowice/Katowic/w Katowicach; Lublin/Lublina/w Lublinie
Szczecin/Szczecina/w Szczecinie; Białystok/Białegostoku/w Białymstoku; Londyn/Londynu/w Londynie
Rzym/Rzymu/w Rzymie; Wiedeń/Wiednia/w Wiedniu; Praga/Pragi/w Pradze; Lwów/Lwowa/we Lwowie
Wilno/Wilna/w Wilnie; Kijów/Kijowa/w Kijowie; Chicago/Chicago/w Chicago; Stambuł/Stambułu/w Stambule
Madryt/Madrytu/w Madrycie; Lizbona/Lizbony/w Lizbonie; Sztokholm/Sztokholmu/w Sztokholmie
Los Angeles/Los Angeles/w Los Angeles; Kair/Kairu/w Kairze; Buenos Aires/Buenos Aires/w Buenos Aires
Zakopane/Zakopanego/w Zakopanem; Gdynia/Gdyni/w Gdyni
"""),
    country=items("""
Francja/Francji; Niemcy/Niemiec; Włochy/Włoch; Hiszpania/Hiszpanii; Portugalia/Portugalii
Polska/Polski; Rosja/Rosji; Ukraina/Ukrainy; Japonia/Japonii; Chiny/Chin
Korea Południowa/Korei Południowej; Meksyk/Meksyku; Argentyna/Argentyny; Brazylia/Brazylii
Maroko/Maroka; Egipt/Egiptu; Liban/Libanu; Izrael/Izraela; Turcja/Turcji; Iran/Iranu
Indie/Indii; Kanada/Kanady; Irlandia/Irlandii; Grecja/Grecji; Szwecja/Szwecji
Stany Zjednoczone/Stanów Zjednoczonych; Litwa/Litwy; Białoruś/Białorusi; Czechy/Czech
"""),
    place=items("""
w małej wiosce rybackiej; w górniczym miasteczku na Śląsku; w nadmorskim kurorcie poza sezonem
na blokowisku na obrzeżach miasta; w zapomnianej wsi w górach; w przygranicznym miasteczku
w upadającym mieście przemysłowym; na małej wyspie; w starym pensjonacie w Tatrach
w szkole z internatem; w prowincjonalnym miasteczku; na przedmieściach {city:g}
we wsi pod Białymstokiem
"""),
    theme=items("""
pamięci i stracie; samotności; dorastaniu; wygnaniu; rodzinnej lojalności; poczuciu winy
pierwszej miłości; cenie wolności; starości; przyjaźni; macierzyństwie; ojcostwie
przebaczeniu; nierównościach społecznych; więziach, które nas łączą; poszukiwaniu tożsamości
końcu pewnej epoki; rodzinnych tajemnicach; drugiej szansie; wierze i zwątpieniu
"""),
    genre=items("""
dramat; thriller; komedia; dokument; melodramat; kino drogi; dramat rodzinny
dramat kryminalny; dramat wojenny; dramat historyczny; musical; dramat obyczajowy
"""),
    title=items("""
Cicha przystań; Sól i popiół; Zorza; Rok bez lata; Ostatni prom; Pożyczony czas; Szklany sad
Ptaki o północy; Ciężar wody; Po deszczu; Zimowi goście; Córka latarnika; Papierowe ptaki
Czerwona ziemia; Droga do domu; Milczący brzeg; Nocny pociąg; Pod mostem; Siostry
Patrząc na morze; Dalekie głosy; Czekając na wiosnę; Zegarek ojca; Białe zbocze; Do świtu
"""),
    credit=lines("""
^„{T}” ({Y}, reż. {D}) –
^{T} ({Y}) –
$Najnowszy film {D:g}.
$Reżyseria: {D}.
$Po „{T}” to kolejny film {D:g}.
^{T} / {D} / {Y} /
"""),
    more=items("Czytaj więcej; Więcej; Czytaj dalej; Rozwiń; Czytaj więcej »"),
    src=items("""
(Źródło: materiały prasowe); (Źródło: dystrybutor); (Źródło: katalog festiwalu)
(Opis dystrybutora); (Tekst: program festiwalu)
"""),
    events=items("""
II wojna światowa/II wojny światowej; I wojna światowa/I wojny światowej
powstanie warszawskie/powstania warszawskiego; stan wojenny/stanu wojennego
strajki w Stoczni Gdańskiej/strajków w Stoczni Gdańskiej; Marzec '68/Marca '68
upadek muru berlińskiego/upadku muru berlińskiego; katastrofa w Czarnobylu/katastrofy w Czarnobylu
zatonięcie Titanica/zatonięcia Titanica; Wielki Kryzys/Wielkiego Kryzysu
kryzys kubański/kryzysu kubańskiego; wojna w Wietnamie/wojny w Wietnamie
Praska Wiosna/Praskiej Wiosny; igrzyska w Moskwie/igrzysk w Moskwie
igrzyska olimpijskie w Berlinie/igrzysk olimpijskich w Berlinie; lądowanie na Księżycu/lądowania na Księżycu
blokada Leningradu/blokady Leningradu; Holokaust/Holokaustu; rewolucja październikowa/rewolucji październikowej
bombardowanie Hiroszimy/bombardowania Hiroszimy; rozpad Związku Radzieckiego/rozpadu Związku Radzieckiego
oblężenie Sarajewa/oblężenia Sarajewa; tsunami w 2004 roku/tsunami w 2004 roku
zamachy z 11 września/zamachów z 11 września; katastrofa w Fukushimie/katastrofy w Fukushimie
powódź tysiąclecia/powodzi tysiąclecia; wojna polsko-bolszewicka/wojny polsko-bolszewickiej
katastrofa smoleńska/katastrofy smoleńskiej; pielgrzymka Jana Pawła II w 1979 roku/pielgrzymki Jana Pawła II w 1979 roku
mundial w 1974 roku/mundialu w 1974 roku; obrady Okrągłego Stołu/obrad Okrągłego Stołu
wojna w Zatoce Perskiej/wojny w Zatoce Perskiej; Arabska Wiosna/Arabskiej Wiosny
hiszpańska wojna domowa/hiszpańskiej wojny domowej; rewolucja na Majdanie/rewolucji na Majdanie
powstanie w getcie warszawskim/powstania w getcie warszawskim
"""),
    famous=items("""
Mozart/Mozarta; Beethoven/Beethovena; Czajkowski/Czajkowskiego; Chopin/Chopina; Bach/Bacha
Verdi/Verdiego; Strawiński/Strawińskiego; Szostakowicz/Szostakowicza; Szekspir/Szekspira
Tołstoj/Tołstoja; Dostojewski/Dostojewskiego; Kafka/Kafki; Victor Hugo/Victora Hugo
Cervantes/Cervantesa; Puszkin/Puszkina; Goethe/Goethego; Hemingway/Hemingwaya
Agatha Christie/Agathy Christie; Gabriel García Márquez/Gabriela Garcíi Márqueza
Virginia Woolf/Virginii Woolf; Napoleon/Napoleona; Lenin/Lenina; Stalin/Stalina
Winston Churchill/Winstona Churchilla; Gandhi/Gandhiego; Abraham Lincoln/Abrahama Lincolna
John F. Kennedy/Johna F. Kennedy'ego; Nelson Mandela/Nelsona Mandeli; Che Guevara/Che Guevary
Charles de Gaulle/Charles'a de Gaulle'a; Mao Zedong/Mao Zedonga; Gamal Abdel Naser/Gamala Abdela Nasera
Elvis Presley/Elvisa Presleya; John Lennon/Johna Lennona; Édith Piaf/Édith Piaf; Bob Dylan/Boba Dylana
Freddie Mercury/Freddiego Mercury'ego; Umm Kulsum/Umm Kulsum; Michael Jackson/Michaela Jacksona
David Bowie/Davida Bowiego; Frida Kahlo/Fridy Kahlo; Pablo Picasso/Pabla Picassa
Vincent van Gogh/Vincenta van Gogha; Muhammad Ali/Muhammada Alego; Pelé/Pelégo
Diego Maradona/Diega Maradony; Jesse Owens/Jesse'ego Owensa; Nadia Comăneci/Nadii Comăneci
Albert Einstein/Alberta Einsteina; Maria Skłodowska-Curie/Marii Skłodowskiej-Curie
Nikola Tesla/Nikoli Tesli; Karol Darwin/Karola Darwina; Jurij Gagarin/Jurija Gagarina
Zygmunt Freud/Zygmunta Freuda; Alan Turing/Alana Turinga; Leonardo da Vinci/Leonarda da Vinci
Charlie Chaplin/Charliego Chaplina; Marilyn Monroe/Marilyn Monroe; Salvador Dalí/Salvadora Dalego
Maria Callas/Marii Callas
"""),
)


# ===========================================================================
# JAPANESE
# ===========================================================================


def dec_ja(rng, d):
    if d == 2020:
        return rng.choice(["現代", "2020年代"])
    return rng.choice(["%d年代", "%d年代", "%d年代初頭", "%d年代後半", "%d年代半ば"]) % d


lang(
    "ja",
    join="",
    dec=dec_ja,
    order="sg",
    sep="",
    OPEN=lines("""
{dec}、{city}。{occ}の{P}は、亡き父の借金を返すため故郷に戻ってくる。
{city}で{occ}として二十年働いてきた{P}は、一度も規則を疑ったことがなかった。
離婚をきっかけに、{P}は{place}へ移り住み、人生をやり直そうとする。
{year}年、{city}。{age}歳の{occ}・{P}は、すべてを失いかけていた。
{city}で暮らす{occ}の{P}は、古いラジオと思い出だけを友に、ひっそりと日々を送っている。
物語は、{place}での結婚式の最中に{P}が姿を消した夜から始まる。
刑期を終えて{city}に戻った{P}は、すっかり変わってしまった街に戸惑う。
{P}と{Q}は{city}の同じ通りで育ったが、もう何年も口をきいていない。
定年を目前に控えた{occ}の{P}のもとに、{R}の{Q}が突然訪ねてくる。
{year}年冬。{P}はスーツケースと偽名だけを手に、{city}に降り立つ。
あの事故以来、{P}は車の運転も、泳ぐことも、{city}の話をすることも拒み続けている。
{city}で夜勤の{occ}として働く{P}は、昼間のほとんどを眠って過ごす。
実話をもとに、地元の有力一族に立ち向かう{occ}、{P}の闘いを描く。
{city}近郊の小さな町で、{P}は{year}年から新作を一本も上映していない映画館を営んでいる。
[妻|夫]を亡くしたばかりの{P}は、子どもたちから離れ、{place}で新しい生活を始める。
{year}年。{country}から来た若き{occ}、{P}は、{city}に着いたばかりだ。
{P}の計画はシンプルだった。{city2}で最後の仕事を終え、海辺で静かに暮らすこと。
毎年夏になると、{P}は{place}にある実家に帰る。だが今年は何かが違っていた。
優秀だが扱いにくい{occ}の{P}は、{Q}と同じオフィスで働くことを命じられる。
十五年ぶりに{R}の{Q}が玄関先に現れたとき、{P}には<彼|彼女>が誰だかわからなかった。
{city}の{occ}、{P}は、会ったこともない子どもを預かることになる。
{dec}、{place}。{P}は町を出ることを夢見ながら、一歩を踏み出せずにいる。
{place}では何も起こらない。{P}にとっては、それが何よりだった。
誰も成功を信じていない商談をまとめるため{city2}に送り込まれた{P}は、予定よりも長く滞在することになる。
{age}歳の{P}は、自分にはまだ世界を変えられると信じている。
{city}の片隅で、{P}は誰にも知られない二重生活を送っている。
"""),
    DEV=lines("""
しかし、{R}の{Q}が再び現れたことで、古い傷が開いていく。
{Q}との偶然の再会が、[彼|彼女]に葬り去ったはずの過去と向き合わせる。
数週間が過ぎるうちに、{P2}は雇い主が何かを隠しているのではないかと疑い始める。
ほんの頼まれごとのはずが、やがて危険な執着へと変わっていく。
{city}と{city2}のあいだで、{P2}は崩れかけた生活を必死に立て直そうとする。
唯一の味方は{R}の{Q}。だが<彼|彼女>にもまた秘密があった。
古い手紙の詰まった箱を見つけたことで、家族について信じてきたすべてが揺らぎ始める。
忠誠と野心のはざまで、{P2}はどこまで踏み込むべきかの決断を迫られる。
やがて{P2}と{Q2}のあいだに、奇妙な友情が芽生えていく。
その一方で、町では{P2}をめぐる噂が広まっていく。
見知らぬ男が[彼|彼女]に逃げ道を差し出す。ただし、その代償は大きい。
{Q2}が身に覚えのない罪で逮捕され、事態は急展開を迎える。
長い週末のあいだに、家族の秘密が次々と明らかになっていく。
{year}年の記憶に取り憑かれた[彼|彼女]は、覚えていることをすべてノートに書き留め始める。
借りた車に{Q2}を乗せ、[彼|彼女]は{country}を横断する旅に出る。
知れば知るほど、{P2}は真実から目を背けたくなっていく。
一方、町の半分が働く工場には閉鎖の危機が迫っていた。
一本の匿名電話が、[彼|彼女]を数十年前に失踪した男の足跡へと導く。
思いがけず手を差し伸べたのは、{R}の{Q}だった。
{city}を離れようとするたびに、[彼|彼女]は何かに引き戻されてしまう。
カメラは、ニュースになることのない人々の日常を静かに見つめる。
やがて{P2}は、愛する人すべてを脅かす嘘の網に絡め取られていく。
金が底をつき、[彼|彼女]は断るべきだとわかっている仕事を引き受けてしまう。
故郷を遠く離れ、{P2}はこれまで知らなかった自由を見いだしていく。
嵐によって、村は三日間外の世界から切り離される。
二人の道は{city2}で再び交差するが、何ひとつ思いどおりには進まない。
"""),
    CLOSE=lines("""
{theme}を繊細に描いた感動作。
{theme}をめぐる、静かで優しい物語。
{city}でオールロケを敢行した、{theme}についての{genre}。
ユーモアと抑制の効いた語り口で、{theme}を見つめる。
最後の一幕まで目が離せない{genre}。
注目の新鋭監督による長編デビュー作。
各国の映画祭で観客賞を受賞。
{theme}を真正面から見つめた意欲作。
ロードムービーであり家族ドラマでもある本作は、残された者たちへの責任を問いかける。
美しいモノクロ映像で綴られる。
{theme}をめぐるほろ苦いコメディ。
主演俳優の圧倒的な演技が光る。
{theme}、そしてもう一度やり直す勇気についての物語。
同名小説の映画化。
主に素人俳優を起用し、三年をかけて撮影された。
{dec}を舞台に{theme}を描く人間ドラマ。
"""),
    FAME=lines("""
{F}に心酔する{occ}の{P}は、憧れの人の足跡をたどる旅に出る。
無名時代の{F}の姿を、{city}の{occ}・{P}の視点から描く。
{city}で偶然{F}に出会ってから何年も経つが、{P}は今もその話を誰彼かまわず語り続けている。
{F}の最期の日々を大胆な想像で描く。
{P}は毎晩レコードを聴き、{F}に関する本を読みふける。
{F}の生涯に着想を得た物語。
"""),
    EVENT=lines("""
{E}のさなか、{city}の{occ}・{P}は家族と生き別れになる。
物語は{E}の前夜に幕を開ける。
{E}の後、{P}は{Q}を捜すため{city}へ戻る。
{E}から数十年が経っても、{P}はあの日見たものを語ることができない。
{E}を背景に、{theme}を描く。
{E}の記録映像が物語に織り込まれている。
"""),
    gm=items("""
健二; 翔太; 大輔; 拓也; 誠; 浩; 隆; 直樹; 亮; 修; 悠人; 蓮; 和也; 秀樹; 哲也; 勇気
達也; 陽介; 一郎; 健太; 正雄; 茂
"""),
    gf=items("""
美咲; 陽子; 恵子; さくら; 由美; 直美; 愛; 真由美; 彩; 結衣; 花子; 京子; 明美; 千尋
葵; 優子; 里美; 奈々; 麻衣; ひかり; 幸子; 節子
"""),
    sn=items("""
佐藤; 鈴木; 高橋; 田中; 渡辺; 伊藤; 山本; 中村; 小林; 加藤; 吉田; 山田; 佐々木; 山口
松本; 井上; 木村; 林; 清水; 森; 池田; 橋本; 石川; 藤田; 岡田; 金城; 比嘉
"""),
    foreign=items("""
m:gs:ジョン・スミス; f:gs:マリー・デュボワ; m:gs:ハンス・ミュラー; f:gs:アンナ・イワノワ
m:gs:イワン・ペトロフ; m:gs:カルロス・ガルシア; f:gs:ソフィア・ロッシ; m:gs:ピエール・ルロワ
f:gs:エマ・ジョンソン; m:sg:キム・ミンジュン; f:sg:イ・ジウ; m:sg:王|偉; f:sg:李|娜
m:gs:カリム・ハダッド; f:gs:レイラ・マンスール; m:gs:トマシュ・ノヴァク; f:gs:イングリッド・ヤンセン
m:gs:ダニエル・ブラウン; f:gs:サラ・コーエン; m:gs:マルコ・ロッシ
"""),
    occ=items("""
教師; 看護師; タクシー運転手; 新聞記者; 写真家; 警察官; 弁護士; 建築家; 農家の跡取り|農家の娘
工場労働者; ミュージシャン; 画家; 外科医; 翻訳家; 整備士; ウェイター|ウェイトレス
俳優|女優; 炭鉱夫|炭鉱の事務員; エンジニア; 図書館司書; トラック運転手; 料理人
郵便配達員; ボクサー; ピアノ教師; 漁師|海女; ダンサー; バス運転手; 刑事; 銀行員; 会社員
小説家; 高校教師; 旅館の主人|旅館の女将
"""),
    rel=items("""
m:弟; m:兄; f:姉; f:妹; m:父; f:母; m:元夫; f:元妻; m:幼なじみ; f:幼なじみ; m:かつての恩師
f:隣人; m:息子; f:娘; m:いとこ; f:いとこ; f:初恋の相手; m:初恋の相手; m:ビジネスパートナー
f:祖母; m:祖父; m:異母兄; f:異父妹; f:下宿の大家; m:昔の戦友
"""),
    city=items("""
東京; パリ; ニューヨーク; ベルリン; モスクワ; 大阪; ロンドン; ローマ; 京都; ソウル; 上海
ロサンゼルス; イスタンブール; マドリード; リスボン; ワルシャワ; ウィーン; プラハ
ブエノスアイレス; メキシコシティ; カイロ; ベイルート; 香港; ムンバイ; マルセイユ; ナポリ
キーウ; サンクトペテルブルク; シカゴ; 札幌; 福岡; 横浜; 神戸; 広島; 長崎; 名古屋; 那覇
釜山; 台北; 北京; 仙台; 函館
"""),
    country=items("""
フランス; ドイツ; イタリア; スペイン; ポルトガル; ポーランド; ロシア; ウクライナ; 日本
中国; 韓国; メキシコ; アルゼンチン; ブラジル; モロッコ; エジプト; レバノン; イスラエル
トルコ; イラン; インド; カナダ; アイルランド; ギリシャ; スウェーデン; アメリカ; 台湾
フィリピン; ベトナム
"""),
    place=items("""
北の漁村; 寂れた炭鉱町; シーズンオフの海辺のリゾート; 郊外の団地; 山奥の村; 国境の町
さびれた工業都市; 瀬戸内の小さな島; アルプスの古いホテル; 全寮制の学校; 地方の小さな町
{city}郊外; 雪深い温泉町
"""),
    theme=items("""
喪失と記憶; 孤独; 大人になること; 亡命と帰属; 家族の絆; 罪悪感; 初恋; 自由の代償; 老い
友情; 母性; 父と子; 赦し; 階級と野心; アイデンティティ; 一つの時代の終わり; 家族の秘密
人生のやり直し; 信仰と疑い; 生と死
"""),
    genre=items("""
ドラマ; スリラー; コメディ; ドキュメンタリー; ラブストーリー; ロードムービー; 家族ドラマ
犯罪ドラマ; 戦争映画; 青春映画; ミュージカル; 時代劇; サスペンス; 人間ドラマ
"""),
    title=items("""
静かな港; 塩と灰; 北の光; 夏のない年; 最後のフェリー; 借りものの時間; ガラスの果樹園
真夜中の鳥たち; 水の重さ; 雨のあとで; 冬の客; 灯台守の娘; 紙の鳥; 赤い土; 帰り道
沈黙の岸辺; 夜行列車; 橋の下で; 姉妹; 海を見ていた; 遠い声; 春を待つ人; 父の時計
白い坂道; 夜明けまで
"""),
    credit=lines("""
^『{T}』（{Y}年／監督：{D}）
^『{T}』（{Y}）
$監督は{D}。
${D}監督の最新作。
$『{T}』の{D}監督が放つ新作。
^『{T}』{D}監督、{Y}年。
"""),
    more=items("続きを読む; もっと見る; 詳細はこちら; …続きを読む; ▶続きを読む"),
    src=items("""
（出典：映画祭公式サイト）; （資料提供：配給会社）; （出典：プレス資料）; （作品解説：映画祭カタログ）
"""),
    events=items("""
第二次世界大戦; 第一次世界大戦; スペイン内戦; ロシア革命; ベルリンの壁崩壊
チェルノブイリ原発事故; タイタニック号沈没; 世界恐慌; キューバ危機; ベトナム戦争; 朝鮮戦争
アルジェリア戦争; プラハの春; 五月革命; 1936年ベルリン・オリンピック; 1964年東京オリンピック
1972年ミュンヘン・オリンピック; 1980年モスクワ・オリンピック; アポロ11号の月面着陸
レニングラード包囲戦; ホロコースト; 広島への原爆投下; 長崎への原爆投下; 関東大震災
阪神・淡路大震災; 東日本大震災; 文化大革命; 第三次中東戦争; レバノン内戦; ソ連崩壊
サラエボ包囲; スマトラ島沖地震; アメリカ同時多発テロ; 福島第一原発事故; 安保闘争
あさま山荘事件; 湾岸戦争; アラブの春; 大阪万博; 太平洋戦争; 沖縄戦
"""),
    famous=items("""
モーツァルト; ベートーヴェン; チャイコフスキー; ショパン; バッハ; ヴェルディ; ストラヴィンスキー
ショスタコーヴィチ; シェイクスピア; トルストイ; ドストエフスキー; カフカ; ヴィクトル・ユーゴー
セルバンテス; プーシキン; ゲーテ; ヘミングウェイ; アガサ・クリスティー; ガルシア＝マルケス
ヴァージニア・ウルフ; ナポレオン; レーニン; スターリン; チャーチル; ガンディー; リンカーン
ケネディ; ネルソン・マンデラ; チェ・ゲバラ; ド・ゴール; 毛沢東; ナセル; エルヴィス・プレスリー
ジョン・レノン; エディット・ピアフ; ボブ・ディラン; フレディ・マーキュリー; ウンム・クルスーム
マイケル・ジャクソン; デヴィッド・ボウイ; フリーダ・カーロ; ピカソ; ゴッホ; モハメド・アリ; ペレ
マラドーナ; ジェシー・オーエンス; ナディア・コマネチ; アインシュタイン; マリー・キュリー
ニコラ・テスラ; ダーウィン; ガガーリン; フロイト; アラン・チューリング; レオナルド・ダ・ヴィンチ
チャップリン; マリリン・モンロー; サルバドール・ダリ; マリア・カラス
"""),
)


# ===========================================================================
# CHINESE (simplified)
# ===========================================================================


def dec_zh(rng, d):
    if d == 2020:
        return rng.choice(["当下", "2020年代"])
    opts = ["%d年代" % d, "%d年代初" % d, "%d年代末" % d]
    if d < 2000:
        opts.append("上世纪%d年代" % (d % 100) if d > 1900 else "二十世纪初")
    return rng.choice(opts)


lang(
    "zh",
    join="",
    dec=dec_zh,
    order="sg",
    sep="",
    OPEN=lines("""
{dec}，来自{city}的{occ}{P}回到家乡，替去世的父亲还清债务。
{P}在{city}做了二十年{occ}，从未质疑过任何规则。
婚姻破裂后，{P}搬到{place}，试图重新开始生活。
{year}年，{city}。{age}岁的{occ}{P}眼看就要失去一切。
{P}是{city}的一名{occ}，独自生活，陪伴[他|她]的只有回忆和一台旧收音机。
故事始于{P}在{place}的一场婚礼上突然失踪的那个夜晚。
刑满释放后，{P}回到{city}，却发现昔日的街区早已面目全非。
{P}和{Q}在{city}的同一条街上长大，却已多年没有说过话。
临近退休的{occ}{P}，意外迎来了[他|她]的{R}{Q}的来访。
{year}年冬天，{P}带着一只行李箱和一个假名字来到{city}，没有任何计划。
自从那场事故后，{P}拒绝开车、拒绝游泳，也拒绝谈起{city}。
{P}在{city}上夜班，做{occ}，白天几乎都在睡觉。
影片根据真实事件改编，讲述{occ}{P}挑战当地权势家族的故事。
在{city}附近的一座小镇上，{P}经营着一家自{year}年以来就没有放映过新片的电影院。
刚刚丧[妻|夫]的{P}离开子女，独自搬到{place}开始新的生活。
{year}年，来自{country}的年轻{occ}{P}刚刚抵达{city}。
{P}的计划很简单：在{city2}干完最后一票，然后去海边过平静的日子。
每年夏天，{P}都会回到{place}的老家。但今年，一切都不一样了。
才华横溢却难以相处的{occ}{P}，被迫与{Q}共用一间办公室。
十五年后，当[他|她]的{R}{Q}出现在门口时，{P}竟没有认出<他|她>。
{city}的{occ}{P}突然要照顾一个素未谋面的孩子。
{dec}，{place}。{P}一心想离开，却始终迈不出那一步。
在{place}，什么事都不会发生——而这正是{P}想要的。
{P}被派往{city2}去谈一笔没人看好的生意，却在那里待得比预想的更久。
{age}岁的{P}坚信自己仍能改变世界。
在{city}的中心，{P}过着无人知晓的双重生活。
"""),
    DEV=lines("""
然而，[他|她]的{R}{Q}的归来，揭开了尘封已久的旧伤。
与{Q}的一次偶遇，迫使[他|她]直面一段自以为早已埋葬的过去。
几个星期过去，{P}开始怀疑[他|她]的雇主隐瞒了什么。
起初只是帮个小忙，很快却演变成危险的执念。
在{city}与{city2}之间，{P}努力维系着一点点崩塌的生活。
[他|她]唯一的盟友是{Q}，而<他|她>也有自己的秘密。
一盒旧信件的发现，颠覆了[他|她]对家庭的全部认知。
在忠诚与野心之间，{P}必须决定自己究竟能走多远。
渐渐地，{P}和{Q}之间产生了一段不寻常的友谊。
与此同时，关于{P}的流言在小城里不胫而走。
一个陌生人向[他|她]提供了一条出路，但代价不菲。
{Q}因一桩<他|她>没有犯下的罪行被捕，局势急转直下。
在一个漫长的周末里，家族秘密一个接一个浮出水面。
被{year}年的记忆纠缠着，[他|她]开始把记得的一切写进笔记本。
[他|她]开着一辆借来的车，带着{Q}穿越{country}。
{P}知道得越多，就越不想知道真相。
与此同时，养活了半个小镇的工厂即将倒闭。
一通匿名电话，把[他|她]引向一个几十年前失踪的男人。
意想不到的是，伸出援手的竟是[他|她]的{R}{Q}。
每一次试图离开{city}，[他|她]都会被某种力量拉回来。
镜头耐心地记录着那些很少登上新闻的普通人的日常。
很快，{P}陷入了一张谎言之网，威胁着[他|她]所爱的每一个人。
钱花光之后，[他|她]接下了一份明知应该拒绝的工作。
远离家乡，{P}发现了一种从未体验过的自由。
一场暴风雨让村子与外界隔绝了整整三天。
两人的道路在{city2}再度交汇，但一切都没有按计划进行。
"""),
    CLOSE=lines("""
一部关于{theme}的动人之作。
一个关于{theme}的安静而温柔的故事。
全片在{city}实景拍摄，是一部关于{theme}的{genre}。
影片以幽默而克制的笔触，探讨{theme}。
一部直到最后一幕才揭开谜底的{genre}。
一位值得关注的新导演的长片处女作。
曾在多个电影节获得观众奖。
一部直面{theme}的力作。
影片既是公路片，也是家庭剧，追问我们对被留下的人负有怎样的责任。
黑白影像美得令人屏息。
一部关于{theme}的苦乐参半的喜剧。
主演的表演令人印象深刻。
这是一部关于{theme}、也关于重新开始的勇气的电影。
改编自同名小说。
影片历时三年拍摄，演员大多为非职业演员。
以{dec}为背景，讲述{theme}的故事。
"""),
    FAME=lines("""
痴迷于{F}的{occ}{P}，决定追随偶像的足迹。
影片通过{city}的{occ}{P}的视角，描绘成名之前的{F}。
多年前在{city}与{F}的一次偶遇，{P}至今仍逢人便讲。
影片大胆想象了{F}生命中的最后时光。
{P}每晚听着老唱片，读着一切关于{F}的书。
故事灵感来自{F}的生平。
"""),
    EVENT=lines("""
{E}期间，{city}的{occ}{P}与家人失散。
故事开始于{E}前夕。
{E}之后，{P}回到{city}寻找{Q}。
{E}过去几十年后，{P}依然无法讲述[他|她]当年所见的一切。
以{E}为背景，影片讲述了一个关于{theme}的故事。
片中穿插了{E}的历史影像。
"""),
    gm=items("""
伟; 强; 磊; 军; 勇; 杰; 涛; 明; 建国; 志强; 海峰; 晓东; 子轩; 浩然; 国栋; 文博; 俊杰
立新; 鹏; 宇; 德华; 卫东
"""),
    gf=items("""
芳; 娜; 敏; 静; 丽; 艳; 秀英; 婷婷; 晓梅; 雪; 玉兰; 佳怡; 欣怡; 小红; 春燕; 丹; 慧
琳; 雨桐; 美玲; 桂芳; 淑珍
"""),
    sn=items("""
王; 李; 张; 刘; 陈; 杨; 黄; 赵; 吴; 周; 徐; 孙; 马; 朱; 胡; 郭; 何; 林; 高; 罗; 郑; 梁
谢; 宋; 唐; 许; 韩; 冯; 邓; 曹
"""),
    foreign=items("""
m:gs:约翰·史密斯; f:gs:玛丽·杜波依斯; m:gs:汉斯·穆勒; f:gs:安娜·伊万诺娃; m:gs:伊万·彼得罗夫
m:gs:卡洛斯·加西亚; f:gs:索菲亚·罗西; m:gs:皮埃尔·勒鲁瓦; f:gs:艾玛·约翰逊
m:sg:金|民俊; f:sg:李|智友; m:sg:渡边|健二; f:sg:佐藤|由纪; m:gs:卡里姆·哈达德
f:gs:莱拉·曼苏尔; m:gs:托马斯·诺瓦克; f:gs:英格丽德·扬森; m:gs:丹尼尔·布朗
"""),
    occ=items("""
教师; 护士; 出租车司机; 记者; 摄影师; 警察; 律师; 建筑师; 农民; 工厂工人; 音乐家; 画家
外科医生; 翻译; 修车工; 服务员; 演员; 矿工; 工程师; 图书管理员; 卡车司机; 厨师; 邮递员
拳击手; 钢琴老师; 渔民; 舞者; 公交车司机; 刑警; 银行职员; 小说家; 中学老师; 纺织女工|纺织女工
"""),
    rel=items("""
m:弟弟; m:哥哥; f:姐姐; f:妹妹; m:父亲; f:母亲; m:前夫; f:前妻; m:儿时好友; f:儿时好友
m:昔日恩师; f:邻居; m:儿子; f:女儿; m:表哥; f:表妹; f:初恋; m:初恋; m:生意伙伴; f:祖母
m:祖父; m:同父异母的哥哥; f:房东太太; m:老战友
"""),
    city=items("""
北京; 上海; 巴黎; 纽约; 柏林; 东京; 莫斯科; 香港; 伦敦; 罗马; 洛杉矶; 伊斯坦布尔; 马德里
里斯本; 华沙; 维也纳; 布拉格; 布宜诺斯艾利斯; 墨西哥城; 开罗; 贝鲁特; 首尔; 孟买; 马赛
那不勒斯; 基辅; 圣彼得堡; 芝加哥; 广州; 成都; 重庆; 武汉; 西安; 哈尔滨; 台北; 大阪; 深圳
南京; 沈阳; 昆明; 青岛; 大连; 兰州
"""),
    country=items("""
法国; 德国; 意大利; 西班牙; 葡萄牙; 波兰; 俄罗斯; 乌克兰; 日本; 中国; 韩国; 墨西哥
阿根廷; 巴西; 摩洛哥; 埃及; 黎巴嫩; 以色列; 土耳其; 伊朗; 印度; 加拿大; 爱尔兰; 希腊
瑞典; 美国; 越南; 马来西亚; 新加坡
"""),
    place=items("""
一个小渔村; 北方一座没落的矿业小镇; 淡季的海滨度假小镇; 城郊的老旧小区; 偏远的山村
边境小城; 衰败的工业城市; 一座小岛; 阿尔卑斯山中的一家老旅馆; 一所寄宿学校
一座南方小县城; {city}郊区; 东北的老工业区; 黄土高原上的村庄
"""),
    theme=items("""
失去与记忆; 孤独; 成长; 流亡与归属; 家庭的羁绊; 愧疚; 初恋; 自由的代价; 衰老; 友情
母爱; 父子关系; 宽恕; 阶层与野心; 身份认同; 一个时代的终结; 家族秘密; 重新开始; 信仰与怀疑
生与死
"""),
    genre=items("""
剧情片; 惊悚片; 喜剧; 纪录片; 爱情片; 公路片; 家庭剧; 犯罪片; 战争片; 青春片; 歌舞片
历史片; 悬疑片
"""),
    title=items("""
静静的港湾; 盐与灰; 北方之光; 没有夏天的一年; 最后一班渡轮; 借来的时光; 玻璃果园
午夜飞鸟; 水的重量; 雨后; 冬日来客; 灯塔守护人的女儿; 纸鸟; 红土地; 回家的路; 沉默的河岸
夜行列车; 桥下; 姐妹; 看海的人; 远方的声音; 等待春天; 父亲的手表; 白色山坡; 黎明之前
"""),
    credit=lines("""
^《{T}》（{Y}，导演：{D}）
^《{T}》（{Y}）
$导演：{D}。
${D}执导的最新作品。
$继《{T}》之后，{D}的又一力作。
^《{T}》 {D}导演作品 {Y}年
"""),
    more=items("查看更多; 展开全文; 阅读全文; 更多>>; 展开"),
    src=items("""
（来源：电影节官网）; （资料来源：片方）; （来源：宣传资料）; （简介由发行方提供）
"""),
    events=items("""
第二次世界大战; 第一次世界大战; 西班牙内战; 十月革命; 柏林墙倒塌; 切尔诺贝利核事故
泰坦尼克号沉没; 大萧条; 古巴导弹危机; 越南战争; 朝鲜战争; 阿尔及利亚战争; 布拉格之春
1968年五月风暴; 1936年柏林奥运会; 1980年莫斯科奥运会; 1964年东京奥运会; 2008年北京奥运会
阿波罗登月; 列宁格勒围城战; 纳粹大屠杀; 印巴分治; 伊朗革命; 广岛原子弹爆炸; 关东大地震
文化大革命; 六日战争; 黎巴嫩内战; 苏联解体; 萨拉热窝围城; 2004年印度洋海啸; 九一一事件
福岛核事故; 唐山大地震; 汶川地震; 抗日战争; 香港回归; 知青上山下乡运动; 海湾战争; 阿拉伯之春
"""),
    famous=items("""
莫扎特; 贝多芬; 柴可夫斯基; 肖邦; 巴赫; 威尔第; 斯特拉文斯基; 肖斯塔科维奇; 莎士比亚; 托尔斯泰
陀思妥耶夫斯基; 卡夫卡; 维克多·雨果; 塞万提斯; 普希金; 歌德; 海明威; 阿加莎·克里斯蒂
加西亚·马尔克斯; 弗吉尼亚·伍尔夫; 拿破仑; 列宁; 斯大林; 丘吉尔; 甘地; 林肯; 肯尼迪; 曼德拉
切·格瓦拉; 戴高乐; 毛泽东; 纳赛尔; 猫王; 约翰·列侬; 伊迪丝·琵雅芙; 鲍勃·迪伦; 弗雷迪·默丘里
乌姆·库勒苏姆; 迈克尔·杰克逊; 大卫·鲍伊; 弗里达·卡罗; 毕加索; 梵高; 拳王阿里; 贝利; 马拉多纳
杰西·欧文斯; 纳迪娅·科马内奇; 爱因斯坦; 居里夫人; 特斯拉; 达尔文; 加加林; 弗洛伊德; 图灵
达·芬奇; 卓别林; 玛丽莲·梦露; 达利; 玛丽亚·卡拉斯
"""),
)


# ===========================================================================
# KOREAN  (particles written as ^은, ^이, ^을, ^과, ^으로 ... and resolved)
# ===========================================================================


def dec_ko(rng, d):
    if d == 2020:
        return rng.choice(["현재", "2020년대"])
    return rng.choice(["%d년대", "%d년대", "%d년대 초", "%d년대 말", "%d년대 중반"]) % d


lang(
    "ko",
    dec=dec_ko,
    order="sg",
    sep="",
    OPEN=lines("""
{dec}, {city}의 {occ} {P}^은 세상을 떠난 아버지의 빚을 갚기 위해 고향으로 돌아온다.
{city}에서 20년째 {occ}^으로 일해 온 {P}^은 한 번도 규칙에 의문을 품어 본 적이 없다.
이혼 후 {P}^은 {place}^으로 이사해 새 삶을 시작하려 한다.
{year}년, {city}. {age}살의 {occ} {P}^은 모든 것을 잃기 직전이다.
{city}에 사는 {occ} {P}^은 오래된 라디오와 추억만을 벗 삼아 조용히 살아간다.
이야기는 {place}에서 열린 결혼식 도중 {P}^이 사라진 밤에 시작된다.
출소한 {P}^은 {city}^으로 돌아오지만, 옛 동네는 알아볼 수 없을 만큼 변해 있다.
{P}^과 {Q}^은 {city}의 같은 골목에서 자랐지만, 수년째 말 한마디 나누지 않았다.
정년을 몇 달 앞둔 {occ} {P}에게 {R} {Q}^이 불쑥 찾아온다.
{year}년 겨울, {P}^은 여행 가방 하나와 가짜 이름만 가진 채 {city}에 도착한다.
그 사고 이후 {P}^은 운전도, 수영도, {city} 이야기도 모두 거부한다.
{city}에서 야간 근무를 하는 {occ} {P}^은 낮 시간을 거의 잠으로 보낸다.
실화를 바탕으로, 지역의 유력 가문에 맞서는 {occ} {P}의 싸움을 그린다.
{city} 근처의 작은 마을에서 {P}^은 {year}년 이후 신작을 한 편도 상영하지 않은 극장을 운영한다.
얼마 전 [아내|남편]^을 잃은 {P}^은 자식들을 떠나 {place}에서 새 생활을 시작한다.
{year}년, {country}에서 온 젊은 {occ} {P}^은 막 {city}에 도착했다.
{P}의 계획은 단순하다. {city2}에서 마지막 한탕을 하고, 바닷가에서 조용히 사는 것.
매년 여름 {P}^은 {place}에 있는 본가로 돌아간다. 하지만 올해는 무언가 다르다.
유능하지만 까다로운 {occ} {P}^은 {Q}^과 한 사무실을 쓰게 된다.
15년 만에 {R} {Q}^이 문 앞에 나타났을 때, {P}^은 <그|그녀>^을 알아보지 못한다.
{city}의 {occ} {P}^은 한 번도 본 적 없는 아이를 떠맡게 된다.
{dec}, {place}. {P}^은 떠나기를 꿈꾸지만 좀처럼 용기를 내지 못한다.
{place}에서는 아무 일도 일어나지 않는다. {P}에게는 그게 더없이 좋다.
아무도 성사를 믿지 않는 계약을 위해 {city2}^으로 파견된 {P}^은 예정보다 오래 머물게 된다.
{age}살의 {P}^은 아직 세상을 바꿀 수 있다고 믿는다.
{city} 한복판에서 {P}^은 아무도 모르는 이중생활을 하고 있다.
"""),
    DEV=lines("""
그러나 {R} {Q}^이 다시 나타나면서 오래된 상처가 다시 벌어진다.
{Q}^과의 우연한 재회는 [그|그녀]에게 묻어 둔 과거와 마주하게 만든다.
몇 주가 지나면서 {P1}^은 고용주가 무언가를 숨기고 있다고 의심하기 시작한다.
단순한 부탁으로 시작된 일은 곧 위험한 집착으로 변해 간다.
{city}^과 {city2}^을 오가며, {P1}^은 무너져 가는 삶을 붙잡으려 애쓴다.
유일한 편은 {R} {Q}. 하지만 <그|그녀>에게도 비밀이 있다.
낡은 편지가 든 상자를 발견하면서, 가족에 대해 믿어 왔던 모든 것이 흔들린다.
의리와 야망 사이에서 {P1}^은 어디까지 갈 수 있을지 결정해야 한다.
조금씩 {P1}^과 {Q1} 사이에 뜻밖의 우정이 싹튼다.
한편 마을에는 {P}에 관한 소문이 퍼져 나간다.
낯선 남자가 [그|그녀]에게 탈출구를 제안하지만, 그 대가는 크다.
{Q1}^이 저지르지 않은 범죄로 체포되면서 상황은 걷잡을 수 없이 악화된다.
긴 주말 동안 가족의 비밀이 하나둘 드러난다.
{year}년의 기억에 사로잡힌 [그|그녀]는 기억나는 모든 것을 공책에 적기 시작한다.
빌린 차에 {Q1}^을 태우고, [그|그녀]는 {country} 횡단 여행을 떠난다.
알면 알수록 {P1}^은 진실을 외면하고 싶어진다.
한편 마을 사람 절반이 일하는 공장은 폐쇄 위기에 놓여 있다.
익명의 전화 한 통이 [그|그녀]를 수십 년 전 실종된 한 남자의 흔적으로 이끈다.
뜻밖에도 손을 내민 사람은 {R} {Q}^이었다.
{city}^을 떠나려 할 때마다, [그|그녀]는 무언가에 다시 끌려 돌아온다.
카메라는 뉴스에 나오지 않는 사람들의 일상을 묵묵히 따라간다.
곧 {P1}^은 사랑하는 모든 사람을 위협하는 거짓말의 그물에 갇히고 만다.
돈이 바닥나자 [그|그녀]는 거절해야 한다는 걸 알면서도 그 일을 받아들인다.
고향을 멀리 떠나 {P1}^은 한 번도 몰랐던 자유를 발견한다.
폭풍으로 마을은 사흘 동안 바깥세상과 단절된다.
두 사람의 길은 {city2}에서 다시 교차하지만, 아무것도 계획대로 되지 않는다.
"""),
    CLOSE=lines("""
{theme}에 관한 가슴 뭉클한 영화.
{theme}^을 섬세하게 그려 낸 조용하고 따뜻한 이야기.
{city} 올로케이션으로 촬영한, {theme}에 관한 {genre}.
유머와 절제된 시선으로 {theme}^을 바라본다.
마지막 장면까지 비밀을 감춘 채 몰아치는 {genre}.
주목할 만한 신인 감독의 장편 데뷔작.
여러 영화제에서 관객상을 받았다.
{theme}^을 정면으로 응시하는 문제작.
로드무비이자 가족 드라마인 이 영화는 남겨진 이들에게 우리가 무엇을 빚지고 있는지 묻는다.
아름다운 흑백 화면으로 담아냈다.
{theme}에 관한 씁쓸하고 달콤한 코미디.
주연 배우의 압도적인 연기가 돋보인다.
{theme}, 그리고 다시 시작하는 용기에 관한 이야기.
동명 소설을 원작으로 한다.
비전문 배우들과 함께 3년에 걸쳐 촬영했다.
{dec}^을 배경으로 {theme}^을 그린 드라마.
"""),
    FAME=lines("""
{F}에 빠져 있는 {occ} {P}^은 우상의 발자취를 따라 여행을 떠난다.
무명 시절의 {F}^을 {city}의 {occ} {P}의 시선으로 그린다.
오래전 {city}에서 우연히 {F}^을 만난 {P}^은 지금도 그 이야기를 누구에게나 들려준다.
{F}의 마지막 나날을 상상력으로 재구성한다.
{P}^은 매일 밤 오래된 레코드를 듣고 {F}에 관한 책을 읽는다.
{F}의 생애에서 영감을 받은 이야기.
"""),
    EVENT=lines("""
{E} 당시, {city}의 {occ} {P}^은 가족과 생이별한다.
이야기는 {E} 전날 밤에 시작된다.
{E} 이후, {P}^은 {Q}^을 찾기 위해 {city}^으로 돌아온다.
{E}^으로부터 수십 년이 지났지만, {P}^은 여전히 그날 본 것을 말하지 못한다.
{E}^을 배경으로 {theme}^을 그린다.
{E}의 기록 영상이 이야기 곳곳에 삽입된다.
"""),
    gm=items("""
민준; 지훈; 현우; 성민; 준호; 동현; 상철; 영수; 재원; 진우; 승현; 우진; 정훈; 광수; 석진
도윤; 시우; 민수; 영호; 철수; 태식; 기철
"""),
    gf=items("""
지우; 서연; 민지; 수진; 지은; 혜진; 영희; 은정; 미영; 하은; 예린; 수빈; 지현; 소연; 유진
나연; 다은; 미숙; 순자; 은비; 정숙; 말순
"""),
    sn=items("""
김; 이; 박; 최; 정; 강; 조; 윤; 장; 임; 한; 오; 서; 신; 권; 황; 안; 송; 류; 홍; 전; 고
"""),
    foreign=items("""
m:gs:존 스미스; f:gs:마리 뒤부아; m:gs:한스 뮐러; f:gs:안나 이바노바; m:gs:이반 페트로프
m:gs:카를로스 가르시아; f:gs:소피아 로시; m:gs:피에르 르루아; f:gs:에마 존슨
m:sg:와타나베 겐지; f:sg:사토 유키; m:sg:왕 웨이; f:sg:리 나; m:gs:카림 하다드
f:gs:레일라 만수르; m:gs:토마시 노바크; f:gs:잉그리드 얀센; m:gs:다니엘 브라운
"""),
    occ=items("""
교사; 간호사; 택시 기사; 기자; 사진작가; 경찰관; 변호사; 건축가; 농부; 공장 노동자; 음악가
화가; 외과의사; 번역가; 정비사; 웨이터|웨이트리스; 배우; 광부|해녀; 엔지니어; 사서
트럭 운전사; 요리사; 집배원; 복서; 피아노 강사; 어부|해녀; 무용수; 버스 기사; 형사
은행원; 소설가; 고등학교 교사
"""),
    rel=items("""
m:[그|그녀]의 남동생; m:[그|그녀]의 [형|오빠]; f:[그|그녀]의 [누나|언니]; f:[그|그녀]의 여동생
m:[그|그녀]의 아버지; f:[그|그녀]의 어머니; m:[그|그녀]의 전남편; f:[그|그녀]의 전처
m:[그|그녀]의 어린 시절 친구; f:[그|그녀]의 어린 시절 친구; m:[그|그녀]의 옛 스승
f:[그|그녀]의 이웃; m:[그|그녀]의 아들; f:[그|그녀]의 딸; m:[그|그녀]의 사촌; f:[그|그녀]의 사촌
f:[그|그녀]의 첫사랑; m:[그|그녀]의 첫사랑; m:[그|그녀]의 사업 파트너; f:[그|그녀]의 할머니
m:[그|그녀]의 할아버지; m:[그|그녀]의 이복동생; f:[그|그녀]의 집주인; m:[그|그녀]의 옛 전우
"""),
    city=items("""
서울; 파리; 뉴욕; 베를린; 도쿄; 모스크바; 부산; 런던; 로마; 로스앤젤레스; 이스탄불
마드리드; 리스본; 바르샤바; 빈; 프라하; 부에노스아이레스; 멕시코시티; 카이로; 베이루트
상하이; 홍콩; 뭄바이; 마르세유; 나폴리; 키이우; 상트페테르부르크; 시카고; 인천; 대구
광주; 대전; 제주; 목포; 강릉; 오사카; 베이징; 타이베이; 군산; 통영
"""),
    country=items("""
프랑스; 독일; 이탈리아; 스페인; 포르투갈; 폴란드; 러시아; 우크라이나; 일본; 중국; 한국
멕시코; 아르헨티나; 브라질; 모로코; 이집트; 레바논; 이스라엘; 튀르키예; 이란; 인도; 캐나다
아일랜드; 그리스; 스웨덴; 미국; 베트남; 필리핀; 독일
"""),
    place=items("""
작은 어촌 마을; 쇠락한 탄광 마을; 비수기의 바닷가 휴양지; 도시 외곽의 낡은 아파트 단지
외딴 산골 마을; 국경 도시; 쇠퇴한 공업 도시; 작은 섬; 알프스의 오래된 호텔; 기숙학교
지방 소도시; {city} 외곽; 재개발을 앞둔 달동네
"""),
    theme=items("""
상실과 기억; 고독; 성장; 망명과 소속감; 가족의 유대; 죄책감; 첫사랑; 자유의 대가; 노년
우정; 모성; 부성; 용서; 계급과 야망; 정체성; 한 시대의 끝; 가족의 비밀; 두 번째 기회
믿음과 의심; 삶과 죽음
"""),
    genre=items("""
드라마; 스릴러; 코미디; 다큐멘터리; 멜로; 로드무비; 가족 드라마; 범죄 드라마; 전쟁 영화
성장 영화; 뮤지컬; 사극; 미스터리
"""),
    title=items("""
고요한 항구; 소금과 재; 북쪽의 빛; 여름이 없던 해; 마지막 여객선; 빌려 온 시간; 유리 과수원
한밤의 새들; 물의 무게; 비가 그친 뒤; 겨울 손님; 등대지기의 딸; 종이 새; 붉은 흙; 돌아가는 길
침묵의 강가; 밤기차; 다리 아래서; 자매; 바다를 보는 사람; 먼 목소리; 봄을 기다리며
아버지의 시계; 하얀 언덕; 새벽까지
"""),
    credit=lines("""
^〈{T}〉({Y}, {D} 감독)
^《{T}》({Y})
${D} 감독의 신작.
$감독: {D}, {Y}년.
$〈{T}〉^으로 주목받은 {D} 감독의 새 영화.
^〈{T}〉 / {D} / {Y} /
"""),
    more=items("더보기; 자세히 보기; …더보기; 전체 보기; 더보기 ▼"),
    src=items("""
(출처: 영화제 공식 홈페이지); (자료 제공: 배급사); (출처: 보도자료); (작품 소개: 영화제 카탈로그)
"""),
    events=items("""
제2차 세계대전; 제1차 세계대전; 스페인 내전; 러시아 혁명; 베를린 장벽 붕괴; 체르노빌 원전 사고
타이타닉호 침몰; 대공황; 쿠바 미사일 위기; 베트남 전쟁; 한국전쟁; 프라하의 봄; 68혁명
1936년 베를린 올림픽; 1988년 서울 올림픽; 1964년 도쿄 올림픽; 아폴로 11호 달 착륙; 홀로코스트
히로시마 원폭 투하; 관동 대지진; 문화대혁명; 레바논 내전; 소련 붕괴; 사라예보 포위전
2004년 인도양 쓰나미; 9·11 테러; 후쿠시마 원전 사고; 5·18 광주 민주화운동; 4·19 혁명
6월 민주항쟁; IMF 외환위기; 2002년 월드컵; 세월호 참사; 아랍의 봄; 걸프 전쟁; 3·1 운동
제주 4·3 사건; 베트남 파병
"""),
    famous=items("""
모차르트; 베토벤; 차이콥스키; 쇼팽; 바흐; 베르디; 스트라빈스키; 쇼스타코비치; 셰익스피어
톨스토이; 도스토옙스키; 카프카; 빅토르 위고; 세르반테스; 푸시킨; 괴테; 헤밍웨이; 애거사 크리스티
가르시아 마르케스; 버지니아 울프; 나폴레옹; 레닌; 스탈린; 처칠; 간디; 링컨; 케네디; 넬슨 만델라
체 게바라; 드골; 마오쩌둥; 나세르; 엘비스 프레슬리; 존 레논; 에디트 피아프; 밥 딜런
프레디 머큐리; 움 쿨숨; 마이클 잭슨; 데이비드 보위; 프리다 칼로; 피카소; 반 고흐; 무하마드 알리
펠레; 마라도나; 제시 오언스; 나디아 코마네치; 아인슈타인; 마리 퀴리; 니콜라 테슬라; 다윈
유리 가가린; 프로이트; 앨런 튜링; 레오나르도 다빈치; 찰리 채플린; 마릴린 먼로; 살바도르 달리
마리아 칼라스
"""),
)


# ===========================================================================
# ARABIC
# ===========================================================================

_AR_DEC = {
    1920: "عشرينيات",
    1930: "ثلاثينيات",
    1940: "أربعينيات",
    1950: "خمسينيات",
    1960: "ستينيات",
    1970: "سبعينيات",
    1980: "ثمانينيات",
    1990: "تسعينيات",
}


def dec_ar(rng, d):
    if d == 1900:
        return "في مطلع القرن العشرين"
    if d == 1910:
        return "في العقد الثاني من القرن العشرين"
    if d == 2000:
        return "في مطلع الألفية الجديدة"
    if d == 2010:
        return "في العقد الثاني من القرن الحادي والعشرين"
    if d == 2020:
        return rng.choice(["في أيامنا هذه", "في الوقت الراهن"])
    w = _AR_DEC[d]
    return rng.choice(
        ["في " + w + " القرن الماضي", "في ال" + w, "في أواخر ال" + w, "في مطلع ال" + w]
    )


lang(
    "ar",
    dec=dec_ar,
    OPEN=lines("""
{dec}، [يعود|تعود] {P}، {occ} من {city}، إلى مسقط رأس[ه|ها] لتسديد ديون والد[ه|ها] الراحل.
منذ عشرين عاماً [يعيش|تعيش] {P} في {city} دون أن [يطرح|تطرح] أي سؤال.
بعد الطلاق، [ينتقل|تنتقل] {P} إلى {place} [ليبدأ|لتبدأ] حياة جديدة.
{city}، {year}. {P}، {occ} في الـ{age} من عمر[ه|ها]، على وشك أن [يخسر|تخسر] كل شيء.
[يعيش|تعيش] {P}، {occ} في {city}، [وحيداً|وحيدةً] مع ذكريات[ه|ها] وراديو قديم.
تبدأ الحكاية في الليلة التي [يختفي|تختفي] فيها {P} خلال حفل زفاف في {place}.
بعد خروج[ه|ها] من السجن، [يعود|تعود] {P} إلى {city} [ليجد|لتجد] الحيّ القديم وقد تغيّر تماماً.
نشأ {P} و{Q} في الشارع نفسه في {city}، لكنهما لم يتبادلا كلمة منذ سنوات.
قبل أشهر من تقاعد[ه|ها]، [يتلقى|تتلقى] {P} زيارة غير متوقعة من {Q}، {R}.
شتاء {year}: [يصل|تصل] {P} إلى {city} بحقيبة واسم مستعار ومن دون أي خطة.
منذ الحادث، [يرفض|ترفض] {P} قيادة السيارة أو السباحة أو الحديث عن {city}.
[يعمل|تعمل] {P} في النوبة الليلية في {city} و[ينام|تنام] معظم النهار.
مستوحى من أحداث حقيقية، يتابع الفيلم {P}، {occ} [يتحدى|تتحدى] عائلة نافذة في المنطقة.
في بلدة صغيرة قرب {city}، [يدير|تدير] {P} صالة سينما لم تعرض فيلماً جديداً منذ عام {year}.
بعد وفاة [زوجته|زوجها]، [ينتقل|تنتقل] {P} إلى {place} بعيداً عن الأبناء.
نحن في عام {year}. {P}، {occ} [شاب|شابة] [قادم|قادمة] من {country}، [وصل|وصلت] للتو إلى {city}.
خطة {P} بسيطة: عملية أخيرة في {city2}، ثم حياة هادئة على شاطئ البحر.
كل صيف [يعود|تعود] {P} إلى بيت العائلة في {place}. لكن شيئاً ما تغيّر هذا العام.
[موهوب|موهوبة] لكن [صعب|صعبة] المراس، [يضطر|تضطر] {P} إلى مشاركة مكتب[ه|ها] مع {Q}.
حين <يظهر|تظهر> {Q}، {R}، على الباب بعد خمسة عشر عاماً، لا [يتعرّف|تتعرّف] {P} <عليه|عليها>.
[يجد|تجد] {P}، {occ} في {city}، نفس[ه|ها] [مضطراً|مضطرةً] لرعاية طفل لم [يره|ترَه] من قبل.
{dec}، في {place}، [يحلم|تحلم] {P} بالرحيل لكن[ه|ها] لا [يجرؤ|تجرؤ].
لا شيء يحدث في {place}، وهذا بالضبط ما [يحبه|تحبه] {P}.
[يُرسَل|تُرسَل] {P} إلى {city2} لإبرام صفقة لا يؤمن بها أحد، لكن[ه|ها] [يبقى|تبقى] هناك أطول مما كان مقرراً.
{P} في الـ{age} من عمر[ه|ها]، و[مقتنع|مقتنعة] بأن[ه|ها] ما [زال|زالت] [قادراً|قادرةً] على تغيير العالم.
في قلب {city}، [يعيش|تعيش] {P} حياة مزدوجة لا يشك فيها أحد.
"""),
    DEV=lines("""
لكن عودة {Q}، {R}، تفتح جروحاً قديمة.
لقاء مصادفة مع {Q} [يجبره|يجبرها] على مواجهة ماضٍ [ظنّ|ظنّت] أنه دُفن إلى الأبد.
مع مرور الأسابيع، [يبدأ|تبدأ] {P1} في الشك بأن صاحب العمل يخفي شيئاً ما.
ما بدأ كخدمة بسيطة يتحوّل سريعاً إلى هوس خطير.
بين {city} و{city2}، [يحاول|تحاول] {P1} لملمة حياة تتفكك ببطء.
الشخص الوحيد الذي [يثق|تثق] به هو {Q}، {R}، لكن ل<ه|ها> أيضاً أسرار<ه|ها>.
علبة رسائل قديمة تقلب كل ما [كان يعرفه|كانت تعرفه] عن عائلت[ه|ها].
[ممزقاً|ممزقةً] بين الولاء والطموح، على {P1} أن [يقرر|تقرر] إلى أي حدّ [هو مستعد|هي مستعدة] للذهاب.
شيئاً فشيئاً، تنشأ صداقة غير متوقعة بين {P1} و{Q1}.
في هذه الأثناء، تنتشر الشائعات عن {P} في أرجاء البلدة.
غريب [يعرض عليه|يعرض عليها] مخرجاً، لكن الثمن باهظ.
تتأزم الأمور حين <يُعتقل|تُعتقل> {Q1} بتهمة لم <يرتكبها|ترتكبها>.
خلال عطلة نهاية أسبوع طويلة، تطفو أسرار العائلة على السطح واحداً تلو الآخر.
[مسكوناً|مسكونةً] بذكريات عام {year}، [يبدأ|تبدأ] في تدوين كل ما [يتذكره|تتذكره].
في سيارة مستعارة، [ينطلق|تنطلق] برفقة {Q1} في رحلة عبر {country}.
كلما عرف[|ت] {P1} أكثر، قلّت رغبت[ه|ها] في المعرفة.
في الوقت نفسه، يوشك المصنع الذي يعيل نصف البلدة على الإغلاق.
مكالمة مجهولة [تضعه|تضعها] على أثر رجل اختفى قبل عقود.
وتأتي المساعدة من حيث لا [يتوقع|تتوقع]: من {Q}، {R}.
كل محاولة لمغادرة {city} [تعيده|تعيدها] إليها من جديد.
تراقب الكاميرا بصبر الحياة اليومية لأناس نادراً ما تتحدث عنهم الأخبار.
سرعان ما [يجد|تجد] {P1} نفس[ه|ها] [عالقاً|عالقةً] في شبكة من الأكاذيب تهدد كل من [يحب|تحب].
حين ينفد المال، [يقبل|تقبل] عملاً [يعرف|تعرف] أن علي[ه|ها] رفضه.
بعيداً عن الوطن، [يكتشف|تكتشف] {P1} حرية لم [يعرفها|تعرفها] من قبل.
عاصفة تعزل القرية عن العالم ثلاثة أيام.
تتقاطع طرقهما من جديد في {city2}، حيث لا يسير شيء كما هو مخطط له.
"""),
    CLOSE=lines("""
فيلم مؤثر عن {theme}.
حكاية هادئة ورقيقة عن {theme}.
دراما حميمية عن {theme}، صُوّرت في {city}.
بروح من الفكاهة والاقتصاد في التعبير، يتأمل الفيلم في {theme}.
عمل مشوّق يحتفظ بأسراره حتى المشهد الأخير.
الفيلم الروائي الطويل الأول لمخرج واعد.
حاز جائزة الجمهور في عدة مهرجانات.
نظرة جريئة إلى {theme}.
بين أفلام الطريق والدراما العائلية، يتساءل الفيلم عمّا ندين به لمن نتركهم خلفنا.
صُوّر بالأبيض والأسود بجمالية لافتة.
كوميديا حلوة ومُرّة عن {theme}.
مع أداء لافت في الدور الرئيسي.
فيلم عن {theme}، وعن الشجاعة اللازمة للبدء من جديد.
مقتبس عن الرواية التي تحمل الاسم نفسه.
صُوّر على مدى ثلاث سنوات مع ممثلين غير محترفين.
تأمل سينمائي هادئ في {theme}.
"""),
    FAME=lines("""
{P}، {occ} [مهووس|مهووسة] بـ{F}، [يقرر|تقرر] السير على خطى [معبوده|معبودها].
بورتريه لـ{F} قبل الشهرة، من خلال عيني {P}، {occ} من {city}.
بعد سنوات من لقاء عابر مع {F} في {city}، ما [زال|زالت] {P} [يروي|تروي] القصة لكل من يريد أن يسمع.
يتخيل الفيلم الأيام الأخيرة من حياة {F} في {city}.
[يقضي|تقضي] {P} أمسيات[ه|ها] في الاستماع إلى الأسطوانات وقراءة كل ما كُتب عن {F}.
مستوحى بحرية من سيرة {F}.
"""),
    EVENT=lines("""
خلال {E}، [ينفصل|تنفصل] {P}، {occ} في {city}، عن عائلت[ه|ها].
تبدأ الأحداث عشية {E}.
بعد {E}، [يعود|تعود] {P} إلى {city} بحثاً عن {Q}، {R}.
بعد عقود على {E}، ما [زال|زالت] {P} [عاجزاً|عاجزةً] عن رواية ما [رآه|رأته].
على خلفية {E}، يروي الفيلم حكاية عن {theme}.
تتخلل السرد لقطات أرشيفية من {E}.
"""),
    gm=items("""
محمد; أحمد; كريم; يوسف; عمر; خالد; سامي; طارق; حسن; علي; مصطفى; رامي; نبيل; وليد; هشام
زياد; فادي; إبراهيم; جمال; عادل; منير; سليم
"""),
    gf=items("""
فاطمة; ليلى; مريم; نور; سلمى; هدى; رانيا; ياسمين; منى; سارة; أمل; دينا; ريم; زينب; هالة
سعاد; لينا; نادية; رشا; جميلة; سميرة; خديجة
"""),
    sn=items("""
حداد; الخوري; منصور; عبد الله; النجار; حسين; الأحمد; صالح; إبراهيم; العلي; يوسف; المصري
الشامي; عيسى; بكري; درويش; قاسم; سليمان; الحلبي; فرح; بن علي; العمري; التونسي; الزين
"""),
    foreign=items("""
m:gs:جون سميث; f:gs:ماري دوبوا; m:gs:هانس مولر; f:gs:آنا إيفانوفا; m:gs:إيفان بتروف
m:gs:كارلوس غارسيا; f:gs:صوفيا روسي; m:gs:بيير لوروا; f:gs:إيما جونسون; m:gs:كينجي واتانابي
f:gs:يوكي ساتو; m:gs:توماس نوفاك; f:gs:إنغريد يانسن; m:gs:دانيال براون; m:gs:ماركو روسي
"""),
    occ=items("""
مدرّس|مدرّسة; ممرّض|ممرّضة; سائق أجرة|سائقة أجرة; صحفي|صحفية; مصوّر|مصوّرة; شرطي|شرطية
محامٍ|محامية; مهندس معماري|مهندسة معمارية; مزارع|مزارعة; عامل مصنع|عاملة مصنع
موسيقي|موسيقية; رسّام|رسّامة; جرّاح|جرّاحة; مترجم|مترجمة; ميكانيكي|ميكانيكية; نادل|نادلة
ممثل|ممثلة; عامل منجم|مهندسة مناجم; مهندس|مهندسة; أمين مكتبة|أمينة مكتبة
سائق شاحنة|سائقة شاحنة; طبّاخ|طبّاخة; ساعي بريد|ساعية بريد; ملاكم|ملاكمة
مدرّس بيانو|مدرّسة بيانو; صيّاد|صيّادة; راقص|راقصة; محقّق|محقّقة; موظف بنك|موظفة بنك
روائي|روائية; طبيب|طبيبة
"""),
    rel=items("""
m:شقيق[ه|ها] الأصغر; f:شقيقت[ه|ها] الكبرى; m:والد[ه|ها]; f:والدت[ه|ها]; m:صديق طفولت[ه|ها]
f:صديقة طفولت[ه|ها]; m:أستاذ[ه|ها] القديم; f:جارت[ه|ها]; m:ابن[ه|ها]; f:ابنت[ه|ها]
m:ابن عم[ه|ها]; f:ابنة خالت[ه|ها]; f:حب[ه|ها] الأول; m:حب[ه|ها] الأول; m:شريك[ه|ها] في العمل
f:جدّت[ه|ها]; m:جدّ[ه|ها]; m:رفيق[ه|ها] القديم في الجيش; f:[طليقته|صديقتها القديمة]
m:[صديقه القديم|طليقها]
"""),
    city=items("""
القاهرة; باريس; بيروت; نيويورك; برلين; طوكيو; موسكو; دمشق; لندن; روما; لوس أنجلوس; إسطنبول
مدريد; لشبونة; وارسو; فيينا; براغ; بوينس آيرس; مكسيكو سيتي; سيول; شنغهاي; هونغ كونغ; مومباي
مرسيليا; نابولي; كييف; سانت بطرسبرغ; شيكاغو; الإسكندرية; بغداد; عمّان; تونس; الجزائر
الدار البيضاء; الرباط; الخرطوم; حلب; طرابلس; دبي; جدة; الرياض; مراكش; وهران; حيفا
"""),
    country=items("""
فرنسا; ألمانيا; إيطاليا; إسبانيا; البرتغال; بولندا; روسيا; أوكرانيا; اليابان; الصين
كوريا الجنوبية; المكسيك; الأرجنتين; البرازيل; المغرب; مصر; لبنان; سوريا; العراق; الأردن
تونس; الجزائر; تركيا; إيران; الهند; كندا; اليونان; السويد; الولايات المتحدة; فلسطين; السودان
"""),
    place=items("""
قرية صيادين صغيرة; بلدة منجمية في الشمال; منتجع ساحلي خارج الموسم; حيّ شعبي على أطراف المدينة
قرية جبلية نائية; بلدة حدودية; مدينة صناعية تحتضر; جزيرة صغيرة; فندق قديم في الجبال
مدرسة داخلية; بلدة ريفية في الدلتا; ضواحي {city}; واحة في الجنوب
"""),
    theme=items("""
الفقد والذاكرة; الوحدة; النضوج; المنفى والانتماء; الروابط العائلية; الذنب; الحب الأول
ثمن الحرية; الشيخوخة; الصداقة; الأمومة; الأبوة; الغفران; الطبقية والطموح; الهوية
نهاية حقبة; أسرار العائلة; الفرصة الثانية; الإيمان والشك; الحياة والموت
"""),
    genre=items("""
دراما; تشويق; كوميديا; وثائقي; رومانسي; فيلم طريق; دراما عائلية; جريمة; حرب; تاريخي; موسيقي
"""),
    title=items("""
الميناء الهادئ; ملح ورماد; أضواء الشمال; عام بلا صيف; العبّارة الأخيرة; زمن مستعار
بستان الزجاج; طيور منتصف الليل; وزن الماء; بعد المطر; ضيوف الشتاء; ابنة حارس المنارة
طيور من ورق; تراب أحمر; طريق العودة; الضفة الصامتة; قطار الليل; تحت الجسر; الأخوات
من يرى البحر; أصوات بعيدة; في انتظار الربيع; ساعة أبي; التلة البيضاء; حتى الفجر
"""),
    credit=lines("""
^«{T}» ({Y}، إخراج: {D}) —
^«{T}» ({Y}):
$أحدث أفلام المخرج {D}.
$إخراج {D}، {Y}.
$بعد «{T}»، يعود {D} بفيلم روائي جديد.
^{T} / {D} / {Y} /
"""),
    more=items("اقرأ المزيد; المزيد; التفاصيل; ... اقرأ المزيد; للمزيد"),
    src=items("""
(المصدر: موقع المهرجان); (المصدر: الشركة الموزعة); (المصدر: الملف الصحفي); (عن كتالوج المهرجان)
"""),
    events=items("""
الحرب العالمية الثانية; الحرب العالمية الأولى; الحرب الأهلية الإسبانية; ثورة أكتوبر
سقوط جدار برلين; كارثة تشيرنوبيل; غرق تيتانيك; الكساد الكبير; أزمة الصواريخ الكوبية
حرب فيتنام; الحرب الكورية; حرب الجزائر; ربيع براغ; أحداث مايو 1968; أولمبياد برلين 1936
أولمبياد موسكو 1980; أولمبياد ميونيخ 1972; الهبوط على سطح القمر; حصار لينينغراد
المحرقة النازية; تقسيم الهند; الثورة الإيرانية; قصف هيروشيما; الثورة الثقافية
حرب الأيام الستة; الحرب الأهلية اللبنانية; انهيار الاتحاد السوفيتي; حصار سراييفو
تسونامي 2004; هجمات 11 سبتمبر; كارثة فوكوشيما; نكبة 1948; ثورة يوليو 1952
حرب أكتوبر 1973; الربيع العربي; حرب الخليج; زلزال أغادير; الغزو الأمريكي للعراق
ثورة 25 يناير; انفجار مرفأ بيروت; العدوان الثلاثي على مصر
"""),
    famous=items("""
موتسارت; بيتهوفن; تشايكوفسكي; شوبان; باخ; فيردي; سترافينسكي; شوستاكوفيتش; شكسبير; تولستوي
دوستويفسكي; كافكا; فيكتور هوغو; سرفانتس; بوشكين; غوته; همنغواي; أغاثا كريستي
غابرييل غارسيا ماركيز; فرجينيا وولف; نابليون; لينين; ستالين; تشرشل; غاندي; أبراهام لينكولن
جون كينيدي; نيلسون مانديلا; تشي غيفارا; شارل ديغول; ماو تسي تونغ; جمال عبد الناصر; إلفيس بريسلي
جون لينون; إديث بياف; بوب ديلان; فريدي ميركوري; أم كلثوم; مايكل جاكسون; ديفيد بوي; فريدا كاهلو
بيكاسو; فان غوخ; محمد علي كلاي; بيليه; مارادونا; جيسي أوينز; ناديا كومانتشي; أينشتاين
ماري كوري; نيكولا تسلا; داروين; يوري غاغارين; فرويد; آلان تورينغ; ليوناردو دا فينشي
تشارلي تشابلن; مارلين مونرو; سلفادور دالي; ماريا كالاس
"""),
)


# ===========================================================================
# HEBREW
# ===========================================================================


def dec_he(rng, d):
    if d == 1900:
        return "בראשית המאה ה-20"
    if d == 1910:
        return "בעשור השני של המאה ה-20"
    if d == 2000:
        return "בשנות האלפיים"
    if d == 2010:
        return "בשנות ה-2010"
    if d == 2020:
        return rng.choice(["בימינו", "בישראל של היום"])
    y = d % 100
    return rng.choice(
        ["בשנות ה-%d" % y, "בשנות ה-%d" % y, "בסוף שנות ה-%d" % y, "בתחילת שנות ה-%d" % y]
    )


lang(
    "he",
    dec=dec_he,
    OPEN=lines("""
{dec}, {P}, {occ} מ{city}, [חוזר|חוזרת] לעיר הולדת[ו|ה] כדי לסלק את החובות של [אביו|אביה] המנוח.
{P} [עובד|עובדת] כבר עשרים שנה ב{city} ומעולם לא [הטיל|הטילה] ספק בכללים.
אחרי הגירושים, {P} [עובר|עוברת] ל{place} כדי להתחיל מחדש.
{city}, {year}. {P}, {occ} [בן|בת] {age}, [עומד|עומדת] לאבד הכול.
{P}, {occ} ב{city}, [חי|חיה] לבד עם הזיכרונות ורדיו ישן.
הסיפור נפתח בלילה שבו {P} [נעלם|נעלמת] באמצע חתונה ב{place}.
אחרי שנים בכלא, {P} [חוזר|חוזרת] ל{city} ומגלה שהשכונה הישנה השתנתה ללא הכר.
{P} ו{Q} גדלו באותו רחוב ב{city}, אבל כבר שנים שהם לא מדברים.
חודשים ספורים לפני הפרישה, {P} [מקבל|מקבלת] ביקור בלתי צפוי מ{Q}, {R}.
חורף {year}: {P} [מגיע|מגיעה] ל{city} עם מזוודה, שם בדוי ובלי שום תוכנית.
מאז התאונה, {P} [מסרב|מסרבת] לנהוג, לשחות או לדבר על {city}.
{P} [עובד|עובדת] במשמרות לילה כ{occ} ב{city} [וישן|וישנה] רוב היום.
על פי סיפור אמיתי: {P}, {occ}, [יוצא|יוצאת] למאבק נגד משפחה רבת עוצמה.
בעיירה קטנה ליד {city}, {P} [מפעיל|מפעילה] בית קולנוע שלא הקרין סרט חדש מאז {year}.
זמן קצר אחרי מות [אשתו|בעלה], {P} [עובר|עוברת] ל{place}, הרחק מהילדים.
השנה היא {year}. {P}, {occ} [צעיר|צעירה] מ{country}, [נחת|נחתה] זה עתה ב{city}.
התוכנית של {P} פשוטה: עבודה אחרונה ב{city2}, ואחר כך חיים שקטים על חוף הים.
בכל קיץ {P} [חוזר|חוזרת] לבית המשפחה ב{place}. אבל השנה משהו השתנה.
{occ} [מבריק|מבריקה] אך [בעייתי|בעייתית], {P} [נאלץ|נאלצת] לחלוק משרד עם {Q}.
כש{Q}, {R}, <מופיע|מופיעה> בפתח אחרי חמש עשרה שנה, {P} לא [מזהה|מזהה] <אותו|אותה>.
{P}, {occ} ב{city}, [נאלץ|נאלצת] לטפל בילד שמעולם לא [ראה|ראתה].
{dec}, ב{place}, {P} [חולם|חולמת] לעזוב אבל לא [מעז|מעזה].
ב{place} אף פעם לא קורה כלום, ובדיוק כך {P} [אוהב|אוהבת] את זה.
{P} [נשלח|נשלחת] ל{city2} כדי לסגור עסקה שאיש לא מאמין בה, אבל [נשאר|נשארת] שם יותר מהמתוכנן.
{P} [בן|בת] {age}, [ומשוכנע|ומשוכנעת] שעוד אפשר לשנות את העולם.
בלב {city}, {P} [מנהל|מנהלת] חיים כפולים שאיש אינו חושד בהם.
"""),
    DEV=lines("""
אבל אז <חוזר|חוזרת> {Q}, {R}, ופצעים ישנים נפתחים מחדש.
פגישה מקרית עם {Q} מאלצת [אותו|אותה] להתמודד עם עבר [שחשב|שחשבה] שנקבר.
ככל שחולפים השבועות, {P1} [מתחיל|מתחילה] לחשוד שהמעסיק [שלו|שלה] מסתיר משהו.
מה שמתחיל כטובה קטנה הופך במהרה לאובססיה מסוכנת.
בין {city} ל{city2}, {P1} מנסה להחזיק חיים שמתפרקים לאט.
<היחיד שעומד|היחידה שעומדת> לצד[ו|ה] <הוא|היא> {Q}, {R}, שגם ל<ו|ה> יש סודות.
קופסת מכתבים ישנים מערערת את כל מה [שידע|שידעה] על משפחת[ו|ה].
[קרוע|קרועה] בין נאמנות לשאפתנות, {P1} [צריך|צריכה] להחליט עד כמה רחוק [הוא מוכן|היא מוכנה] ללכת.
לאט לאט נרקמת חברות לא צפויה בין {P1} ל{Q1}.
בינתיים, השמועות על {P} מתפשטות בעיירה.
זר מציע ל[ו|ה] דרך החוצה – אבל המחיר כבד.
המצב מסלים כש{Q1} <נעצר|נעצרת> על פשע <שלא ביצע|שלא ביצעה>.
במהלך סוף שבוע ארוך, סודות משפחתיים צפים זה אחר זה.
[רדוף|רדופה] בזיכרונות משנת {year}, [הוא מתחיל|היא מתחילה] לכתוב כל מה [שהוא זוכר|שהיא זוכרת].
במכונית שאולה, [הוא יוצא|היא יוצאת] עם {Q1} למסע לאורך {country}.
ככל ש{P1} [לומד|לומדת] יותר, כך [הוא רוצה|היא רוצה] לדעת פחות.
בינתיים, המפעל שמפרנס חצי מהעיירה עומד להיסגר.
שיחת טלפון אנונימית מובילה [אותו|אותה] לעקבותיו של אדם שנעלם לפני עשרות שנים.
העזרה מגיעה ממקום לא צפוי: {Q}, {R}.
כל ניסיון לעזוב את {city} רק מושך [אותו|אותה] בחזרה.
המצלמה מתבוננת בסבלנות בשגרת חייהם של אנשים שכמעט אף פעם לא מגיעים לחדשות.
עד מהרה {P1} [מוצא|מוצאת] את עצמ[ו|ה] [לכוד|לכודה] ברשת של שקרים שמאיימת על כל מי [שהוא אוהב|שהיא אוהבת].
כשהכסף נגמר, [הוא מקבל|היא מקבלת] עבודה [שהוא יודע|שהיא יודעת] שהיה עלי[ו|ה] לסרב לה.
הרחק מהבית, {P1} מגלה חופש שלא [הכיר|הכירה] מעולם.
סערה מנתקת את הכפר מהעולם לשלושה ימים.
דרכיהם מצטלבות שוב ב{city2}, ושום דבר לא הולך לפי התוכנית.
"""),
    CLOSE=lines("""
סרט נוגע ללב על {theme}.
סיפור שקט ועדין על {theme}.
דרמה אינטימית על {theme}, שצולמה ב{city}.
בהומור ובאיפוק, הסרט מתבונן ב{theme}.
מותחן סוחף ששומר על סודותיו עד הסצנה האחרונה.
סרט הביכורים של במאי מבטיח.
זוכה פרס הקהל בכמה פסטיבלים.
מבט נוקב על {theme}.
חצי סרט מסע וחצי דרמה משפחתית, הסרט שואל מה אנחנו חייבים למי שהשארנו מאחור.
צולם בשחור-לבן מרהיב.
קומדיה מרירה-מתוקה על {theme}.
עם הופעה יוצאת דופן בתפקיד הראשי.
סרט על {theme}, ועל האומץ שנדרש כדי להתחיל מחדש.
על פי הרומן באותו שם.
צולם במשך שלוש שנים עם שחקנים לא מקצועיים.
מסע אנושי ועדין אל תוך {theme}.
"""),
    FAME=lines("""
{P}, {occ} [שמשוגע|שמשוגעת] על {F}, [מחליט|מחליטה] ללכת בעקבות האליל [שלו|שלה].
דיוקן של {F} לפני התהילה, מנקודת [מבטו|מבטה] של {P}, {occ} מ{city}.
שנים אחרי פגישה מקרית עם {F} ב{city}, {P} עדיין [מספר|מספרת] את הסיפור לכל מי שמוכן להקשיב.
הסרט מדמיין את הימים האחרונים של {F} ב{city}.
{P} מבלה את הערבים בהאזנה לתקליטים ובקריאה על {F}.
בהשראה חופשית מהביוגרפיה של {F}.
"""),
    EVENT=lines("""
במהלך {E}, {P}, {occ} ב{city}, [נפרד|נפרדת] ממשפחת[ו|ה].
העלילה נפתחת ערב {E}.
אחרי {E}, {P} [חוזר|חוזרת] ל{city} כדי לחפש את {Q}, {R}.
עשרות שנים אחרי {E}, {P} עדיין לא [מסוגל|מסוגלת] לספר את מה [שראה|שראתה].
על רקע {E}, זהו גם סיפור על {theme}.
קטעי ארכיון מ{E} שזורים בעלילה.
"""),
    gm=items("""
יוסי; דוד; אבי; משה; יעקב; איתי; עומר; נועם; אורי; רון; דני; אמיר; גיל; יונתן; אלון; שמעון
ערן; עידו; יואב; אריאל; מוטי; שלמה
"""),
    gf=items("""
נועה; מיכל; שירה; תמר; יעל; רחל; שרה; מאיה; ענבל; הילה; רותם; אורית; דנה; לאה; אסתר; נטע
טליה; רוני; ליאת; קרן; רינה; זהבה
"""),
    sn=items("""
כהן; לוי; מזרחי; פרץ; ביטון; דהן; אברהם; פרידמן; שפירא; גולדברג; רוזנברג; כץ; אזולאי
בן-דוד; אוחיון; חדד; גבאי; ברק; שרעבי; אשכנזי; ויס; מלכה
"""),
    foreign=items("""
m:gs:ג'ון סמית'; f:gs:מארי דובואה; m:gs:הנס מילר; f:gs:אנה איבנובה; m:gs:איוואן פטרוב
m:gs:קרלוס גרסיה; f:gs:סופיה רוסי; m:gs:פייר לרואה; f:gs:אמה ג'ונסון; m:gs:כרים חדאד
f:gs:לילא מנסור; m:gs:קנג'י וטנבה; f:gs:יוקי סאטו; m:gs:תומאש נובאק; f:gs:אינגריד יאנסן
"""),
    occ=items("""
מורה|מורה; אח|אחות; נהג מונית|נהגת מונית; עיתונאי|עיתונאית; צלם|צלמת; שוטר|שוטרת
עורך דין|עורכת דין; אדריכל|אדריכלית; חקלאי|חקלאית; פועל במפעל|פועלת במפעל
מוזיקאי|מוזיקאית; צייר|ציירת; מנתח|מנתחת; מתרגם|מתרגמת; מכונאי|מכונאית; מלצר|מלצרית
שחקן|שחקנית; מהנדס|מהנדסת; ספרן|ספרנית; נהג משאית|נהגת משאית; טבח|טבחית; דוור|דוורית
מתאגרף|מתאגרפת; מורה לפסנתר|מורה לפסנתר; דייג|דייגת; רקדן|רקדנית; בלש|בלשית
פקיד בנק|פקידת בנק; סופר|סופרת; רופא|רופאה
"""),
    rel=items("""
m:[אחיו|אחיה] הצעיר; f:[אחותו|אחותה] הגדולה; m:[אביו|אביה]; f:[אמו|אמה]
m:חבר הילדות [שלו|שלה]; f:חברת הילדות [שלו|שלה]; m:המורה הוותיק [שלו|שלה]
f:השכנה [שלו|שלה]; m:[בנו|בנה]; f:[בתו|בתה]; m:בן הדוד [שלו|שלה]; f:בת הדודה [שלו|שלה]
f:האהבה הראשונה [שלו|שלה]; m:האהבה הראשונה [שלו|שלה]; m:השותף העסקי [שלו|שלה]
f:סבתא [שלו|שלה]; m:סבא [שלו|שלה]; m:החבר הוותיק [שלו|שלה] מהצבא; f:[גרושתו|חברתה הוותיקה]
m:[חברו הוותיק|גרושה]
"""),
    city=items("""
תל אביב; ירושלים; פריז; ניו יורק; ברלין; טוקיו; מוסקבה; חיפה; לונדון; רומא; לוס אנג'לס
איסטנבול; מדריד; ליסבון; ורשה; וינה; פראג; בואנוס איירס; מקסיקו סיטי; קהיר; ביירות; סיאול
שנגחאי; הונג קונג; מומבאי; מרסיי; נאפולי; קייב; סנקט פטרבורג; שיקגו; באר שבע; אילת; עכו
נתניה; טבריה; אשדוד; בודפשט; אודסה; דימונה; צפת
"""),
    country=items("""
צרפת; גרמניה; איטליה; ספרד; פורטוגל; פולין; רוסיה; אוקראינה; יפן; סין; דרום קוריאה; מקסיקו
ארגנטינה; ברזיל; מרוקו; מצרים; לבנון; ישראל; טורקיה; איראן; הודו; קנדה; אירלנד; יוון; שוודיה
ארצות הברית; אתיופיה; רומניה; עיראק
"""),
    place=items("""
כפר דייגים קטן; עיירת מכרות בצפון; עיירת נופש מחוץ לעונה; שיכון בפאתי העיר; כפר נידח בהרים
עיירת גבול; עיר תעשייה גוססת; אי קטן; מלון ישן בהרים; פנימייה; עיירת פיתוח בדרום
קיבוץ בגליל; פרבר של {city}; מושב בעמק
"""),
    theme=items("""
אובדן וזיכרון; בדידות; התבגרות; גלות ושייכות; נאמנות משפחתית; אשמה; אהבה ראשונה; מחיר החופש
זקנה; חברות; אימהות; אבהות; סליחה; מעמד ושאפתנות; זהות; סופו של עידן; סודות משפחתיים
הזדמנות שנייה; אמונה וספק; חיים ומוות
"""),
    genre=items("""
דרמה; מותחן; קומדיה; תיעודי; רומנטי; סרט מסע; דרמה משפחתית; פשע; מלחמה; התבגרות; מחזמר
היסטורי
"""),
    title=items("""
הנמל השקט; מלח ואפר; אור צפוני; שנה בלי קיץ; המעבורת האחרונה; זמן שאול; בוסתן הזכוכית
ציפורי חצות; משקל המים; אחרי הגשם; אורחי החורף; בתו של שומר המגדלור; ציפורי נייר; אדמה אדומה
הדרך הביתה; החוף השותק; רכבת לילה; מתחת לגשר; אחיות; מי שמביט בים; קולות רחוקים
מחכים לאביב; השעון של אבא; הגבעה הלבנה; עד אור הבוקר
"""),
    credit=lines("""
^"{T}" ({Y}, בימוי: {D}) –
^{T} ({Y}) –
$סרטו החדש של הבמאי {D}.
$בימוי: {D}, {Y}.
$אחרי "{T}", {D} חוזר עם סרט עלילתי חדש.
^{T} / {D} / {Y} /
"""),
    more=items("להמשך קריאה; קרא עוד; לפרטים נוספים; המשך >>"),
    src=items("""
(מקור: אתר הפסטיבל); (באדיבות המפיצים); (מקור: חומרי יחסי ציבור); (מתוך קטלוג הפסטיבל)
"""),
    events=items("""
מלחמת העולם השנייה; מלחמת העולם הראשונה; מלחמת האזרחים בספרד; מהפכת אוקטובר; נפילת חומת ברלין
אסון צ'רנוביל; טביעת הטיטאניק; השפל הגדול; משבר הטילים בקובה; מלחמת וייטנאם; מלחמת קוריאה
אביב פראג; האולימפיאדה בברלין ב-1936; אולימפיאדת מינכן; אולימפיאדת מוסקבה ב-1980
הנחיתה על הירח; המצור על לנינגרד; השואה; המהפכה האסלאמית באיראן; ההפצצה על הירושימה
מלחמת ששת הימים; מלחמת יום הכיפורים; מלחמת העצמאות; מלחמת לבנון הראשונה
התפרקות ברית המועצות; המצור על סרייבו; הצונאמי של 2004; פיגועי 11 בספטמבר; אסון פוקושימה
העלייה הגדולה מברית המועצות; מבצע שלמה; רצח רבין; האינתיפאדה הראשונה; האינתיפאדה השנייה
מלחמת המפרץ; האביב הערבי; מבצע קדש; ההתנתקות
"""),
    famous=items("""
מוצרט; בטהובן; צ'ייקובסקי; שופן; באך; ורדי; סטרווינסקי; שוסטקוביץ'; שייקספיר; טולסטוי
דוסטויבסקי; קפקא; ויקטור הוגו; סרוונטס; פושקין; גתה; המינגוויי; אגתה כריסטי; גבריאל גרסיה מרקס
וירג'יניה וולף; נפוליאון; לנין; סטלין; צ'רצ'יל; גנדי; אברהם לינקולן; ג'ון קנדי; נלסון מנדלה
צ'ה גווארה; שארל דה גול; מאו דזה-דונג; גמאל עבד אל-נאצר; אלביס פרסלי; ג'ון לנון; אדית פיאף
בוב דילן; פרדי מרקורי; אום כולתום; מייקל ג'קסון; דייוויד בואי; פרידה קאלו; פיקאסו; ואן גוך
מוחמד עלי; פלה; מראדונה; ג'סי אוונס; נדיה קומנצ'י; איינשטיין; מארי קירי; ניקולה טסלה; דרווין
יורי גגרין; פרויד; אלן טיורינג; לאונרדו דה וינצ'י; צ'רלי צ'פלין; מרילין מונרו; סלבדור דאלי
מריה קאלאס
"""),
)


# ===========================================================================
# TURKISH  (cities carry their own case suffixes: n / g=ablative / l=locative / a=dative)
# ===========================================================================

_TR_DEC = {
    1900: "1900'lerin başında",
    1910: "1910'larda",
    1920: "1920'lerde",
    1930: "1930'larda",
    1940: "1940'larda",
    1950: "1950'lerde",
    1960: "1960'larda",
    1970: "1970'lerde",
    1980: "1980'lerde",
    1990: "1990'larda",
    2000: "2000'lerde",
    2010: "2010'larda",
    2020: "günümüzde",
}


def dec_tr(rng, d):
    return _TR_DEC[d]


lang(
    "tr",
    dec=dec_tr,
    forms={"city": "ngla"},
    OPEN=lines("""
{dec}, {city:l} yaşayan {occ} {P}, babasının borçlarını ödemek için memleketine döner.
{P}, yirmi yıldır {city:l} {occ} olarak çalışıyor ve kuralları hiç sorgulamamış.
Boşandıktan sonra {P}, yeni bir hayata başlamak için {place} yerleşir.
{city}, {year}. {age} yaşındaki {occ} {P}, her şeyini kaybetmek üzeredir.
Hapisten çıkan {P}, {city:a} döner ama eski mahallesini tanıyamaz.
{P} ile {Q}, {city:l} aynı sokakta büyüdüler ama yıllardır konuşmuyorlar.
Emekliliğine birkaç ay kala {occ} {P}, beklenmedik bir ziyaretçiyle karşılaşır: {R} {Q}.
{year} kışı. {P}, elinde bir bavul ve sahte bir isimle {city:a} gelir.
{city:l} gece vardiyasında {occ} olarak çalışan {P}, günün büyük kısmını uyuyarak geçirir.
Gerçek olaylardan esinlenen filmde {occ} {P}, kasabanın güçlü ailesine kafa tutar.
{P}, {age} yaşında ve dünyayı hâlâ değiştirebileceğine inanıyor.
Her yaz {P}, {place} döner; ama bu yaz her şey farklıdır.
"""),
    DEV=lines("""
Ancak {R} {Q} yeniden ortaya çıkınca eski yaralar açılır.
Zamanla {P1}, işvereninin bir şeyler sakladığından şüphelenmeye başlar.
Basit bir iyilik olarak başlayan şey, kısa sürede tehlikeli bir takıntıya dönüşür.
Eski mektuplarla dolu bir kutu, ailesi hakkında bildiği her şeyi altüst eder.
Sadakat ile hırs arasında kalan {P1}, ne kadar ileri gidebileceğine karar vermek zorundadır.
Yavaş yavaş {P1} ile {Q1} arasında beklenmedik bir dostluk doğar.
Bu arada kasabada dedikodular hızla yayılır.
İsimsiz bir telefon, onu onlarca yıl önce kaybolan bir adamın izine sürer.
Para bitince, reddetmesi gerektiğini bildiği bir işi kabul eder.
Bir fırtına, köyü üç gün boyunca dünyadan koparır.
Yolları {city2:l} yeniden kesişir, ama hiçbir şey plana göre gitmez.
Kamera, haberlere hiç konu olmayan insanların gündelik hayatını sabırla izler.
"""),
    CLOSE=lines("""
{theme} üzerine dokunaklı bir film.
{theme} üzerine sessiz ve incelikli bir hikâye.
Son sahneye kadar sırlarını saklayan sürükleyici bir gerilim.
Yeni bir yönetmenden umut vadeden bir ilk film.
Pek çok festivalde seyirci ödülü kazandı.
Aynı adlı romandan uyarlandı.
Siyah-beyaz çekilmiş, şiirsel bir {genre}.
{theme} ve yeniden başlama cesareti üzerine bir film.
"""),
    FAME=lines("""
{F} hayranı {occ} {P}, idolünün izinden gitmeye karar verir.
Yıllar önce {city:l} {F} ile tesadüfen karşılaşan {P}, bu hikâyeyi hâlâ herkese anlatır.
Film, {F} ile ilgili her şeyi okuyan bir {occ} olan {P} etrafında şekillenir.
"""),
    EVENT=lines("""
{E} sırasında {city:l} yaşayan {occ} {P}, ailesinden ayrı düşer.
Hikâye, {E} arifesinde başlar.
{E} sonrasında {P}, eski bir dostunu aramak için {city:a} döner.
"""),
    gm=items("""
Mehmet; Ahmet; Mustafa; Ali; Hasan; Hüseyin; Murat; Emre; Burak; Kemal; Cem; Can; Orhan
Yusuf; Serkan; İbrahim
"""),
    gf=items("""
Ayşe; Fatma; Zeynep; Elif; Emine; Hatice; Merve; Selin; Deniz; Aylin; Leyla; Nermin; Gül
Derya; Ece; Sevgi
"""),
    sn=items("""
Yılmaz; Kaya; Demir; Şahin; Çelik; Yıldız; Yıldırım; Öztürk; Aydın; Özdemir; Arslan; Doğan
Kılıç; Aslan; Çetin; Koç; Kurt; Özkan
"""),
    occ=items("""
öğretmen; hemşire; taksi şoförü; gazeteci; fotoğrafçı; polis; avukat; mimar; çiftçi
fabrika işçisi; müzisyen; ressam; cerrah; çevirmen; tamirci; garson; oyuncu; madenci
mühendis; kütüphaneci; kamyon şoförü; aşçı; postacı; boksör; balıkçı
"""),
    rel=items("""
m:kardeşi; f:ablası; m:ağabeyi; m:babası; f:annesi; f:eski karısı; m:eski kocası
m:çocukluk arkadaşı; f:çocukluk arkadaşı; m:eski öğretmeni; f:komşusu; m:oğlu; f:kızı
m:kuzeni; f:ilk aşkı; m:ortağı; f:büyükannesi; m:askerlik arkadaşı
"""),
    city=items("""
İstanbul/İstanbul'dan/İstanbul'da/İstanbul'a; Paris/Paris'ten/Paris'te/Paris'e
Berlin/Berlin'den/Berlin'de/Berlin'e; Ankara/Ankara'dan/Ankara'da/Ankara'ya
New York/New York'tan/New York'ta/New York'a; Tokyo/Tokyo'dan/Tokyo'da/Tokyo'ya
Moskova/Moskova'dan/Moskova'da/Moskova'ya; İzmir/İzmir'den/İzmir'de/İzmir'e
Londra/Londra'dan/Londra'da/Londra'ya; Roma/Roma'dan/Roma'da/Roma'ya
Atina/Atina'dan/Atina'da/Atina'ya; Bursa/Bursa'dan/Bursa'da/Bursa'ya
Trabzon/Trabzon'dan/Trabzon'da/Trabzon'a; Diyarbakır/Diyarbakır'dan/Diyarbakır'da/Diyarbakır'a
Mardin/Mardin'den/Mardin'de/Mardin'e; Antalya/Antalya'dan/Antalya'da/Antalya'ya
Hamburg/Hamburg'dan/Hamburg'da/Hamburg'a; Bakü/Bakü'den/Bakü'de/Bakü'ye
Beyrut/Beyrut'tan/Beyrut'ta/Beyrut'a; Kahire/Kahire'den/Kahire'de/Kahire'ye
"""),
    country=items("""
Almanya; Fransa; Yunanistan; Bulgaristan; İran; Irak; Suriye; Rusya; Azerbaycan; Gürcistan
"""),
    place=items("""
küçük bir balıkçı köyüne; Karadeniz'de bir dağ köyüne; sezon dışı bir sahil kasabasına
şehrin kenarındaki bir mahalleye; bir sınır kasabasına; Ege'de küçük bir adaya
Anadolu'da bir taşra kasabasına
"""),
    theme=items("""
kayıp ve hafıza; yalnızlık; büyümek; sürgün ve aidiyet; aile bağları; suçluluk; ilk aşk
özgürlüğün bedeli; yaşlılık; dostluk; annelik; babalık; affetmek; kimlik; bir dönemin sonu
aile sırları; ikinci şanslar
"""),
    genre=items(
        "dram; gerilim; komedi; belgesel; yol filmi; aile dramı; suç filmi; savaş filmi; gençlik filmi; tarihî film"
    ),
    title=items("""
Sessiz Liman; Tuz ve Kül; Kuzey Işıkları; Yazsız Bir Yıl; Son Vapur; Ödünç Zaman; Cam Bahçe
Gece Kuşları; Suyun Ağırlığı; Yağmurdan Sonra; Kış Misafirleri; Eve Dönüş; Köprünün Altında
Kız Kardeşler; Uzak Sesler; Şafağa Kadar
"""),
    credit=lines("""
^"{T}" ({Y}, yön. {D}) –
$Yönetmen: {D}.
${D} imzalı yeni film.
^{T} ({Y}) –
"""),
    more=items("Devamını oku; Daha fazla; …devamı; Devamı »"),
    src=items("(Kaynak: festival kataloğu); (Kaynak: dağıtımcı); (Kaynak: basın bülteni)"),
    events=items("""
İkinci Dünya Savaşı; Birinci Dünya Savaşı; Kurtuluş Savaşı; Kıbrıs Harekâtı; 12 Eylül darbesi
1999 Marmara Depremi; Berlin Duvarı'nın yıkılışı; Çernobil faciası; Sovyetler Birliği'nin dağılışı
Körfez Savaşı; Arap Baharı; Vietnam Savaşı; Kore Savaşı; 1960 darbesi; Ay'a iniş; Holokost
"""),
    famous=FAMOUS["tr"],
)


# ===========================================================================
# DUTCH
# ===========================================================================

_NL_DEC = {
    1910: "tien",
    1920: "twintig",
    1930: "dertig",
    1940: "veertig",
    1950: "vijftig",
    1960: "zestig",
    1970: "zeventig",
    1980: "tachtig",
    1990: "negentig",
}


def dec_nl(rng, d):
    if d == 1900:
        return "rond 1900"
    if d == 2000:
        return "begin deze eeuw"
    if d == 2010:
        return "in de jaren 2010"
    if d == 2020:
        return "in het heden"
    return rng.choice(
        ["in de jaren " + _NL_DEC[d], "in de jaren %d" % (d % 100), "eind jaren " + _NL_DEC[d]]
    )


lang(
    "nl",
    dec=dec_nl,
    OPEN=lines("""
{dec} keert {P}, een {occ} uit {city}, terug naar [zijn|haar] geboortedorp om de schulden van [zijn|haar] overleden vader af te lossen.
Al twintig jaar werkt {P} als {occ} in {city}, zonder ooit iets in twijfel te trekken.
Na [zijn|haar] scheiding verhuist {P} naar {place} om opnieuw te beginnen.
{city}, {year}. {P}, een {occ} van {age}, staat op het punt alles te verliezen.
Na jaren in de gevangenis keert {P} terug naar {city} en herkent [zijn|haar] oude buurt nauwelijks.
{P} en {Q} groeiden op in dezelfde straat in {city}, maar spreken elkaar al jaren niet meer.
Vlak voor [zijn|haar] pensioen krijgt {P} onverwacht bezoek van {Q}, {R}.
Winter {year}: {P} komt aan in {city} met een koffer, een valse naam en geen enkel plan.
{P} werkt 's nachts als {occ} in {city} en slaapt het grootste deel van de dag.
Gebaseerd op ware gebeurtenissen volgt de film {P}, een {occ} die het opneemt tegen een machtige familie.
{P} is {age} en nog altijd overtuigd dat [hij|zij] de wereld kan veranderen.
Elke zomer keert {P} terug naar het ouderlijk huis in {place}, maar dit jaar is alles anders.
"""),
    DEV=lines("""
Maar wanneer {Q}, {R}, weer opduikt, gaan oude wonden open.
Een toevallige ontmoeting met {Q} dwingt [hem|haar] het verleden onder ogen te zien.
Langzaam begint {P1} te vermoeden dat [zijn|haar] werkgever iets verbergt.
Wat begint als een gunst, wordt al snel een gevaarlijke obsessie.
Een doos met oude brieven zet alles op zijn kop wat [hij|zij] over [zijn|haar] familie dacht te weten.
Gaandeweg ontstaat er een onwaarschijnlijke vriendschap tussen {P1} en {Q1}.
Intussen doen in het dorp de wildste geruchten de ronde.
Een anoniem telefoontje zet [hem|haar] op het spoor van een man die decennia geleden verdween.
Als het geld op is, neemt [hij|zij] een baan aan die [hij|zij] beter had kunnen weigeren.
Een storm sluit het dorp drie dagen lang af van de buitenwereld.
In {city2} kruisen hun wegen opnieuw – en niets loopt volgens plan.
De camera volgt geduldig het dagelijks leven van mensen die zelden het nieuws halen.
"""),
    CLOSE=lines("""
Een ontroerende film over {theme}.
Een ingetogen, tedere film over {theme}.
Een spannende thriller die zijn geheimen tot de laatste scène bewaart.
Het veelbelovende speelfilmdebuut van een nieuwe stem.
Winnaar van de publieksprijs op meerdere festivals.
Naar de gelijknamige roman.
Prachtig geschoten in zwart-wit.
Een film over {theme} en over de moed om opnieuw te beginnen.
"""),
    FAME=lines("""
{P}, een {occ} met een obsessie voor {F}, besluit in de voetsporen van [zijn|haar] idool te treden.
Jaren na een toevallige ontmoeting met {F} in {city} vertelt {P} het verhaal nog altijd aan iedereen die het wil horen.
Losjes geïnspireerd op het leven van {F}.
"""),
    EVENT=lines("""
Tijdens {E} raakt {P}, een {occ} uit {city}, gescheiden van [zijn|haar] familie.
Het verhaal begint aan de vooravond van {E}.
Tegen de achtergrond van {E} is dit ook een film over {theme}.
"""),
    gm=items(
        "Jan; Pieter; Johan; Kees; Willem; Thijs; Daan; Bram; Sander; Maarten; Ruben; Joost; Henk; Lucas; Sem; Mohammed"
    ),
    gf=items(
        "Anna; Sanne; Lotte; Femke; Eva; Marieke; Ingrid; Fleur; Anouk; Julia; Ilse; Noor; Sophie; Emma; Lieke; Fatima"
    ),
    sn=items("""
de Jong; Jansen; de Vries; van den Berg; van Dijk; Bakker; Janssen; Visser; Smit; Meijer
de Boer; Mulder; de Groot; Bos; Vos; Peters; Hendriks; van Leeuwen; Dekker; Brouwer
"""),
    occ=items("""
leraar|lerares; verpleger|verpleegster; taxichauffeur; journalist|journaliste; fotograaf
politieagent|politieagente; advocaat|advocate; architect; boer|boerin
fabrieksarbeider|fabrieksarbeidster; muzikant; schilder|schilderes; chirurg; vertaler|vertaalster
monteur; ober|serveerster; acteur|actrice; mijnwerker; ingenieur; bibliothecaris
vrachtwagenchauffeur; kok; postbode; bokser|bokster; pianoleraar|pianolerares; visser; danser|danseres
"""),
    rel=items("""
m:[zijn|haar] jongere broer; f:[zijn|haar] oudere zus; m:[zijn|haar] vader; f:[zijn|haar] moeder
m:[zijn|haar] jeugdvriend; f:[zijn|haar] jeugdvriendin; m:[zijn|haar] oude leraar; f:[zijn|haar] buurvrouw
m:[zijn|haar] zoon; f:[zijn|haar] dochter; m:[zijn|haar] neef; f:[zijn|haar] nicht
f:[zijn|haar] eerste liefde; m:[zijn|haar] zakenpartner; f:[zijn|haar] grootmoeder; m:[zijn|haar] grootvader
"""),
    city=items("""
Amsterdam; Parijs; New York; Berlijn; Tokio; Moskou; Rotterdam; Brussel; Londen; Rome; Antwerpen
Istanboel; Madrid; Lissabon; Warschau; Wenen; Praag; Den Haag; Utrecht; Gent; Groningen
Paramaribo; Jakarta; Kaapstad; Keulen
"""),
    country=items(
        "Frankrijk; Duitsland; Italië; Spanje; Portugal; Polen; Rusland; Japan; Indonesië; Suriname; Marokko; Turkije; België; Griekenland"
    ),
    place=items("""
een vissersdorp aan de kust; een vervallen mijnstadje in Limburg; een badplaats buiten het seizoen
een buitenwijk van {city}; een afgelegen bergdorp; een grensstadje; een klein Waddeneiland
een oud hotel in de Ardennen; een kostschool; een dorp in de polder
"""),
    theme=items("""
rouw en herinnering; eenzaamheid; volwassen worden; ballingschap; familieloyaliteit; schuld
de eerste liefde; de prijs van vrijheid; ouder worden; vriendschap; moederschap; vergeving
identiteit; het einde van een tijdperk; familiegeheimen; tweede kansen
"""),
    genre=items(
        "drama; thriller; komedie; documentaire; roadmovie; familiedrama; misdaadfilm; oorlogsfilm; coming-of-age"
    ),
    title=items("""
De stille haven; Zout en as; Noorderlicht; Een jaar zonder zomer; De laatste veerboot
Geleende tijd; De glazen boomgaard; Nachtvogels; Het gewicht van water; Na de regen
Wintergasten; Onder de brug; Zussen; Verre stemmen; Tot de dageraad
"""),
    credit=lines("""
^'{T}' ({Y}, regie: {D}) –
$De nieuwe film van {D}.
$Regie: {D}, {Y}.
^{T} ({Y}) –
"""),
    more=items("Lees meer; Meer lezen; … lees verder; Lees verder »"),
    src=items("(Bron: festivalcatalogus); (Bron: distributeur); (Bron: persmap)"),
    events=items("""
de Tweede Wereldoorlog; de Eerste Wereldoorlog; de Hongerwinter; de watersnoodramp van 1953
de val van de Berlijnse Muur; de ramp van Tsjernobyl; de Koude Oorlog; de Vietnamoorlog
de Spaanse Burgeroorlog; de Olympische Spelen van 1928 in Amsterdam; de maanlanding; de Holocaust
de val van Srebrenica; de aanslagen van 11 september; de Golfoorlog; de Arabische Lente
de Indonesische onafhankelijkheidsoorlog
"""),
    famous=FAMOUS["nl"],
)


# ===========================================================================
# SWEDISH
# ===========================================================================


def dec_sv(rng, d):
    if d == 2020:
        return "i dag"
    return (
        rng.choice(["på %d-talet", "på %d-talet", "i början av %d-talet", "i slutet av %d-talet"])
        % d
    )


lang(
    "sv",
    dec=dec_sv,
    OPEN=lines("""
{dec} återvänder {P}, en {occ} från {city}, till hemorten för att betala sin avlidne fars skulder.
I tjugo år har {P} arbetat som {occ} i {city} utan att någonsin ifrågasätta något.
Efter skilsmässan flyttar {P} till {place} för att börja om.
{city}, {year}. {P}, en {age}-årig {occ}, står på randen att förlora allt.
Efter flera år i fängelse återvänder {P} till {city} och känner knappt igen sitt gamla kvarter.
{P} och {Q} växte upp på samma gata i {city} men har inte pratat med varandra på flera år.
Strax före pensionen får {P} oväntat besök av {Q}, {R}.
Vintern {year}: {P} anländer till {city} med en resväska, ett falskt namn och ingen plan.
{P} arbetar natt som {occ} i {city} och sover bort det mesta av dagarna.
Baserad på verkliga händelser följer filmen {P}, en {occ} som tar strid mot en mäktig familj.
{P} är {age} år och fortfarande övertygad om att [han|hon] kan förändra världen.
Varje sommar återvänder {P} till familjens hus i {place}, men i år är allt annorlunda.
"""),
    DEV=lines("""
Men när {Q}, {R}, plötsligt dyker upp rivs gamla sår upp.
Ett slumpartat möte med {Q} tvingar [honom|henne] att konfrontera sitt förflutna.
Efter hand börjar {P1} misstänka att arbetsgivaren döljer något.
Det som börjar som en tjänst blir snart en farlig besatthet.
En låda med gamla brev ställer allt [han|hon] trodde sig veta om sin familj på ända.
Så småningom växer en oväntad vänskap fram mellan {P1} och {Q1}.
Samtidigt går ryktena i den lilla orten.
Ett anonymt samtal sätter [honom|henne] på spåret efter en man som försvann för flera decennier sedan.
När pengarna tar slut tackar [han|hon] ja till ett jobb [han|hon] borde ha tackat nej till.
En storm skär av byn från omvärlden i tre dagar.
I {city2} korsas deras vägar igen – och ingenting går som planerat.
Kameran följer tålmodigt vardagen för människor som sällan syns i nyheterna.
"""),
    CLOSE=lines("""
En gripande film om {theme}.
En stillsam och öm berättelse om {theme}.
En spännande thriller som behåller sina hemligheter till sista scenen.
En lovande långfilmsdebut.
Belönad med publikpriset på flera festivaler.
Baserad på romanen med samma namn.
Vackert filmad i svartvitt.
En film om {theme} och om modet att börja om.
"""),
    FAME=lines("""
{P}, en {occ} besatt av {F}, bestämmer sig för att gå i sin idols fotspår.
Flera år efter ett slumpartat möte med {F} i {city} berättar {P} fortfarande historien för alla som vill lyssna.
Löst inspirerad av berättelsen om {F}.
"""),
    EVENT=lines("""
Under {E} skiljs {P}, en {occ} från {city}, från sin familj.
Berättelsen tar sin början kvällen före {E}.
Mot bakgrund av {E} är det också en film om {theme}.
"""),
    gm=items(
        "Erik; Lars; Anders; Johan; Karl; Per; Nils; Mikael; Olof; Gustav; Oskar; Henrik; Magnus; Sven; Axel; Ali"
    ),
    gf=items(
        "Anna; Maria; Karin; Eva; Kristina; Sara; Ingrid; Elin; Sofia; Emma; Lena; Astrid; Maja; Linnea; Birgitta; Amina"
    ),
    sn=items("""
Andersson; Johansson; Karlsson; Nilsson; Eriksson; Larsson; Olsson; Persson; Svensson; Gustafsson
Lindberg; Lindqvist; Berg; Holm; Sjöberg; Ek; Nyström; Lund
"""),
    occ=items("""
lärare; sjuksköterska; taxichaufför; journalist; fotograf; polis; advokat; arkitekt; bonde
fabriksarbetare; musiker; konstnär; kirurg; översättare; mekaniker; servitör|servitris
skådespelare; gruvarbetare; ingenjör; bibliotekarie; lastbilschaufför; kock; brevbärare
boxare; pianolärare; fiskare; dansare
"""),
    rel=items("""
m:[hans|hennes] yngre bror; f:[hans|hennes] äldre syster; m:[hans|hennes] far; f:[hans|hennes] mor
m:[hans|hennes] barndomsvän; f:[hans|hennes] barndomsväninna; m:[hans|hennes] gamla lärare
f:[hans|hennes] granne; m:[hans|hennes] son; f:[hans|hennes] dotter; m:[hans|hennes] kusin
f:[hans|hennes] första kärlek; m:[hans|hennes] affärspartner; f:[hans|hennes] mormor
"""),
    city=items("""
Stockholm; Paris; New York; Berlin; Tokyo; Moskva; Göteborg; Malmö; London; Rom; Helsingfors
Köpenhamn; Oslo; Istanbul; Madrid; Lissabon; Warszawa; Wien; Prag; Kiruna; Umeå; Uppsala
Teheran; Bagdad; Sankt Petersburg
"""),
    country=items(
        "Frankrike; Tyskland; Italien; Spanien; Polen; Ryssland; Finland; Norge; Danmark; Iran; Irak; Chile; Grekland; Japan"
    ),
    place=items("""
ett litet fiskeläge; en gruvort i norr; en badort under lågsäsong; en förort till {city}
en avlägsen fjällby; en gränsstad; en döende bruksort; en liten ö i skärgården
ett gammalt hotell i fjällen; en internatskola
"""),
    theme=items("""
sorg och minne; ensamhet; att bli vuxen; exil och tillhörighet; familjelojalitet; skuld
den första kärleken; frihetens pris; ålderdom; vänskap; moderskap; förlåtelse; identitet
slutet på en epok; familjehemligheter; andra chanser
"""),
    genre=items(
        "drama; thriller; komedi; dokumentär; roadmovie; familjedrama; kriminalfilm; krigsfilm; uppväxtskildring"
    ),
    title=items("""
Den stilla hamnen; Salt och aska; Norrsken; Ett år utan sommar; Den sista färjan; Lånad tid
Glasträdgården; Nattfåglar; Vattnets tyngd; Efter regnet; Vintergäster; Under bron; Systrar
Avlägsna röster; Till gryningen
"""),
    credit=lines("""
^”{T}” ({Y}, regi: {D}) –
$Den nya filmen av {D}.
$Regi: {D}, {Y}.
^{T} ({Y}) –
"""),
    more=items("Läs mer; Visa mer; … läs mer; Läs mer »"),
    src=items("(Källa: festivalkatalogen); (Källa: distributören); (Källa: pressmaterial)"),
    events=items("""
andra världskriget; första världskriget; kalla kriget; Berlinmurens fall; Tjernobylolyckan
Estoniakatastrofen; mordet på Olof Palme; Vietnamkriget; spanska inbördeskriget
OS i Stockholm 1912; månlandningen; Förintelsen; tsunamin 2004; attackerna den 11 september
Sovjetunionens fall; Kubakrisen
"""),
    famous=FAMOUS["sv"],
)


# ===========================================================================
# generation engine
# ===========================================================================

SLOT_RE = re.compile(r"\{([A-Za-z]+[0-9]?)(?::([a-z]))?\}")
P_GENDER_RE = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")
Q_GENDER_RE = re.compile(r"<([^<>|]*)\|([^<>|]*)>")

KO_JOSA = {
    "은": "는",
    "이": "가",
    "을": "를",
    "과": "와",
    "으로": "로",
    "이라는": "라는",
    "이었다": "였다",
    "이다": "다",
}
KO_JOSA_RE = re.compile(r"(.)\^(이라는|이었다|이다|으로|은|이|을|과)")


def _ko_josa(m):
    ch, josa = m.group(1), m.group(2)
    code = ord(ch) - 0xAC00
    if 0 <= code < 11172:
        jong = code % 28
    elif ch.isdigit():
        jong = {"0": 1, "1": 8, "2": 0, "3": 1, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}[ch]
    else:
        jong = 0
    if josa == "으로":
        return ch + ("으로" if jong not in (0, 8) else "로")
    return ch + (josa if jong else KO_JOSA[josa])


class Sampler:
    """Zipf-weighted choice over a list (first items are the most frequent)."""

    def __init__(self, seq, s):
        self.seq = list(seq)
        acc, cum = 0.0, []
        for w in zipf_weights(len(self.seq), s):
            acc += w
            cum.append(acc)
        self.cum = cum

    def __call__(self, rng):
        return rng.choices(self.seq, cum_weights=self.cum, k=1)[0]


def parse_forms(value, cases):
    """'Москва/Москвы/в Москве' with cases 'ngl' -> dict."""
    if "/" not in value:
        return value
    parts = value.split("/")
    return dict(zip(cases, parts))


def ru_city_acc(forms):
    """Russian accusative with preposition from the locative preposition."""
    prep = forms["l"].split(" ", 1)[0]
    nom = forms["n"]
    if " " not in nom and nom.endswith("а"):
        acc = nom[:-1] + "у"
    elif " " not in nom and nom.endswith("я"):
        acc = nom[:-1] + "ю"
    else:
        acc = nom
    forms["a"] = prep + " " + acc
    return forms


def prepare_language(L):
    code = L["code"]
    spec = L.get("forms", {})
    decl = L.get("decl", decl_none)
    L.setdefault("decl", decl)
    L.setdefault("fem", fem_none)
    L.setdefault("order", "gs")
    L.setdefault("sep", " ")
    L.setdefault("fix", lambda t: t)
    L.setdefault("join", " ")
    L.setdefault("foreign", [])
    L.setdefault("agey", lambda n: str(n))
    L.setdefault("double_sn", 0.0)
    for key in ("city", "country", "place", "events", "famous"):
        cases = spec.get(key)
        vals = L[key]
        if cases:
            vals = [parse_forms(v, cases) for v in vals]
            if code == "ru" and key == "city":
                vals = [ru_city_acc(v) if isinstance(v, dict) else v for v in vals]
        L[key] = vals
    L["s_city"] = Sampler(L["city"], 0.9)
    L["s_country"] = Sampler(L["country"], 0.5)
    L["s_sn"] = Sampler(L["sn"], 0.6)
    L["s_gm"] = Sampler(L["gm"], 0.35)
    L["s_gf"] = Sampler(L["gf"], 0.35)
    L["s_famous"] = Sampler(L["famous"], 0.4)
    L["s_events"] = Sampler(L["events"], 0.4)
    L["occ"] = [tuple(o.split("|")) if "|" in o else (o, o) for o in L["occ"]]
    L["rel"] = [(r[0], r[2:]) for r in L["rel"]]
    if code in LATIN_LANGS:
        others = []
        for oc in LATIN_LANGS:
            if oc != code and oc in LANGS:
                others.append(oc)
        L["latin_others"] = others
        ru_key = code if code in ROMANISED_RU else "default"
        L["romanised"] = ROMANISED + ROMANISED_RU[ru_key]


def make_name(rng, L, gender):
    code = L["code"]
    r = rng.random()
    if code in LATIN_LANGS:
        if r < 0.62 or not L["latin_others"]:
            src = L
        elif r < 0.84:
            src = LANGS[rng.choice(L["latin_others"])]
        else:
            g, order, sep, given, sur = parse_full(
                rng.choice([e for e in L["romanised"] if e[0] == gender])
            )
            return Name(gender, given, sur, order, sep, decl_none, True)
    else:
        src = L
        fpool = [e for e in L["foreign"] if e[0] == gender]
        if fpool and r > 0.8:
            g, order, sep, given, sur = parse_full(rng.choice(fpool))
            return Name(gender, given, sur, order, sep, L["decl"], True)
    given = (src["s_gm"] if gender == "m" else src["s_gf"])(rng)
    sur = src["s_sn"](rng)
    if src.get("double_sn") and rng.random() < src["double_sn"]:
        sur2 = src["s_sn"](rng)
        if sur2 != sur:
            sur = sur + " " + sur2
    if gender == "f":
        sur = " ".join(src["fem"](w) for w in sur.split(" "))
    if src is not L:
        # a name from another Latin-script language, used as is
        return Name(gender, given.lstrip("*"), sur.lstrip("*"), src["order"], " ", decl_none, True)
    return Name(gender, given, sur, L["order"], L["sep"], L["decl"])


def new_context(rng, L):
    ctx = {}
    pg = "m" if rng.random() < 0.55 else "f"
    P = make_name(rng, L, pg)
    qg, rel = rng.choice(L["rel"])
    for _ in range(10):
        Q = make_name(rng, L, qg)
        if Q.key() != P.key() and Q.s["n"] != P.s["n"]:
            break
    D = make_name(rng, L, "m" if rng.random() < 0.65 else "f")
    occ = rng.choice(L["occ"])
    city = L["s_city"](rng)
    city2 = city
    for _ in range(20):
        city2 = L["s_city"](rng)
        if city2 != city:
            break
    decade = rng.choice(range(1900, 2030, 10))
    year = min(2023, decade + rng.randrange(10))
    age = rng.choice(range(16, 80))
    title = rng.choice(L["title"])
    ctx.update(
        P=P,
        Q=Q,
        D=D,
        R=rel,
        pg=pg,
        qg=qg,
        occ=occ[0] if pg == "m" else occ[1],
        city=city,
        city2=city2,
        country=L["s_country"](rng),
        place=rng.choice(L["place"]),
        dec=L["dec"](rng, decade),
        decade=decade,
        year=str(year),
        age=str(age),
        agey=L["agey"](age),
        theme=rng.choice(L["theme"]),
        genre=rng.choice(L["genre"]),
        F=L["s_famous"](rng),
        E=L["s_events"](rng),
        T=title,
        Y=str(rng.choice(range(1955, 2024))),
    )
    return ctx


def slot_value(ctx, key, case):
    case = case or "n"
    if key in ("P", "Q", "D"):
        return ctx[key].full(case)
    if key in ("P1", "Q1", "D1"):
        return ctx[key[0]].g[case]
    if key in ("P2", "Q2", "D2"):
        return ctx[key[0]].s[case]
    v = ctx[key]
    if isinstance(v, dict):
        if case not in v:
            raise KeyError("case %s missing for %s=%r" % (case, key, v))
        return v[case]
    if case != "n":
        raise KeyError("case %s requested for uninflected %s=%r" % (case, key, v))
    return v


def render(frame, ctx, L):
    text = frame
    for _ in range(4):
        if "{" not in text:
            break
        text = SLOT_RE.sub(lambda m: slot_value(ctx, m.group(1), m.group(2)), text)
    if "{" in text:
        raise ValueError("unfilled slot in %r" % text)
    pm = ctx["pg"] == "m"
    qm = ctx["qg"] == "m"
    text = P_GENDER_RE.sub(lambda m: m.group(1) if pm else m.group(2), text)
    text = Q_GENDER_RE.sub(lambda m: m.group(1) if qm else m.group(2), text)
    if L["code"] == "ko":
        text = KO_JOSA_RE.sub(_ko_josa, text)
        text = KO_JOSA_RE.sub(_ko_josa, text)
    text = L["fix"](text)
    return capitalise(text, L["code"])


def capitalise(text, code):
    for i, ch in enumerate(text):
        if ch.isalpha():
            if ch.islower():
                up = "İ" if (code == "tr" and ch == "i") else ch.upper()
                text = text[:i] + up + text[i + 1 :]
            break
        if ch not in "«»\"'„“(¿¡[ ":
            break
    return text


def compose(rng, L, ctx, want_fame, want_event, n_sent):
    """Return a list of rendered sentences."""
    opens, devs, closes = L["OPEN"], L["DEV"], L["CLOSE"]
    plan = ["O"]
    if n_sent == 2:
        plan.append(rng.choice("DC"))
    elif n_sent == 3:
        plan += ["D", rng.choice("DC")]
    elif n_sent >= 4:
        plan += ["D"] * (n_sent - 2) + ["C"]
    frames = []
    used = set()
    for p in plan:
        pool = {"O": opens, "D": devs, "C": closes}[p]
        for _ in range(10):
            f = rng.choice(pool)
            if f not in used:
                break
        used.add(f)
        frames.append(f)
    for want, key in ((want_fame, "FAME"), (want_event, "EVENT")):
        if not want:
            continue
        f = rng.choice(L[key])
        if "{P}" in f and rng.random() < 0.45:
            frames[0] = f
        elif len(frames) > 2 and rng.random() < 0.5:
            frames[rng.randrange(1, len(frames))] = f
        else:
            frames.insert(1, f)
    return [render(f, ctx, L) for f in frames]


def add_credit(rng, L, ctx, sentences):
    pat = rng.choice(L["credit"])
    kind, body = pat[0], pat[1:]
    txt = render(body, ctx, L) if kind == "$" else body_render(body, ctx, L)
    if kind == "^":
        return txt.rstrip() + " ", sentences
    return "", sentences + [txt]


def body_render(body, ctx, L):
    # prefixes keep their trailing separator and are not capitalised
    t = body
    for _ in range(3):
        t = SLOT_RE.sub(lambda m: slot_value(ctx, m.group(1), m.group(2)), t)
    return t


# ---------------------------------------------------------------------------
# noise
# ---------------------------------------------------------------------------

ENTITY_OPS = (
    ("&", "&amp;"),
    ('"', "&quot;"),
    ("'", "&#39;"),
    ("’", "&#8217;"),
    ("«", "&laquo;"),
    ("»", "&raquo;"),
    (" — ", " &mdash; "),
    (" – ", " &ndash; "),
)

CJK = ("ja", "zh")


def noise_more(rng, L, t):
    more = rng.choice(L["more"])
    style = rng.random()
    if style < 0.45:
        return t + " " + more
    if style < 0.65:
        return t + " … " + more
    if style < 0.8:
        return t + " [" + more + "]"
    if style < 0.9:
        return t + " >> " + more
    return t + more if L["code"] in CJK else t + "... " + more


def noise_trunc(rng, L, t):
    n = len(t)
    if n < 90:
        return t
    lo = max(55, int(n * 0.45))
    hi = max(lo + 1, int(n * 0.92))
    cut = rng.randrange(lo, hi)
    body = t[:cut]
    r = rng.random()
    if L["code"] not in CJK and r < 0.5 and " " in body[40:]:
        body = body[: body.rfind(" ")].rstrip(",;:")
    end = rng.choice(["…", "...", " …", " [...]", "", "", "…"])
    return body.rstrip() + end


def noise_html(rng, L, t):
    hits = [op for op in ENTITY_OPS if op[0] in t]
    k = 0
    for src, dst in rng.sample(hits, min(len(hits), rng.choice([1, 1, 2]))):
        t = t.replace(src, dst, rng.choice([1, 1, 2, 9]))
        k += 1
    if k == 0 or rng.random() < 0.3:
        spaces = [i for i, c in enumerate(t) if c == " "]
        if spaces:
            i = rng.choice(spaces)
            t = t[:i] + "&nbsp;" + t[i + 1 :]
        elif L["code"] in CJK:
            t = t + "&nbsp;"
    return t


def noise_spaces(rng, L, t):
    spaces = [i for i, c in enumerate(t) if c == " "]
    if not spaces:
        return t + "  "
    for i in sorted(rng.sample(spaces, min(len(spaces), rng.choice([1, 1, 2, 3]))), reverse=True):
        t = t[:i] + "  " + t[i + 1 :]
    if rng.random() < 0.2:
        t = " " + t
    return t


def noise_source(rng, L, t):
    return t + " " + rng.choice(L["src"])


def noise_tag(rng, L, t, ctx):
    g = ctx["genre"]
    code = L["code"]
    if code in ("ja", "zh"):
        fmt = rng.choice(["【{g}】", "[{g}] ", "【{g}】 "])
    elif code == "ko":
        fmt = rng.choice(["[{g}] ", "[{g}]", "〈{g}〉 "])
    elif code in ("ar", "he"):
        fmt = rng.choice(["{g} | ", "[{g}] ", "{g} – "])
    else:
        fmt = rng.choice(["{G} | ", "{G} | ", "[{g}] ", "{G} – ", "{g} | "])
    up = g.upper() if not (code == "tr") else g.replace("i", "İ").upper()
    return fmt.replace("{G}", up).replace("{g}", g) + t


def noise_br(rng, L, t):
    br = rng.choice(["<br>", "<br />", "<br/>", "<br><br>", "<BR>"])
    joints = [m.end() for m in re.finditer(r"[.!?。！？] ?", t)][:-1]
    if joints and rng.random() < 0.75:
        i = rng.choice(joints)
        return (
            t[:i].rstrip()
            + br
            + (" " if L["code"] not in CJK and rng.random() < 0.5 else "")
            + t[i:].lstrip()
        )
    return t + br


NOISE_OPS = (
    ("more", 0.26),
    ("trunc", 0.2),
    ("html", 0.13),
    ("spaces", 0.1),
    ("source", 0.12),
    ("tag", 0.12),
    ("br", 0.1),
)


def apply_noise(rng, L, text, ctx, ops=None):
    if ops is None:
        k = 1 if rng.random() < 0.72 else 2
        names = [n for n, _ in NOISE_OPS]
        weights = [w for _, w in NOISE_OPS]
        ops = []
        while len(ops) < k:
            o = rng.choices(names, weights=weights, k=1)[0]
            if o not in ops:
                ops.append(o)
        # order: content edits first, then wrappers
        order = ["trunc", "html", "spaces", "br", "source", "more", "tag"]
        ops.sort(key=order.index)
    for o in ops:
        if o == "more":
            text = noise_more(rng, L, text)
        elif o == "trunc":
            text = noise_trunc(rng, L, text)
        elif o == "html":
            text = noise_html(rng, L, text)
        elif o == "spaces":
            text = noise_spaces(rng, L, text)
        elif o == "source":
            text = noise_source(rng, L, text)
        elif o == "tag":
            text = noise_tag(rng, L, text, ctx)
        elif o == "br":
            text = noise_br(rng, L, text)
    return text


def clip(text, limit=600):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[-60:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


# ---------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------


def sentence_count(rng, code):
    if code in ("ja", "zh", "ko"):
        return rng.choices([1, 2, 3, 4], weights=[3, 17, 40, 40])[0]
    return rng.choices([1, 2, 3, 4], weights=[6, 34, 36, 24])[0]


def make_document(rng, L):
    """Return (clean_text, ctx)."""
    code = L["code"]
    for _ in range(50):
        ctx = new_context(rng, L)
        n = sentence_count(rng, code)
        want_fame = rng.random() < 0.08
        want_event = rng.random() < 0.10
        sents = compose(rng, L, ctx, want_fame, want_event, n)
        prefix = ""
        want_credit = rng.random() < 0.15
        if want_credit:
            prefix, sents = add_credit(rng, L, ctx, sents)
        body = L["join"].join(sents)
        text = prefix + body
        if len(text) < 50:
            continue
        if len(text) > 600:
            continue
        ctx["flags"] = (want_fame, want_event, want_credit)
        return text, ctx
    raise RuntimeError("could not build a document for " + code)


def language_plan(rng, n):
    shares = [(c, w) for c, w in LANG_SHARES if c in LANGS]
    total = sum(w for _, w in shares)
    counts = [(c, int(round(n * w / total))) for c, w in shares]
    diff = n - sum(k for _, k in counts)
    counts[0] = (counts[0][0], counts[0][1] + diff)
    plan = []
    for c, k in counts:
        plan += [c] * k
    rng.shuffle(plan)
    return plan


NEAR_OPS = ["more", "trunc", "html", "spaces", "source", "tag", "br"]
NOISE_ORDER = ["trunc", "html", "spaces", "br", "source", "more", "tag"]


def near_duplicate(rng, L, code, bases, seen, out):
    """Append a re-noised / re-truncated copy of an earlier document."""
    cands = [b for b in bases[-3000:] if b[0] == code]
    if not cands:
        return False
    _, base, ctx = rng.choice(cands)
    for _ in range(20):
        ops = rng.sample(NEAR_OPS, rng.choice([1, 2]))
        ops.sort(key=NOISE_ORDER.index)
        t = clip(apply_noise(rng, L, base, ctx, ops))
        if len(t) >= 50 and t not in seen:
            seen.add(t)
            out.append((code, t))
            return True
    return False


def generate(n_lines, seed):
    rng = random.Random(seed)
    for code in sorted(LANGS):
        prepare_language(LANGS[code])
    plan = language_plan(rng, n_lines)
    out = []
    seen = set()
    bases = []  # (code, clean text, ctx)
    stats = {
        "near_duplicates": 0,
        "noisy": 0,
        "famous_person": 0,
        "historical_event": 0,
        "inline_credit": 0,
    }
    for code in plan:
        L = LANGS[code]
        if bases and rng.random() < 0.03 and near_duplicate(rng, L, code, bases, seen, out):
            stats["near_duplicates"] += 1
            stats["noisy"] += 1
            continue
        for _ in range(50):
            base, ctx = make_document(rng, L)
            text = base
            noisy = rng.random() < 0.40
            if noisy:
                text = apply_noise(rng, L, text, ctx)
            text = clip(text)
            if len(text) >= 50 and text not in seen and "\n" not in text:
                break
        seen.add(text)
        bases.append((code, base, ctx))
        out.append((code, text))
        stats["noisy"] += noisy
        for key, flag in zip(("famous_person", "historical_event", "inline_credit"), ctx["flags"]):
            stats[key] += flag
    return out, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "distractors.jsonl"))
    ap.add_argument("--lines", type=int, default=N_LINES)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    docs, stats = generate(args.lines, args.seed)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for code, text in docs:
            fh.write(json.dumps({"lang": code, "text": text}, ensure_ascii=False) + "\n")
    print("wrote %d lines to %s" % (len(docs), args.out))
    print(
        "  " + ", ".join("%s=%d (%.1f%%)" % (k, v, 100.0 * v / len(docs)) for k, v in stats.items())
    )


if __name__ == "__main__":
    main()
