"""Deterministic synthetic corpus for the deduplication benchmark.

Festival-style synopses in six languages, built from phrase lists written for this
project and filled with random invented names, places and years. A document is a
"story" (its people, place, year and phrase choices) rendered in one language; a
share of documents retell an earlier story in another language (or the same one,
lightly reordered), so matching has real duplicates to find, as in a real corpus.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

LANGS = ("en", "fr", "de", "es", "pt", "it")


def _words(text: str) -> list[str]:
    return text.split()


_SYLLABLES = _words(
    "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro "
    "sa se si so ta te ti to va ve vi vo za ze zi zo mar len tor vik nal dor sel ber gan "
    "rus mil tan cor lis pen"
)

# One list per slot; each language renders the slot's chosen index in its own words.
_PHRASES: dict[str, dict[str, list[str]]] = {
    "en": {
        "open": [
            "In the harbour town of {place}",
            "On the outskirts of {place}",
            "During the long winter of {year} in {place}",
            "Far from the capital, in {place},",
            "In a crowded apartment block in {place}",
        ],
        "who": [
            "a retired {job} called {a}",
            "the young {job} {a}",
            "{a}, a stubborn {job},",
            "an ageing {job} named {a}",
        ],
        "act": [
            "decides to rebuild the family {thing}",
            "sets out to find a missing {thing}",
            "is forced to sell the old {thing}",
            "starts a secret campaign to save the {thing}",
            "discovers letters hidden inside a {thing}",
        ],
        "turn": [
            "When {b} arrives with news from {place2}, everything changes.",
            "Help comes from {b}, a neighbour with secrets of her own.",
            "An old quarrel with {b} resurfaces at the worst moment.",
            "{b} offers a way out, at a price nobody expected.",
        ],
        "end": [
            "A tender portrait of {n} people who refuse to give up.",
            "Shot over {n} days with a non-professional cast.",
            "The director's first feature, made with {n} friends and no money.",
            "A quiet film about loyalty, debt and the sea.",
        ],
        "job": ["fisherman", "teacher", "nurse", "projectionist", "baker", "miner"],
        "thing": ["cinema", "boat", "bakery", "orchard", "radio station", "library"],
    },
    "fr": {
        "open": [
            "Dans la ville portuaire de {place}",
            "Dans la banlieue de {place}",
            "Pendant le long hiver {year} à {place}",
            "Loin de la capitale, à {place},",
            "Dans un immeuble bondé de {place}",
        ],
        "who": [
            "un {job} à la retraite nommé {a}",
            "le jeune {job} {a}",
            "{a}, un {job} têtu,",
            "un {job} vieillissant appelé {a}",
        ],
        "act": [
            "décide de reconstruire {thing} familial",
            "part à la recherche d'un {thing} disparu",
            "est contraint de vendre le vieux {thing}",
            "lance une campagne secrète pour sauver le {thing}",
            "découvre des lettres cachées dans un {thing}",
        ],
        "turn": [
            "Quand {b} arrive avec des nouvelles de {place2}, tout bascule.",
            "L'aide vient de {b}, une voisine qui a ses propres secrets.",
            "Une vieille querelle avec {b} ressurgit au pire moment.",
            "{b} propose une issue, à un prix que personne n'attendait.",
        ],
        "end": [
            "Un portrait tendre de {n} personnes qui refusent d'abandonner.",
            "Tourné en {n} jours avec des acteurs non professionnels.",
            "Le premier long métrage du réalisateur, fait avec {n} amis et sans argent.",
            "Un film discret sur la loyauté, la dette et la mer.",
        ],
        "job": ["pêcheur", "instituteur", "infirmier", "projectionniste", "boulanger", "mineur"],
        "thing": ["cinéma", "bateau", "fournil", "verger", "poste de radio", "bibliothèque"],
    },
    "de": {
        "open": [
            "In der Hafenstadt {place}",
            "Am Stadtrand von {place}",
            "Im langen Winter {year} in {place}",
            "Weit weg von der Hauptstadt, in {place},",
            "In einem überfüllten Wohnblock in {place}",
        ],
        "who": [
            "beschließt ein pensionierter {job} namens {a},",
            "beschließt der junge {job} {a},",
            "beschließt {a}, ein sturer {job},",
            "beschließt ein alternder {job} namens {a},",
        ],
        "act": [
            "das {thing} der Familie wieder aufzubauen",
            "ein verschwundenes {thing} zu suchen",
            "das alte {thing} zu verkaufen",
            "heimlich für die Rettung des {thing} zu kämpfen",
            "versteckte Briefe in einem {thing} zu lesen",
        ],
        "turn": [
            "Als {b} mit Nachrichten aus {place2} kommt, ändert sich alles.",
            "Hilfe kommt von {b}, einer Nachbarin mit eigenen Geheimnissen.",
            "Ein alter Streit mit {b} bricht im schlechtesten Moment wieder auf.",
            "{b} bietet einen Ausweg an, zu einem Preis, den niemand erwartet hat.",
        ],
        "end": [
            "Ein zärtliches Porträt von {n} Menschen, die nicht aufgeben.",
            "Gedreht in {n} Tagen mit Laiendarstellern.",
            "Der erste Spielfilm des Regisseurs, gedreht mit {n} Freunden und ohne Geld.",
            "Ein leiser Film über Treue, Schulden und das Meer.",
        ],
        "job": ["Fischer", "Lehrer", "Pfleger", "Filmvorführer", "Bäcker", "Bergmann"],
        "thing": ["Kino", "Boot", "Backhaus", "Obstgarten", "Radiostudio", "Archiv"],
    },
    "es": {
        "open": [
            "En el pueblo portuario de {place}",
            "En las afueras de {place}",
            "Durante el largo invierno de {year} en {place}",
            "Lejos de la capital, en {place},",
            "En un bloque de pisos abarrotado de {place}",
        ],
        "who": [
            "un {job} jubilado llamado {a}",
            "el joven {job} {a}",
            "{a}, un {job} testarudo,",
            "un {job} ya mayor llamado {a}",
        ],
        "act": [
            "decide reconstruir el {thing} de la familia",
            "sale a buscar un {thing} desaparecido",
            "se ve obligado a vender el viejo {thing}",
            "emprende una campaña secreta para salvar el {thing}",
            "descubre cartas escondidas dentro de un {thing}",
        ],
        "turn": [
            "Cuando {b} llega con noticias de {place2}, todo cambia.",
            "La ayuda llega de {b}, una vecina con sus propios secretos.",
            "Una vieja pelea con {b} reaparece en el peor momento.",
            "{b} ofrece una salida, a un precio que nadie esperaba.",
        ],
        "end": [
            "Un retrato tierno de {n} personas que se niegan a rendirse.",
            "Rodada en {n} días con actores no profesionales.",
            "El primer largometraje del director, hecho con {n} amigos y sin dinero.",
            "Una película serena sobre la lealtad, las deudas y el mar.",
        ],
        "job": ["pescador", "maestro", "enfermero", "proyeccionista", "panadero", "minero"],
        "thing": ["cine", "barco", "horno", "huerto", "estudio de radio", "archivo"],
    },
    "pt": {
        "open": [
            "Na cidade portuária de {place}",
            "Nos arredores de {place}",
            "Durante o longo inverno de {year} em {place}",
            "Longe da capital, em {place},",
            "Num prédio lotado de {place}",
        ],
        "who": [
            "um {job} aposentado chamado {a}",
            "o jovem {job} {a}",
            "{a}, um {job} teimoso,",
            "um {job} envelhecido chamado {a}",
        ],
        "act": [
            "decide reconstruir o {thing} da família",
            "parte em busca de um {thing} desaparecido",
            "é obrigado a vender o velho {thing}",
            "começa uma campanha secreta para salvar o {thing}",
            "descobre cartas escondidas dentro de um {thing}",
        ],
        "turn": [
            "Quando {b} chega com notícias de {place2}, tudo muda.",
            "A ajuda vem de {b}, uma vizinha com segredos próprios.",
            "Uma velha briga com {b} volta à tona no pior momento.",
            "{b} oferece uma saída, a um preço que ninguém esperava.",
        ],
        "end": [
            "Um retrato terno de {n} pessoas que se recusam a desistir.",
            "Filmado em {n} dias com atores não profissionais.",
            "A primeira longa do realizador, feita com {n} amigos e sem dinheiro.",
            "Um filme calmo sobre lealdade, dívidas e o mar.",
        ],
        "job": ["pescador", "professor", "enfermeiro", "projecionista", "padeiro", "mineiro"],
        "thing": ["cinema", "barco", "forno", "pomar", "estúdio de rádio", "arquivo"],
    },
    "it": {
        "open": [
            "Nella città portuale di {place}",
            "Alla periferia di {place}",
            "Durante il lungo inverno del {year} a {place}",
            "Lontano dalla capitale, a {place},",
            "In un condominio affollato di {place}",
        ],
        "who": [
            "un {job} in pensione di nome {a}",
            "il giovane {job} {a}",
            "{a}, un {job} testardo,",
            "un anziano {job} chiamato {a}",
        ],
        "act": [
            "decide di ricostruire il {thing} di famiglia",
            "parte alla ricerca di un {thing} scomparso",
            "è costretto a vendere il vecchio {thing}",
            "avvia una campagna segreta per salvare il {thing}",
            "scopre lettere nascoste dentro un {thing}",
        ],
        "turn": [
            "Quando {b} arriva con notizie da {place2}, tutto cambia.",
            "L'aiuto arriva da {b}, una vicina con i suoi segreti.",
            "Una vecchia lite con {b} riemerge nel momento peggiore.",
            "{b} offre una via d'uscita, a un prezzo che nessuno si aspettava.",
        ],
        "end": [
            "Un ritratto tenero di {n} persone che non si arrendono.",
            "Girato in {n} giorni con attori non professionisti.",
            "Il primo lungometraggio del regista, fatto con {n} amici e senza soldi.",
            "Un film sommesso sulla lealtà, i debiti e il mare.",
        ],
        "job": ["pescatore", "maestro", "infermiere", "proiezionista", "fornaio", "minatore"],
        "thing": ["cinema", "barca", "forno", "frutteto", "studio radio", "archivio"],
    },
}

# Aligned word lists (same index, same meaning) for the free sentences that make
# each synopsis its own: few fixed phrases, so unrelated documents share few shingles.
_LEXICON: dict[str, dict[str, list[str]]] = {
    "en": {
        "noun": _words(
            "river road letter piano storm garden bridge tram dog factory wedding choir "
            "island lighthouse market kitchen train mirror violin hospital"
        ),
        "adj": _words(
            "broken silent golden forgotten narrow stolen frozen distant bright "
            "empty ancient secret"
        ),
        "verb": _words(
            "hides guards paints repairs follows crosses remembers burns sells visits loses carries"
        ),
        "frame": ["The {adj} {noun} {verb} the {noun2}.", "Nobody {verb} the {adj} {noun2}."],
    },
    "fr": {
        "noun": _words(
            "rivière route lettre piano tempête jardin pont tramway chien usine noce chorale "
            "île phare marché cuisine train miroir violon hôpital"
        ),
        "adj": _words(
            "brisé silencieux doré oublié étroit volé gelé lointain lumineux vide ancien secret"
        ),
        "verb": _words(
            "cache garde peint répare suit traverse rappelle brûle vend visite perd porte"
        ),
        "frame": ["Le {noun} {adj} {verb} le {noun2}.", "Personne ne {verb} le {noun2} {adj}."],
    },
    "de": {
        "noun": _words(
            "Fluss Straße Brief Klavier Sturm Garten Brücke Straßenbahn Hund Fabrik "
            "Hochzeit Chor Insel Leuchtturm Markt Küche Zug Spiegel Geige Krankenhaus"
        ),
        "adj": _words(
            "zerbrochene stille goldene vergessene schmale gestohlene gefrorene ferne "
            "helle leere uralte geheime"
        ),
        "verb": _words(
            "versteckt bewacht malt repariert verfolgt überquert erinnert verbrennt "
            "verkauft besucht verliert trägt"
        ),
        "frame": ["Der {adj} {noun} {verb} den {noun2}.", "Niemand {verb} den {adj} {noun2}."],
    },
    "es": {
        "noun": _words(
            "río camino carta piano tormenta jardín puente tranvía perro fábrica boda coro "
            "isla faro mercado cocina tren espejo violín hospital"
        ),
        "adj": _words(
            "roto silencioso dorado olvidado estrecho robado helado lejano luminoso "
            "vacío antiguo secreto"
        ),
        "verb": _words(
            "esconde vigila pinta repara sigue cruza recuerda quema vende visita pierde lleva"
        ),
        "frame": ["El {noun} {adj} {verb} el {noun2}.", "Nadie {verb} el {noun2} {adj}."],
    },
    "pt": {
        "noun": _words(
            "rio estrada carta piano tempestade jardim ponte bonde cão fábrica casamento "
            "coro ilha farol mercado cozinha comboio espelho violino hospital"
        ),
        "adj": _words(
            "partido silencioso dourado esquecido estreito roubado gelado distante "
            "luminoso vazio antigo secreto"
        ),
        "verb": _words(
            "esconde guarda pinta conserta segue atravessa lembra queima vende visita perde carrega"
        ),
        "frame": ["O {noun} {adj} {verb} o {noun2}.", "Ninguém {verb} o {noun2} {adj}."],
    },
    "it": {
        "noun": _words(
            "fiume strada lettera pianoforte tempesta giardino ponte tram cane fabbrica "
            "matrimonio coro isola faro mercato cucina treno specchio violino ospedale"
        ),
        "adj": _words(
            "rotto silenzioso dorato dimenticato stretto rubato gelato lontano luminoso "
            "vuoto antico segreto"
        ),
        "verb": _words(
            "nasconde sorveglia dipinge ripara segue attraversa ricorda brucia vende "
            "visita perde porta"
        ),
        "frame": ["Il {noun} {adj} {verb} il {noun2}.", "Nessuno {verb} il {noun2} {adj}."],
    },
}
FREE_SENTENCES = 4
_SLOTS = ("open", "who", "act", "turn", "end")
_DE_ORDER = ("open", "who", "act")  # German puts the verb first: "In X beschließt ..."


@dataclass(frozen=True)
class Story:
    """What a synopsis says, independent of the language it is told in."""

    choice: tuple[int, ...]  # phrase index per slot
    job: int
    thing: int
    a: str
    b: str
    place: str
    place2: str
    year: int
    n: int
    title: str
    director: str
    # (frame, noun, adj, verb, noun2) per free sentence
    free: tuple[tuple[int, int, int, int, int], ...] = ()


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _person(rng: random.Random) -> str:
    return f"{_word(rng, rng.randint(2, 3))} {_word(rng, rng.randint(2, 4))}"


def new_story(rng: random.Random) -> Story:
    sizes = [len(_PHRASES["en"][slot]) for slot in _SLOTS]
    return Story(
        choice=tuple(rng.randrange(size) for size in sizes),
        job=rng.randrange(6),
        thing=rng.randrange(6),
        a=_person(rng),
        b=_person(rng),
        place=_word(rng, rng.randint(2, 4)),
        place2=_word(rng, rng.randint(2, 4)),
        year=rng.randint(1950, 2023),
        n=rng.randint(12, 480),
        title=" ".join(_word(rng, rng.randint(1, 3)) for _ in range(rng.randint(1, 3))),
        director=_person(rng),
        free=tuple(
            (
                rng.randrange(2),
                rng.randrange(20),
                rng.randrange(12),
                rng.randrange(12),
                rng.randrange(20),
            )
            for _ in range(FREE_SENTENCES)
        ),
    )


def render(story: Story, lang: str) -> str:
    """The story as a synopsis in `lang`."""
    words = _PHRASES[lang]
    values = {
        "job": words["job"][story.job],
        "thing": words["thing"][story.thing],
        "a": story.a,
        "b": story.b,
        "place": story.place,
        "place2": story.place2,
        "year": story.year,
        "n": story.n,
    }
    parts = [words[slot][index] for slot, index in zip(_SLOTS, story.choice, strict=True)]
    filled = [part.format(**values) for part in parts]
    first = " ".join(filled[:3]).replace(",,", ",").replace(" ,", ",")
    lexicon = _LEXICON[lang]
    free = [
        lexicon["frame"][frame].format(
            noun=lexicon["noun"][noun],
            adj=lexicon["adj"][adj],
            verb=lexicon["verb"][verb],
            noun2=lexicon["noun"][noun2],
        )
        for frame, noun, adj, verb, noun2 in story.free
    ]
    return " ".join([f"{first}.", *(f[0].upper() + f[1:] for f in free), filled[3]])


def documents(count: int, seed: int = 7, duplicate_share: float = 0.1) -> Iterator[Told]:
    """`count` corpus records (JSONL fields id, text, lang and sometimes title,
    directors, year) with their stories. About `duplicate_share` of them retell an
    earlier story."""
    rng = random.Random(seed)
    recent: list[Story] = []
    for number in range(1, count + 1):
        if recent and rng.random() < duplicate_share:
            story = rng.choice(recent)
        else:
            story = new_story(rng)
            recent.append(story)
            if len(recent) > 5000:
                recent.pop(rng.randrange(len(recent)))
        lang = rng.choice(LANGS)
        record: dict[str, Any] = {"id": f"syn:{number}", "text": render(story, lang), "lang": lang}
        if rng.random() < 0.5:
            record.update(title=story.title, directors=[story.director], year=story.year)
        yield Told(record, story)


@dataclass(frozen=True)
class Told:
    record: dict[str, Any]
    story: Story


def query_records(count: int, known: list[Story], seed: int = 11) -> list[dict[str, Any]]:
    """`count` film records in the `--records` format: half retell `known` stories
    (in English), half are new films."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        story = rng.choice(known) if number % 2 == 0 and known else new_story(rng)
        records.append(
            {
                "film_id": str(900_000 + number),
                "title": story.title,
                "directors": [story.director],
                "year": story.year,
                "edition": story.year,
                "synopsis": render(story, "en"),
            }
        )
    return records
