"""Text folding shared by the loader and the matcher: one canonical form for names and questions."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# ASCII punctuation, curly quotes, guillemets, and the CJK comma, full stop, exclamation and question marks.
_SEPARATORS = re.compile('[\\s\\-_/.,;:!?()\\[\\]{}"\u201c\u201d\u00ab\u00bb\u3001\u3002\uff0c\uff01\uff1f]+')
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    """Drop combining marks (é -> e, ō -> o) and fold ß/ø-like letters; other scripts are untouched."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O"))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


def fold(text: str) -> str:
    """Canonical form: NFKC, casefolded, accents stripped, possessives dropped, separators as one space."""
    if not text.isascii():
        text = strip_accents(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    text = text.replace("`", "'").casefold()
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The words of already-folded text."""
    return _WORD.findall(text)
