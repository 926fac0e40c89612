"""Languages asked about as a filter ("which sister cities are in Chinese-speaking places?"), and the countries where
each is a national official language. By country only, from the countryinfo data: what each city itself speaks, no
source says (a region's own language, such as Catalan in Barcelona, is not a national one)."""

from __future__ import annotations

from functools import cache

from bot.engine.lazy import lazy_pattern

# Language names people ask by, and their ISO 639-1 codes (as countryinfo lists a country's official languages).
# Only names that stand for one code: not "Cantonese", which the Chinese of China and Taiwan in the data is not.
LANGUAGE_CODES = {
    "english": "en", "french": "fr", "spanish": "es", "chinese": "zh", "mandarin": "zh", "japanese": "ja",
    "italian": "it", "portuguese": "pt", "german": "de", "dutch": "nl", "arabic": "ar", "hebrew": "he",
    "catalan": "ca", "irish": "ga", "korean": "ko", "russian": "ru", "hindi": "hi", "swahili": "sw", "greek": "el",
    "polish": "pl", "turkish": "tr", "vietnamese": "vi", "thai": "th", "swedish": "sv", "danish": "da",
    "norwegian": "no", "finnish": "fi", "czech": "cs", "hungarian": "hu", "romanian": "ro", "ukrainian": "uk",
    "persian": "fa", "malay": "ms", "indonesian": "id", "tagalog": "tl", "welsh": "cy",
}  # fmt: skip

_NAMES = "|".join(sorted(LANGUAGE_CODES, key=len, reverse=True))
# "Chinese-speaking places", "the Spanish-speaking ones", "where Portuguese is spoken", "cities that speak French".
_ASKED = lazy_pattern(
    rf"\b(?P<a>{_NAMES}) speaking (?:places?|countr(?:y|ies)|cit(?:y|ies)|ones?|nations?|world|areas?|regions?"
    r"|sister|partners?|twins?|parts?|locations?)\b"
    rf"|\bwhere (?:they |people |folks )?(?:speak|talk) (?P<b>{_NAMES})\b"
    rf"|\bwhere (?P<c>{_NAMES}) is (?:spoken|(?:the|an) (?:official |main )?language)\b"
    rf"|\b(?:cities|ones|places|which|that|ours) (?:\w+ )?(?:speak|speaks) (?P<d>{_NAMES})\b"
    # "which of our sister cities are Chinese-speaking?"
    rf"|\b(?:are|is) (?P<e>{_NAMES}) speaking\b"
)


def language_asked(folded: str) -> str | None:
    """The language a question filters the ties by ("chinese" in "...in Chinese-speaking places?"), if any."""
    found = _ASKED.search(folded)
    return next((name for name in found.groups() if name), None) if found else None


@cache
def official_languages() -> dict[str, frozenset[str]]:
    """Each country's national official languages (ISO 639-1 codes) by its ISO code, from countryinfo (read the
    first time a question asks by language: most never do)."""
    from countryinfo import CountryInfo

    found: dict[str, frozenset[str]] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("languages"):
            found[str(code)] = frozenset(str(language) for language in info["languages"])
    return found


def spoken_in(language: str, country_code: str) -> bool:
    """True when the language (a name from LANGUAGE_CODES) is a national official language of the country."""
    return LANGUAGE_CODES[language] in official_languages().get(country_code, frozenset())
