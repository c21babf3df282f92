"""Language identification with the model bundled in py3langid (no download)."""

from functools import lru_cache
from typing import Any

# Below this many letters a guess is noise ("Leto" comes out as Afrikaans).
MIN_LETTERS = 20
# Normalised probability under which we say "unknown" rather than guess.
MIN_PROBABILITY = 0.5


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short or the model unsure."""
    if not text or sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(text)
    return str(code) if float(probability) >= MIN_PROBABILITY else None
