"""Whole names in kana, Hangul, Chinese, Arabic and Hebrew texts, and a director named
so in a keyless text."""

import pytest

from linkage.mentions import director_named_in_script
from linkage.script_names import script_person_names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ケン・ローチ監督の最新作。", "ケン・ローチ"),
        ("カンヌで受賞したアキ・カウリスマキの作品", "アキ・カウリスマキ"),
        # a Chinese text runs the name into the words around it
        ("瑞典导演托马斯·阿尔弗雷德森的作品，片中泳池一场戏", "托马斯·阿尔弗雷德森"),
        # a particle written onto the surname
        ("난니 모레티 감독의 「아들의 방」(2001)은", "난니 모레티"),
        ("톰 티크베어 감독. 남자친구를 구하기 위해", "톰 티크베어"),
        # "for" written onto the given name, and a geresh in a Hebrew name
        ("«ليلى» (1997) لداريوش مهرجوئي: زوجان سعيدان", "داريوش مهرجوئي"),
        ("סרט הביכורים של ג'עפר פנאהי (1995)", "ג'עפר פנאהי"),
    ],
)
def test_a_whole_name_is_among_the_spans(text: str, name: str) -> None:
    assert name in script_person_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kieślowski's 1988 film juxtaposes two killings.",  # capitals mark names there
        "北アイルランドの一日。",  # a katakana word without a middle dot: not a whole name
        "一个关于家庭的故事",  # Chinese without the dot of a foreign name
    ],
)
def test_no_span_where_no_whole_name_can_be(text: str) -> None:
    assert script_person_names(text) == ()


def test_spans_are_bounded_in_a_long_text() -> None:
    text = " ".join(chr(0xAC00 + n) * 2 for n in range(500))  # 500 different words
    assert len(script_person_names(text)) == 200


@pytest.mark.parametrize(
    ("directors", "text", "expected"),
    [
        (["Aki Kaurismäki"], "アキ・カウリスマキ監督『ル・アーヴルの靴みがき』（2011）", True),
        (["Nanni Moretti"], "난니 모레티 감독의 「아들의 방」(2001)은", True),
        (["Michael Radford"], "«ساعي البريد» (1994) للمخرج مايكل رادفورد: بعد", True),
        (["Tomas Alfredson"], "瑞典导演托马斯·阿尔弗雷德森的作品", True),
        # another director's name: spans, none of them his
        (["Ken Loach"], "アキ・カウリスマキ監督『ル・アーヴルの靴みがき』（2011）", False),
        # no whole name spelled in those scripts
        (["Ken Loach"], "The last film of Ken Loach", None),
    ],
)
def test_director_named_in_script(directors: list[str], text: str, expected: bool | None) -> None:
    assert director_named_in_script(directors, text) is expected
