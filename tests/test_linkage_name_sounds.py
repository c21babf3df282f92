"""Names across transliteration schemes and scripts (`linkage.name_sounds` and its use
in `keys.same_person`): table-driven, with names made up for the purpose or common
spellings of one real name in several schemes."""

import json
from pathlib import Path
from typing import Any

import pytest

from linkage.keys import (
    director_han_sounds,
    director_sounds,
    director_syllabic_sounds,
    is_pinyin_name,
    same_person,
)
from linkage.name_sounds import (
    alphabetic_han_forms,
    consonant_forms,
    han_forms,
    is_han_transliteration,
    sound_alike,
    spoken_forms,
)


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("Zvyagintsev", "SVGNSV"),  # English
        ("Swjaginzew", "SVGNSV"),  # German: w for v, z for ts, j a vowel
        ("Звягинцев", "SVGNSV"),  # Cyrillic, through anyascii
        ("Dowschenko", "DVSNK"),  # German sch for zh
        ("Dovjenko", "DVSNK"),  # French j for zh
        ("Sieriebriennikow", "SRBRNKV"),  # Polish
        ("Голланд", "HLND"),  # Russian г for a foreign h
        ("سوكوروف", "SKRV"),  # Arabic: waw a vowel
        ("גשונק", "GSNK"),  # Hebrew: vav a vowel
    ],
)
def test_a_spelling_has_the_consonant_form_of_its_name(word: str, form: str) -> None:
    assert form in consonant_forms(word)


@pytest.mark.parametrize(
    ("left", "right", "alike"),
    [
        ("Koslowski", "Козловский", True),
        ("Rjasanow", "Riazanow", True),
        ("Szifron", "Сифрон", True),
        ("Chabrol", "Шаброль", True),  # French ch
        ("Jafar", "Dschafar", True),
        ("Hansen", "Jansen", False),  # an h is a consonant in Latin letters
        ("Turner", "Tanner", False),
        ("Lee", "Li", False),  # too few consonants to say anything
        ("", "Li", False),
    ],
)
def test_two_name_words_sound_alike(left: str, right: str, alike: bool) -> None:
    assert sound_alike(left, right, 3) is alike


