"""A question split into words: the surface form (for capitals and echoing) and the folded form."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from bot.engine.lazy import lazy, lazy_pattern
from bot.engine.markup import strip_slack_markup
from bot.knowledge.normalize import fold, strip_accents

# Only this much of a question is read. Matching grows faster than the length (a 40,000-character message, which
# Slack allows, took 24 s): every real question fits, and nothing anyone types can stall the bot.
MAX_QUESTION_CHARS = 1000

_SURFACE_WORD = lazy_pattern("[^\\W_]+(?:['\u2019][^\\W_]+)*")

# Function words: never a place, never evidence for a topic.
STOPWORDS = frozenset(
    """a about above after again all also am an and any anything are as at be been being both but by
    can could did do does doing done during each either else ever every for from get got had has have
    having he her here hers him his how i if in into is it its itself just know let like me mine more
    most my no nor not now of off on once one only or other our ours out over own please pls plz same
    she should show so some such tell than that the their theirs them then there these they thing
    things this those through to too u under until up us very want was we were what whats what's when
    where which while who whom whose will with would ya yes yet you your yours give list name
    names info information detail details say something anything lot much many way ways kind sort
    ok okay hey hi hello thanks thank bot question questions answer need does don't dont im i'm
    our boston bostons boston's sister sisters city cities citys town towns twin twins twinned
    twinning program programs programme programmes between among around across via within without
    against toward towards upon per really actually exactly even still maybe perhaps just quite
    able being whether another others everything someone anyone everyone somebody anybody there's
    it's that's i'd i'll i've we've you've they've you're we're they're isn't aren't wasn't weren't can't couldn't won't
    wouldn't shouldn't doesn't didn't haven't hasn't hadn't let's into onto summarize summarise summary
    explain describe description briefing brief memo outline quick quickly short basically could kinds types
    type sorts behind regarding concerning new here wat wut wht abt sistercity called named mean sure r w
    stuff eli5 tldr tl dr fyi btw imo imho afaik iirc tbh literally officially happen happened happening
    related q1 q2 q3 q4 q5 q6 dazu hinzu kamen""".split()
)

# The snowball stemmer keeps state while it stems, so one instance shared by threads gives wrong stems (and
# IndexErrors): each thread stems with its own.
_local = threading.local()
STEM_CACHE_SIZE = 65_536  # words; the cache is bounded so that a stream of new words cannot grow it without end
# Irregular forms the stemmer cannot see through ("led" is "lead", "began" is "begin").
IRREGULAR = {
    "led": "lead", "began": "begin", "begun": "begin", "grew": "grow", "grown": "grow", "came": "come",
    "went": "go", "gone": "go", "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "won": "win", "brought": "bring", "built": "build", "held": "hold", "met": "meet", "sent": "send",
    "paid": "pay", "spent": "spend", "thought": "think", "sought": "seek", "chose": "choose", "chosen": "choose",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "knew": "know", "known": "know",
    "became": "become", "drew": "draw", "drawn": "draw", "bought": "buy", "told": "tell", "found": "find",
    "stood": "stand", "ran": "run", "saw": "see", "seen": "see", "felt": "feel", "left": "leave",
}  # fmt: skip


def _stemmer() -> snowballstemmer.stemmer:
    found = getattr(_local, "stemmer", None)
    if found is None:
        found = _local.stemmer = snowballstemmer.stemmer("english")
    return found


# Each word of a question folded once (bounded, as the stems are): most questions reuse the same few hundred words.
_fold_word = lru_cache(maxsize=STEM_CACHE_SIZE)(fold)


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str) -> str:
    """The English stem of a folded word ('funded' -> 'fund', 'led' -> 'lead'); safe to call from any thread."""
    return str(_stemmer().stemWord(IRREGULAR.get(word, word)))


@dataclass(frozen=True)
class Question:
    """What the user asked, cleaned of Slack markup and split into aligned surface and folded words."""

    raw: str
    clean: str
    surface: tuple[str, ...]
    words: tuple[str, ...]
    clauses: tuple[int, ...] = ()  # for each word, the number of its clause (parts split by punctuation or emoji)

    @property
    def clause_numbers(self) -> tuple[int, ...]:
        """Each word's clause number (`clauses`), or one clause for all when the question was built without them."""
        return self.clauses or (0,) * len(self.words)

    @lazy
    def folded(self) -> str:
        """The whole question folded, words joined by single spaces."""
        return " ".join(self.words)

    def without(self, skip: frozenset[int] | set[int]) -> Question:
        """The question without the words at these positions (chatter, place names)."""
        kept = [i for i in range(len(self.words)) if i not in skip]
        return Question(
            self.raw,
            self.clean,
            tuple(self.surface[i] for i in kept),
            tuple(self.words[i] for i in kept),
            tuple(self.clauses[i] for i in kept) if self.clauses else (),
        )

    def content_words(self, skip: frozenset[int] = frozenset()) -> list[str]:
        """Words that are not stopwords, leaving out the positions in `skip`."""
        return [w for i, w in enumerate(self.words) if i not in skip and w not in STOPWORDS]


