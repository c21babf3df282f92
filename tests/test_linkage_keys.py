"""Table-driven tests of the normalised keys."""

import unicodedata

import pytest
from anyascii import anyascii

from linkage.keys import (
    ascii_fold,
    credited_people,
    directors_overlap,
    fold_title,
    name_skeleton,
    person_key,
    same_person,
    strip_rating,
    title_numbers_differ,
    western_form,
    years_compatible,
)
from tests.linkage_fixtures import corpus_texts


def _whole_text_fold(text: str) -> str:
    """What `ascii_fold` gave before it sent only the non-ASCII runs through anyascii."""
    return anyascii(unicodedata.normalize("NFKC", text)).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Leto",
        "Crème brûlée à Straße",  # accents; casefold's ß
        "Лето / Leto (Summer), 2018",
        "是枝裕和の『万引き家族』",  # kana and Han next to punctuation
        "ﬁlm Ⅻ ①",  # compatibility forms NFKC rewrites into ASCII
        "e\u0301te\u0301",  # combining accents
        "ǅuro Ǉubić",  # title-case digraphs
        "בית ספר · مدرسة 🎬 Ю",  # right-to-left scripts, an emoji, a lone letter
        "İstanbul",  # a capital whose lower case is two code points
    ],
)
def test_ascii_fold_equals_folding_the_whole_text(text: str) -> None:
    assert ascii_fold(text) == _whole_text_fold(text)


def test_ascii_fold_equals_folding_the_whole_text_on_every_corpus_text() -> None:
    texts = corpus_texts()
    assert len(texts) > 3000
    assert [t for t in texts if ascii_fold(t) != _whole_text_fold(t)] == []


@pytest.mark.parametrize(
    ("title", "folded"),
    [
        ("Leto", "leto"),
        ("Лето", "leto"),
        ("LEVIATHAN (MA15+)", "leviathan"),
        ("Stalker (R18+)", "stalker"),
        ("CRANES ARE FLYING, THE (PG)", "cranes are flying"),
        ("The Cranes Are Flying", "cranes are flying"),
        ("L'Envol", "envol"),
        ("Les Voiles écarlates", "voiles ecarlates"),
        ("Tchaikovsky's Wife", "tchaikovsky s wife"),
        ("  Compartment   No. 6 ", "compartment no 6"),
        ("Rock & Roll Nights", "rock and roll nights"),  # the ampersand spelled out
        ("Rock and Roll Nights", "rock and roll nights"),
        ("The", "the"),  # a lone article is the title itself
        ("", None),
        (None, None),
    ],
)
def test_fold_title(title: str | None, folded: str | None) -> None:
    assert fold_title(title) == folded


@pytest.mark.parametrize(
    ("title", "stripped"),
    [("Mother (M)", "Mother"), ("Mother (CTC)", "Mother"), ("M (1931)", "M (1931)")],
)
def test_strip_rating(title: str, stripped: str) -> None:
    assert strip_rating(title) == stripped


@pytest.mark.parametrize(
    "spellings",
    [
        ("Tsoi", "Tsoï", "Цой", "Tsoy", "Zoi"),
        ("Tchaikovsky", "Tchaïkovski", "Tschaikowski", "Чайковский", "Čajkovskij"),
        ("Rachmaninoff", "Rachmaninov", "Рахманинов"),
        ("Sergei", "Serguei", "Sergey", "Сергей"),
        ("Zvyagintsev", "Zviaguintsev", "Звягинцев"),
        ("Milyukova", "Milioukova", "Miljukowa", "Милюкова"),
        ("Dörte", "Doerte", "Dorte"),  # German umlauts spelled out, or dropped
        ("Schäfer", "Schaefer", "Schafer"),
        ("Jürgen", "Juergen"),
    ],
)
def test_name_skeleton_is_transliteration_proof(spellings: tuple[str, ...]) -> None:
    assert len({name_skeleton(s) for s in spellings}) == 1