def test_a_word_with_too_many_readings_has_no_form() -> None:
    assert consonant_forms("jjjjjcccc") == frozenset()


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # two transliteration schemes of one name
        ("Andrey Zvyagintsev", "Andrei Swjaginzew", True),
        ("Олександр Довженко", "Alexandre Dovjenko", True),  # Ukrainian given name
        ("Eldar Ryazanov", "Eldar Rjasanow", True),
        ("Олексій Балабанов", "Алексей Балабанов", True),  # Ukrainian and Russian
        ("Kirill Serebrennikov", "Kirył Sieriebriennikow", True),
        # other people who share a surname's sound keep apart by their given names
        ("Danila Kozlovsky", "Adam Kozłowski", False),
        ("Rhys Turner", "Ruth Turner", False),
        # Arabic and Hebrew spellings confirm; they never deny (None)
        ("أندريه زفياغينتسيف", "Andrey Zvyagintsev", True),
        ("מתי גשונק", "Matti Geschonneck", True),
        ("مارتن سكورسيزي", "Andrey Zvyagintsev", None),
        # kana and Hangul spell a foreign name by syllables: they confirm, never deny
        ("빔 벤더스", "Wim Wenders", True),
        ("마리 크로이처", "Marie Kreutzer", True),
        ("アキ・カウリスマキ", "Aki Kaurismäki", True),
        ("ポール・バーホーベン", "Paul Verhoeven", True),
        ("나루세 미키오", "Mikio Naruse", True),  # family name first on one side
        ("アキ・カウリスマキ", "Paul Verhoeven", None),
        # a surname too short to tell alone tells with its given name: four classes
        ("ケン・ローチ", "Ken Loach", True),  # KN + RS
        ("ダニー・ボイル", "Danny Boyle", True),
        ("شوهي إيمامورا", "Shohei Imamura", True),  # SH + MR
        ("ياسمينة عدي", "Yasmina Adi", True),  # SMN + D
        ("ケン・ローチ", "Ken Russell", None),  # the given name alone agrees
        ("ケン・ローチ", "Ben Loach", None),  # the surname alone agrees
        ("ياسمينة عدي", "Yasmina Aziz", None),
        ("شوهي إيمامورا", "Shohei Imai", None),  # one class short of the surname's
        # a hyphen ends a syllable: its "ng" is kana's one nasal (Sang-soo: サンス)
        ("ホン・サンス", "Hong Sang-soo", True),
        ("ホン・サンス", "Hong Sang-ho", None),
        # across two alphabets too, where a short surname is transliterated
        ("Жан-Мари Пуаре", "Jean-Marie Poiré", True),
        ("Жан Руа", "Jean Rouch", False),  # the surnames differ, and may say so
        ("Кен Рассел", "Ken Loach", False),
        # an Arabic word's final "h" may be a consonant (صلاح, Salah) or mark a vowel
        ("صلاح أبو سيف", "Salah Abu Seif", True),
        ("صلاح أبو سيف", "Salim Abu Seif", None),
        ("홍상수", "Hong Sang-soo", True),
        # Chinese spells a foreign name by syllables (pinyin): it confirms, never denies
        ("维姆·文德斯", "Wim Wenders", True),
        ("阿基·考里斯马基", "Aki Kaurismäki", True),
        ("安德烈·塔可夫斯基", "Андрей Тарковский", True),
        ("佩德罗·阿莫多瓦", "Pedro Almodóvar", True),
        ("让-吕克·戈达尔", "Jean-Luc Godard", True),  # 让 for a French "j"
        ("维托里奥·德西卡", "Vittorio De Sica", True),  # a particle spelled with its name
        ("维姆·文德斯", "Pedro Almodóvar", None),
        ("肯·洛奇", "Ken Loach", None),  # "KN" and "LK": Ken Russell reads so too
        ("张艺谋", "Zhang Yimou", True),  # no dot: read as a Chinese name (han_readings)
        # one spelling is one person, in any script; two say nothing
        ("张艺谋", "张艺谋", True),
        ("是枝裕和", "是枝 裕和", True),
        ("ポン・ジュノ", "ポン・ジュノ", True),
        ("张艺谋", "陈凯歌", None),
        # Arabic or Hebrew beside Chinese: consonants as Chinese keeps them, "r", "l",
        # waw and "h" either there or not (马尔万 leaves out Marwan's "r")
        ("مروان حامد", "马尔万·哈米德", True),
        ("نادين لبكي", "娜丁·拉巴基", True),
        ("מג'יד מג'ידי", "马基德·马基迪", True),
        ("مروان حامد", "马基德·马基迪", None),
        ("كين لوتش", "肯·洛奇", None),  # too few classes, as in Latin letters
        # a pinyin name beside kana or Hangul: both its names agree whole, three classes
        ("Chen Kaige", "チェン・カイコー", True),
        ("Zhang Yimou", "장이머우", True),  # one Hangul word, parted after the family name
        ("Chen Kaige", "チャン・イーモウ", None),
        ("Zhang Yuan", "チャン・イーモウ", None),
        ("Ken Loach", "ケン・ロー", None),  # not pinyin: four classes are still wanted
        # kana and Hangul confirm each other
        ("장 훈", "チャン・フン", True),
        ("張勳", "チャン・フン", True),  # through the name's Korean reading, 장 훈
        ("장 훈", "チャン・ユン", None),
        # a surname joined by a hyphen is two words in Arabic and Hebrew script
        ("محمد الأخضر حامينا", "Mohammed Lakhdar-Hamina", True),
        ("محمد الأخضر حامينا", "Mohammed Lakhdar-Kamal", None),
        # ... and one festival may print the hyphen where another prints a space
        ("Mohammed Lakhdar-Hamina", "Mohamed Lakhdar Hamina", True),
        ("Mohammed Lakhdar-Hamina", "Mohammed Lakhdar Kamal", False),
        # Russian spells Chinese, Japanese and Korean names by systems of its own: such
        # a spelling says nothing against a Latin one, where a Western name's denies
        ("Пак Чхан Ук", "Park Chan-wook", None),
        ("Чжан Имоу", "Zhang Yimou", None),
        ("Хаяо Миядзаки", "Hayao Miyazaki", None),
        ("Такэси Китано", "Takeshi Kitano", True),
        ("Андрей Тарковский", "Andrzej Wajda", False),
        ("Дэвид Линч", "David Fincher", False),  # an English name, its "э" notwithstanding
        # a Hangul syllable's final "ng" is read as in a romanised name's syllable
        ("임상수", "Im Sang-soo", True),
        ("이창동", "Lee Chang-dong", True),
        ("이창동", "Lee Myung-se", None),
        # Arabic, Hebrew and Russian write a Spanish or Portuguese name as it sounds
        ("خايمي روساليس", "Jaime Rosales", True),  # "j" as "kh"
        ("Хайме Росалес", "Jaime Rosales", True),  # ... where Russian said "another"
        ("Хайме Росалес", "Jaime Camino", False),
        ("פבלו ברחר", "Pablo Berger", True),  # pe and bet as "p" and "b"
        ("אבי נשר", "Avi Nesher", True),  # ... and still as "v"
        ("خورخي غايو", "Jorge Gallo", True),  # "g" before "e" and "ll" as "kh" and "y"
        ("Эдуарду Коутинью", "Eduardo Coutinho", True),  # Portuguese "nh"
        ("خافيير ريبولو", "Javier Rebollo", True),  # "v" as "b"
        ("خافيير ريبولو", "Javier Bardem", None),
        # kana or Hangul beside Arabic or Hebrew: whole names, as a syllabary keeps them
        ("ケン・ラッセル", "كين راسل", True),
        ("ケン・ローチ", "كين راسل", None),  # Russell's "l" is no "r" a syllabary drops
        ("빔 벤더스", "וים ונדרס", True),  # the "r" before a consonant left out
        ("アラン・マック", "آلان ماك", True),  # an opening alif is a vowel
        ("토니 스콧", "توني سكوت", True),  # Hangul's final ㅅ is a "t"
        ("キャスリン・ビグロー", "كاثرين بيغلو", True),  # an English "th": ス, ث
    ],
)
def test_same_person_across_schemes_and_scripts(
    left: str, right: str, expected: bool | None
) -> None:
    assert same_person(left, right) is expected
    assert same_person(right, left) is expected