# What ends a clause: sentence and clause punctuation, a dash between spaces (an en dash between two words joins
# them, as in a committee's name written "Boston\u2013Padua"), an em dash, an emoji between words.
_CLAUSE_END = lazy_pattern(  # never inside "10,000" or "3.5"; an emoji between words ends a clause too
    r"[.!?;:,)]\s|\s\(|[\u2014|]|\s\u2013|\u2013\s|\s-+\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)


# A year written short ("the one from '85", "'59 through '82"): the century is the tie's (1930-2029).
_SHORT_YEAR = lazy_pattern(r"(?<![\w'\u2019])['\u2019](\d\d)\b")
# ...and without the apostrophe after a word of time ("when the wall came down in 89", "by 05"), unless a measure
# or a count follows ("in 10 minutes", "by 20 km", "in 12 cities").
_BARE_SHORT_YEAR = lazy_pattern(
    r"\b(?P<word>in|by|since|before|after|until|around|circa|from) (\d\d)\b(?![.,]\d)"
    r"(?! ?(?:%|percent|km|kms|miles|mi|min|mins|minutes|hours|hrs|days|weeks|months|years|yrs|people|students|cities"
    r"|countries|sister|more|of|or|to|-))",
    re.IGNORECASE,
)


# A decade written short in another language ("los años 80", "les années 80", "gli anni 80", "die 80er"): the 1900s'.
_FOREIGN_DECADE = lazy_pattern(
    r"\b(?:(?:los|las|les|gli|nos|os) )?(?:anos|annees|anni|decada de|decennio) ([2-9]0)\b|\b([2-9]0)er\b", re.I
)


def _full_year(match: re.Match[str]) -> str:
    short = int(match.group(match.lastindex or 1))
    return str(1900 + short if short >= 30 else 2000 + short)


# Chinese and Japanese run words together, so a question in them is one "word": the program's own terms in them are
# read in English first ("1980年代にボストンが提携した姉妹都市は?": "1980s", "Boston", "sister cities").
_CJK = lazy_pattern("[\u3040-\u30ff\u3400-\u9fff]")  # kana and CJK ideographs
_CJK_TERMS = tuple(
    (lazy_pattern(pattern), english)
    for pattern, english in (
        (r"(\d{4})\s*年代", r" \1s "),
        (r"(\d{4})\s*年\s*(?:の時点で|時点で|の時点では|当時)", r" as of \1 "),
        (r"(\d{4})\s*年", r" \1 "),
        ("(?:姉妹都市|姐妹城市|姊妹城市)(?:提携)?(?:协议|協議|协定|協定)", " sister city agreement "),
        ("姉妹都市|姐妹城市|姊妹城市|姐妹市|姊妹市", " sister cities "),
        ("友好都市|友好城市", " friendship cities "),
        # (after the ties' own names; never the Japanese 都市, which 京都市, Kyoto City, holds)
        ("城市", " city "),
        ("(?<=[\u3400-\u9fff])的", "'s "),  # "杭州的": Hangzhou's
        ("结为|結為|缔结|締結|提携した|结成|結成|になった|になりました", " became "),
        ("(?:ボストン|波士顿|波士頓)(?:の|的)?(?:市長|市长)", " Boston mayor "),
        ("ボストン|波士顿|波士頓", " Boston "),
        ("什么时候|什麼時候|何时|いつ", " when "),
        ("哪一年|哪年|何年|什么年|什麼年", " what year "),
        ("いくつ|多少|几个|幾個", " how many "),
        ("どこ|哪里|哪裡", " where "),
        ("哪些|哪个|哪個|どの", " which "),
        ("誰|谁|誰が|だれ", " who "),
        ("市長|市长", " mayor "),
        ("协议|協議|协定|協定", " agreement "),
        ("受け入れた|受け入れ|接受了|接受", " accepted "),
        ("署名した|署名|签署|簽署|签了|簽了", " signed "),
        ("提案した|提案|提议|提議", " proposed "),
        ("其他|ほかの|他の", " other "),
        ("天気|天气|天氣", " weather "),
        ("明日|明天", " tomorrow "),
        ("今日|今天", " today "),
        ("ありましたか|ありますか|でしたか|ですか|吗|嗎|呢", " "),  # "were there?", "is it?": the question's ending
    )
)


def _cjk_in_english(text: str) -> str:
    """The text with the program's terms in Chinese or Japanese written in English (other text as it was)."""
    if text.isascii() or max(text) < "\u3040" or not _CJK.search(text):
        return text  # (most questions: the class is compiled only for one with a character this high, an emoji)
    for pattern, english in _CJK_TERMS:
        text = pattern.sub(english, text)
    return text


# Greetings drawn out: "heyyy", "hiii", "hellooo" are "hey", "hi", "hello".
_GREETING_DRAWN_OUT = {
    **{"he" + "y" * n: "hey" for n in range(2, 7)},
    **{"h" + "i" * n: "hi" for n in range(2, 7)},
    **{"hell" + "o" * n: "hello" for n in range(2, 7)},
    **{"y" + "o" * n: "yo" for n in range(2, 7)},
}
# Auxiliary verbs: after "when" they make it ask ("when did Kyoto join?"), before "it" a question's subject points
# back ("where did it come from?").
AUXILIARIES = frozenset("did does do is was are were has have had can could will would".split())
# Words whose "'s" is "is", not a possessive: "what's", "who's", "where's".
_IS_CONTRACTED = frozenset("what who where how when".split())


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(surface, folded, clause number) for every word of the text."""
    text = _SHORT_YEAR.sub(_full_year, strip_accents(unicodedata.normalize("NFKC", _cjk_in_english(text))))
    text = _BARE_SHORT_YEAR.sub(lambda m: f"{m.group('word')} {_full_year(m)}", text)
    text = _FOREIGN_DECADE.sub(lambda m: f"the 19{m.group(1) or m.group(2)}s", text)
    found: list[tuple[str, str, int]] = []
    clause, last = 0, 0
    for match in _SURFACE_WORD.finditer(text):
        clause += bool(_CLAUSE_END.search(text[last : match.start()]))
        last = match.end()
        found += [
            (match.group(), _GREETING_DRAWN_OUT.get(part, part), clause) for part in _fold_word(match.group()).split()
        ]
        if found and found[-1][1] in _IS_CONTRACTED and match.group().casefold().endswith(("'s", "\u2019s")):
            found.append((match.group(), "is", clause))  # "what's twinning?" asks what twinning is
    return found


def parse_question(raw: str) -> Question:
    """Strip Slack markup and split the question (its first MAX_QUESTION_CHARS characters) into words."""
    clean = strip_slack_markup(raw)[:MAX_QUESTION_CHARS]
    words = _tokens(clean)
    # The same words with emoji codes kept as clause ends (a code is at least as long as its mark).
    with_emoji = strip_slack_markup(raw, emoji=" | ")[: 3 * MAX_QUESTION_CHARS]
    marked = words if with_emoji == clean else _tokens(with_emoji)
    return Question(
        raw=raw,
        clean=clean,
        surface=tuple(w[0] for w in words),
        words=tuple(w[1] for w in words),
        clauses=tuple(m[2] for m in marked[: len(words)]),
    )