@pytest.mark.parametrize(("left", "right"), [("Tsoi", "Tolstoy"), ("Pudovkin", "Pugachev")])
def test_name_skeleton_keeps_different_names_apart(left: str, right: str) -> None:
    assert name_skeleton(left) != name_skeleton(right)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kirill Serebrennikov", "k:serebrenikov"),
        ("Кирилл Серебренников", "k:serebrenikov"),
        ("Alexander Domogarov Jr.", "a:domogarov"),
        ("Александр Домогаров-младший", "a:domogarov"),
        ("Serebrennikov", "serebrenikov"),
        ("", None),
    ],
)
def test_person_key(name: str, key: str | None) -> None:
    assert person_key(name) == key


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (["Kirill Serebrennikov"], ["Кирилл Серебренников"], True),
        (["Natasha Merkulova", "Aleksey Chupov"], ["Алексей Чупов"], True),
        (["Andrei Tarkovsky"], ["Steven Soderbergh"], False),
        (["Serebrennikov"], ["Kirill Serebrennikov"], True),
        ([], ["Jack Gold"], None),
        # a joint credit is its people, in any language's "and"
        (["Marta i Olek Zawada"], ["Olek Zawada"], True),
        (["Marta e Olek Zawada"], ["Marta Zawada", "Olek Zawada"], True),
        (["Marta & Olek Zawada"], ["Ewa Zawada"], False),
        # a Hong Kong credit by its Western form
        (["Peter Chow Wing-kei"], ["Peter Chow"], True),
        (["Peter Chow Wing-kei", "Sam Ho Ka-lok"], ["Sam Ho"], True),
        (["Peter Chow Wing-kei"], ["Paul Chow"], False),
    ],
)
def test_directors_overlap(left: list[str], right: list[str], expected: bool | None) -> None:
    assert directors_overlap(left, right) is expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [(2018, 2018, True), (2018, 2019, True), (2014, 2012, False), (None, 2012, None)],
)
def test_years_compatible(left: int | None, right: int | None, expected: bool | None) -> None:
    assert years_compatible(left, right) is expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Pavel Lounguine", "Pavel Lungin", True),  # French transliteration
        ("Andrei Tarkovsky", "Andrej Tarkowski", True),
        ("Kirill Serebrennikov", "Кирилл Серебренников", True),
        ("Serebrennikov", "Kirill Serebrennikov", True),  # a surname alone
        ("Zhang Yimou", "Yimou Zhang", True),  # family name first on one side
        ("Bong Joon-ho", "봉준호", True),  # Hangul romanises close to the usual spelling
        ("Kieślowskiego", "Krzysztof Kieślowski", True),  # a surname alone, inflected
        # Arabic and Hebrew: an inner "h" and a waw or vav are consonants too, a geresh
        # makes a gimel a "j", and a yod may spell one
        ("Youssef Chahine", "يوسف شاهين", True),
        ("Marwan Mokbel", "مروان مقبل", True),
        ("Jamil Dehlavi", "ג'מיל דהלאווי", True),
        ("Youssef Chahine", "يوسف شريف", None),  # Youssef Sherif: never denied
        ("Jonas Mekas", "יונאס מקאס", True),  # a yod for the "j" of Jonas
        # Korean spells a Japanese name's voiceless stops with its plain letters
        ("Takeshi Kitano", "기타노 다케시", True),
        ("Akira Kurosawa", "구로사와 아키라", True),
        ("Akira Kurosawa", "구로사와 기요시", None),  # Kiyoshi Kurosawa: another person
        ("Kinuyo Tanaka", "기타노 다케시", None),
        # A whole name written as one word is not anyone whose given name it opens with
        ("Jan Novak", "장이머우", None),  # Zhang Yimou in Hangul, "jangimeou"
        ("Ian Lowe", "이안로우스키", None),
        # Given names open alike across scripts and schemes: a hard "c" is a "k", the
        # "j" of Jafar and George is "dsch" in German and "дж" in Russian
        ("Claude Chabrol", "Клод Шаброль", True),
        ("Jafar Panahi", "Dschafar Panahi", True),
        ("George Mendeluk", "Джордж Менделюк", True),
        ("Jean Renoir", "Жан Ренуар", True),
        ("Claude Chabrol", "Кирилл Шаброль", False),  # another given name
        ("Gérard Krawczyk", "Jérôme Krawczyk", False),  # open alike, sound apart
        ("Rhys Turner", "Ruth Turner", False),  # one surname, two people
        ("R. Turner", "Ruth Turner", True),  # an initial agrees with its name
        ("Andrei Tarkovsky", "Steven Soderbergh", False),
        ("Hirokazu Kore-eda", "是枝裕和", True),  # kanji, by their Japanese reading
        ("", "Jack Gold", None),
        # a syllabary writes every vowel: a given name opening with one is not one
        # opening with a consonant, whatever consonants follow (Je-gyu / ウソク, Woo-suk)
        ("Kang Je-gyu", "カン・ウソク", None),
        ("Kang Je-gyu", "カン・ジェギュ", True),
        # a romanised glide a syllabary writes as a vowel; kana's "fu" for "hu"
        ("Park Chan-wook", "パク・チャヌク", True),
        ("Jang Hoon", "チャン・フン", True),
        ("Bong Joon-ho", "チャン・フン", None),
        # Lee, a bare vowel in kana and Hangul: the given name tells alone
        ("Lee Chang-dong", "イ・チャンドン", True),
        ("Lee Chang-dong", "イ・ジュニク", None),
    ],
)
def test_same_person(left: str, right: str, expected: bool | None) -> None:
    assert same_person(left, right) is expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Infernal Affairs", "Infernal Affairs II", True),
        ("무간도", "無間道II", True),  # a numeral after Han characters, without a space
        ("ぼくのエリ 200歳の少女", "Let the Right One In", False),  # 200 years old: a count
        ("Dekalog 1", "Dekalog 2", True),
        ("Rocky IV", "Rocky 4", False),
        ("I, Daniel Blake", "Moi, Daniel Blake", False),  # "I" is a pronoun
        ("Leto", "Лето", False),
        (None, "Leto", None),
        # a date's day is no sequel's number, whichever side of the month it stands
        ("Brzeg, 14 sierpnia", "Le Rivage", False),
        ("14 de Agosto", "8月14日", False),
        ("Night of the 3rd of March", "La Nuit", False),  # "3rd": no number at all
        ("Harbour Lights, March 3", "Harbour Lights", False),
        ("Ici on attend – 9 octobre 1961", "Here We Wait", False),
        # but a number beside another word, or past the last day, is a number
        ("Harbour Lights 3", "Harbour Lights", True),
        ("Harbour 40 March", "Harbour March", True),
    ],
)
def test_title_numbers_differ(left: str | None, right: str | None, expected: bool | None) -> None:
    assert title_numbers_differ(left, right) is expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("María Otrega", "María Ortega", True),  # two letters swapped
        ("Naomi Ozwaa", "Naomi Ozawa", True),
        ("Jan Hansen", "Jan Jansen", False),  # one letter changed: another name
        ("Ana Lima", "Ana Lmia", False),  # too short a name to call a swap a slip
    ],
)
def test_a_typing_slip_in_a_surname_is_the_same_person(
    left: str, right: str, expected: bool
) -> None:
    assert same_person(left, right) is expected