def test_directors_are_filed_by_the_sound_of_their_names() -> None:
    assert director_sounds(("Andrey Zvyagintsev",)) & director_sounds(("Андрей Звягинцев",))
    assert director_sounds(("Олександр Довженко",)) & director_sounds(("Alexandre Dovjenko",))
    # one surname, two people: not filed together
    assert not director_sounds(("Rhys Turner",)) & director_sounds(("Mona Turner",))
    assert director_sounds(("Ang Lee",)) == frozenset()  # "L": too short to file under


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("古斯塔夫", {"KSTV"}),  # gu si ta fu
        ("马尔万", {"MVN"}),  # 尔 (er) renders an r that ends a syllable: left out
        ("拉巴基", {"LBK", "LBS"}),  # ji renders "ki" as well as "chi"
        ("丁", {"TN"}),  # a nasal ending
    ],
)
def test_a_chinese_spelling_is_read_by_its_syllables(word: str, forms: set[str]) -> None:
    assert han_forms(word) == forms


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("Gustav", "KSTV"),
        ("Marwan", "MVN"),  # an r before a consonant is left out
        ("Möller", "ML"),  # and one at the end
        ("McDonagh", "MKTN"),  # a final gh is silent
        ("Asghar", "SH"),  # a gh inside a word may be an h
        ("Javier", "HV"),  # a Spanish j is an h
        ("Dumont", "TMN"),  # French final consonants are silent
    ],
)
def test_an_alphabetic_spelling_as_chinese_keeps_it(word: str, form: str) -> None:
    assert form in alphabetic_han_forms(word)


def test_only_a_dotted_chinese_name_is_a_transliteration() -> None:
    assert is_han_transliteration("古斯塔夫·莫勒")
    assert is_han_transliteration("阿基・考里斯马基")  # the katakana middle dot
    assert not is_han_transliteration("张艺谋")
    assert not is_han_transliteration("Gustav Möller")


def test_chinese_spellings_are_filed_with_alphabetic_ones() -> None:
    assert director_han_sounds(("古斯塔夫·莫勒",)) == director_han_sounds(("Gustav Möller",))
    assert director_han_sounds(("马尔万·哈米德",)) & director_han_sounds(("Marwan Hamed",))
    # too few classes between given name and surname to file under
    assert director_han_sounds(("Ken Loach",)) == frozenset()
    assert not director_han_sounds(("Gustav Möller",)) & director_han_sounds(("Marwan Hamed",))


@pytest.mark.parametrize(
    ("syllabic", "alphabetic", "filed_together"),
    [
        ("빔 벤더스", "Wim Wenders", True),
        ("가타부치 스나오", "Sunao Katabuchi", True),  # family name first in Hangul only
        ("기타노 다케시", "Takeshi Kitano", True),
        ("トーマス・アルフレッドソン", "Tomas Alfredson", True),
        ("ポール・バーホーベン", "Paul Verhoeven", True),
        ("빔 벤더스", "Lars von Trier", False),
        ("기타노 다케시", "Takashi Miike", False),
    ],
)
def test_kana_and_hangul_spellings_are_filed_with_alphabetic_ones(
    syllabic: str, alphabetic: str, filed_together: bool
) -> None:
    shared = director_syllabic_sounds((syllabic,)) & director_syllabic_sounds((alphabetic,))
    assert bool(shared) is filed_together


def test_a_surname_too_short_to_say_much_is_filed_with_its_given_name() -> None:
    # "RS" alone says too little; "KN" and "RS" together are filed, where the kana
    # spelling meets it, and Ken Russell is not there
    loach = director_syllabic_sounds(("Ken Loach",))
    assert loach & director_syllabic_sounds(("ケン・ローチ",))
    assert not loach & director_syllabic_sounds(("Ken Russell",))
    assert director_sounds(("Shohei Imamura",)) & director_sounds(("شوهي إيمامورا",))
    assert director_syllabic_sounds(("Ang Lee",)) == frozenset()  # "N" and "R": too few
    # a Hangul name in one word is parted after its family name, "M" and "SNS"
    assert director_syllabic_sounds(("임상수",)) & director_syllabic_sounds(("Im Sang-soo",))


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("Zhang Yimou", True),
        ("Chen Kaige", True),
        ("Jia Zhang-ke", True),
        ("Hou Hsiao-hsien", False),  # Wade-Giles
        ("Bong Joon-ho", False),
        ("Ken Loach", False),
        ("Zhang", False),  # one word
        ("Lü Yue", False),
    ],
)
def test_a_pinyin_name_is_told_by_its_syllables(name: str, pinyin: bool) -> None:
    assert is_pinyin_name(name) is pinyin


def test_pinyin_names_and_their_syllabic_spellings_are_filed_together() -> None:
    chen = director_syllabic_sounds(("Chen Kaige",))
    assert chen & director_syllabic_sounds(("チェン・カイコー",))
    assert chen & director_syllabic_sounds(("천카이거",))
    assert not chen & director_syllabic_sounds(("チャン・イーモウ",))
    # three classes file only a pinyin name, or a syllabic spelling that may be one
    assert director_syllabic_sounds(("Kim Ra",)) == frozenset()


def test_the_surname_lee_is_filed_by_its_given_name() -> None:
    # 李 is a bare vowel in kana and Hangul (イ, 이): the given name, whole, files it
    lee = director_syllabic_sounds(("Lee Chang-dong",))
    assert lee & director_syllabic_sounds(("이창동",))
    assert lee & director_syllabic_sounds(("イ・チャンドン",))
    assert not lee & director_syllabic_sounds(("イ・ミョンセ",))  # Lee Myung-se


def test_a_hyphenated_surname_is_filed_as_its_two_words_too() -> None:
    lakhdar_hamina = director_sounds(("Mohammed Lakhdar-Hamina",))
    assert lakhdar_hamina & director_sounds(("محمد الأخضر حامينا",))
    assert not lakhdar_hamina & director_sounds(("محمد الأخضر كمال",))


def test_arabic_and_hebrew_spellings_are_filed_with_chinese_ones() -> None:
    assert director_han_sounds(("مروان حامد",)) & director_han_sounds(("马尔万·哈米德",))
    assert director_han_sounds(("נדין לבאכי",)) & director_han_sounds(("娜丁·拉巴基",))
    assert not director_han_sounds(("مروان حامد",)) & director_han_sounds(("娜丁·拉巴基",))


HAN_NAMES = Path(__file__).parent / "data" / "linkage_eval" / "han_names.jsonl"


def test_chinese_spellings_written_blind_confirm_their_names_and_no_confusable_one() -> None:
    """On spellings written by someone who had not read this code: at least 45% of the
    Chinese spellings confirm their name (47.5% when written: 52 of the 100 lines read
    while building the rule, 43 of the 100 not read), and a confusable person is
    confirmed only where the two alphabetic names agree as well (a Roy Anderson for Roy
    Andersson: a Latin spelling could not tell them apart either)."""
    rows = [json.loads(line) for line in HAN_NAMES.read_text(encoding="utf-8").splitlines()]
    people = [r for r in rows if "confusable_with" not in r]
    confusables = [r for r in rows if "confusable_with" in r]
    assert len(people) == 200 and len(confusables) == 100
    confirmed = sum(1 for r in people if same_person(r["chinese"], r["latin"]))
    assert confirmed >= 0.45 * len(people)
    wrongly = [
        r
        for r in confusables
        if same_person(r["chinese"], r["latin"])
        and not same_person(r["confusable_with"], r["latin"])
    ]
    assert wrongly == []


KANA_HANGUL_NAMES = Path(__file__).parent / "data" / "linkage_eval" / "kana_hangul_names.jsonl"