@pytest.mark.parametrize(
    ("name", "people"),
    [
        ("Marta i Olek Zawada", ("Marta Zawada", "Olek Zawada")),
        ("Jean-Marc et Anne Durieux", ("Jean-Marc Durieux", "Anne Durieux")),
        ("Марта и Олег Завада", ("Марта Завада", "Олег Завада")),
        ("Marta Zawada", ("Marta Zawada",)),
        ("Marta Zawada-Nowak", ("Marta Zawada-Nowak",)),
        # a longer name with "and" in it is left whole: no surname to share
        ("Marta and the Olek Zawada Collective", ("Marta and the Olek Zawada Collective",)),
    ],
)
def test_credited_people(name: str, people: tuple[str, ...]) -> None:
    assert credited_people(name) == people


@pytest.mark.parametrize(
    ("name", "western"),
    [
        ("Peter Chow Wing-kei", "Peter Chow"),
        ("Chow Wing-kei", None),  # the Chinese order: no Western given name
        ("Catherine Zeta-Jones", None),
        ("Anne Marie Zeta-Jones", None),  # a double-barrelled surname, capitalised
        ("Jean-Pierre Chow Wing-kei", None),
    ],
)
def test_western_form(name: str, western: str | None) -> None:
    assert western_form(name) == western