def _kana_hangul_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rows = [
        json.loads(line)
        for line in KANA_HANGUL_NAMES.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    people = [r for r in rows if "confusable_with" not in r]
    return people, [r for r in rows if "confusable_with" in r]


def test_kana_and_hangul_spellings_written_blind_confirm_their_names_never_deny() -> None:
    """On spellings written by someone who had not read this code (the file's README
    section): at least half of the kana and Hangul spellings confirm their name (48%,
    116 of 240, when the file was added; 56%, 135, since the glides, kana's "fu" for
    "hu" and Lee / イ; 61%, 147, since pinyin names and Hangul names in one word), and
    none says "another person": a syllabary confirms a name or says nothing."""
    people, confusables = _kana_hangul_rows()
    assert len(people) == 240 and len(confusables) == 100
    verdicts = [same_person(r["spelling"], r["latin"]) for r in people]
    assert sum(v is True for v in verdicts) >= 0.55 * len(people)
    assert not [r for r, v in zip(people, verdicts, strict=True) if v is False]


@pytest.mark.xfail(
    strict=True,
    reason="known: a Korean name in kana is confirmed as a namesake's (Kim Jee-woon by "
    "キム・ジフン, Kim Ji-hoon: the glide of 'woon' and the 'fu' kana writes for 'hu' fall "
    "in one consonant class)",
)
def test_no_kana_or_hangul_spelling_of_a_namesake_is_confirmed() -> None:
    """A confusable person is confirmed only where the two alphabetic names agree as
    well (as with the Chinese spellings above)."""
    _, confusables = _kana_hangul_rows()
    wrongly = [
        r
        for r in confusables
        if same_person(r["spelling"], r["latin"])
        and not same_person(r["confusable_with"], r["latin"])
    ]
    assert wrongly == []


IBERIAN_NAMES = Path(__file__).parent / "data" / "linkage_eval" / "iberian_names.jsonl"


def _same_and_different(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A blind names file's lines of one person (`"same": true`) and of two."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in rows if r["same"]], [r for r in rows if not r["same"]]


def test_iberian_names_in_arabic_hebrew_and_russian_written_blind() -> None:
    """On spellings written by someone who had not read this code (the file's README
    section): Spanish, Portuguese and Catalan directors' names in Arabic, Hebrew and
    Russian confirm their name (153 of 157 since `spoken_forms`; 112 before), at most one
    is denied (8 before: Juan / Хуан was two people), and no namesake is confirmed but
    the Puenzos (Luis and Lucía: given names of two consonant classes alike)."""
    same, different = _same_and_different(IBERIAN_NAMES)
    assert len(same) == 157 and len(different) == 61
    verdicts = [same_person(r["latin"], r["spelling"]) for r in same]
    assert sum(v is True for v in verdicts) >= 0.9 * len(same)
    assert sum(v is False for v in verdicts) <= 1
    confirmed = [r["latin"] for r in different if same_person(r["latin"], r["spelling"])]
    assert set(confirmed) <= {"Luis Puenzo"}


def test_spanish_readings_are_only_for_latin_names_beside_other_scripts() -> None:
    """A Latin name's Spanish readings (`spoken_forms`) are how Arabic, Hebrew and
    Russian spell it; two Latin spellings keep their letters, and a name in those
    scripts has none to add."""
    assert "KN" in spoken_forms("Juan") and "KN" not in consonant_forms("Juan")
    assert spoken_forms("Хуан") == consonant_forms("Хуан")
    assert spoken_forms("خوان") == consonant_forms("خوان")
    assert same_person("Juan Pérez", "Kuan Pérez") is not True


SYLLABARY_ABJAD_NAMES = (
    Path(__file__).parent / "data" / "linkage_eval" / "syllabary_abjad_names.jsonl"
)


def test_kana_and_hangul_beside_arabic_and_hebrew_written_blind() -> None:
    """On spellings written by someone who had not read this code (the file's README
    section): a kana or Hangul spelling and an Arabic or Hebrew one of the same person
    confirm each other (150 of 208 since they are compared as a syllabary keeps a
    name; 18 before), never deny it, and no two people's are confirmed as one."""
    same, different = _same_and_different(SYLLABARY_ABJAD_NAMES)
    assert len(same) == 208 and len(different) == 96
    verdicts = [same_person(r["syllabary"], r["abjad"]) for r in same]
    assert sum(v is True for v in verdicts) >= 0.7 * len(same)
    assert not [r for r, v in zip(same, verdicts, strict=True) if v is False]
    assert [r["latin"] for r in different if same_person(r["syllabary"], r["abjad"])] == []
