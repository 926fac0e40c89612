"""What the bot cannot answer, read from a question: tasks it cannot do, kinds of fact its knowledge does not hold,
and other places' own partner cities. Each is said plainly, never answered with a card or a list as if it were."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import takewhile

from bot.engine.gazetteer import US_STATE_CODES
from bot.engine.intents import PLURAL_CITY, SISTER_TERMS, Intents
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import Mention, Places
from bot.engine.query import MissingAsk
from bot.engine.question import IRREGULAR, STOPWORDS, Question
from bot.knowledge.normalize import fold

LANGUAGES = "the languages spoken there"
# A choice between languages: "in Italian or English", "English or Portuguese".
_LANGUAGE_NAMES = "english|italian|french|spanish|portuguese|chinese|mandarin|japanese|german|irish|catalan|creole"
_WHICH_LANGUAGE = lazy_pattern(rf" (?:{_LANGUAGE_NAMES}) or (?:{_LANGUAGE_NAMES}) ")
# Words that ask for a name, so that a language beside them asks for a native name ("what's Taipei called in Chinese").
_NAMING = frozenset("name names named called spelled spelt spell written".split())

# Tasks a knowledge bot cannot do, by the words that ask for them.
TASK_WORDS: dict[str, frozenset[str]] = {
    "check the weather": frozenset(
        "weather forecast rain raining rainy snow snowing snowy temperature temperatures sunny humid humidity typhoon"
        " typhoons hurricane hurricanes tornado heatwave".split()
    ),
    "book travel": frozenset("flight flights airfare airline airlines hostel airbnb accommodation airport".split()),
    "order a ride": frozenset("taxi taxis uber lyft cab cabs".split()),
    "translate": frozenset("translate translation translated translating".split()),
    "look up scores or results": frozenset("score scores scoreboard".split()),
    "give directions": frozenset("directions route".split()),
    "convert currencies": frozenset("currency currencies".split()),
    "tell jokes": frozenset("joke jokes riddle riddles pun puns".split()),
}
TASK_PHRASES: dict[str, tuple[str, ...]] = {
    "tell the local time": ("what time is it", "local time", "time zone", "timezone", "time difference"),
    "translate": ("how do you say", "how do i say"),
    "look up scores or results": (
        "who won",
        "win last",
        "won last",
        "win tonight",
        "game tonight",
        "final score",
        "do last night",
        "did last night",
        "do yesterday",
        "play last night",
        "game last night",
        "last nights game",
    ),
    "convert currencies": ("exchange rate",),
    "set reminders or calendar entries": (
        "set a reminder",
        "set reminder",
        "remind me to",
        "remind us to",
        "remind me on",
        "remind us on",
        "remind me at",
        "remind me in",
        "remind me tomorrow",
        "remind me next",
        "remind me later",
        "remind me before",
        "add to my calendar",
        "add it to my calendar",
        "put it in my calendar",
        "add to the calendar",
        "calendar invite",
        "set an alarm",
        "set up a call",
        "set up a zoom",
        "set up a meeting",
        "set up a video call",
        "set up a teams",
        "schedule a call",
        "schedule a meeting",
        "schedule a zoom",
        "book a call",
        "book a meeting",
        "arrange a call",
        "arrange a meeting",
        "send an invite",
    ),
    "make bookings or reservations": (
        "book me",
        "sign me up",
        "sign us up",
        "register me",
        "enroll me",
        "enrol me",
        "book a",
        "reserve a",
        "buy tickets",
        "buy a ticket",
        "hotel in",
        "hotels in",
        "find a hotel",
        "hotel recommendations",
        "a hotel near",
    ),
    "give directions": ("how do i get to", "how do i get from", "how to get to", "way to get to"),
    "book travel": (
        "train tickets",
        "train ticket",
        "plane tickets",
        "plane ticket",
        "bus tickets",
        "tickets from",
        "tickets to",
        "ticket from",
        "ticket to",
        "a train to",
        "a train from",
        "trains from",
        "trains to",
    ),
}
# Tasks asked for outright, which no fact answers however well it matches ("sign me up for the Belfast delegation").
# (no fact of ours says who won anything: "who won the Friendship Four in 2015?" asks for a result)
ALWAYS_TASKS = frozenset(
    {"make bookings or reservations", "set reminders or calendar entries", "look up scores or results"}
)
# A count of something no entry counts ("how many delegations came last year?").
UNCOUNTED = "figures like that"
# Kinds of fact the knowledge base does not hold, by the words that ask for them.
BUDGET = "budget or cost figures"
# "paid out of the city budget", "from the city's budget": a budget as the source of money, not a figure asked for.
# "which city will be Boston's next sister city?", "is Boston going to add another twin?": the future
_FUTURE_TIE = lazy_pattern(
    r"\b(?:will|going to|gonna|plan(?:s|ning)? to)\b(?: \w+){0,4} (?:next|new|future|another|more)"
    r"(?: \w+){0,2} (?:sister|twin|partner)"
)
_SOURCE_BUDGET = lazy_pattern(
    r"\b(?:out of|from|in|by|through|part of|on|under)(?: the| a)?(?: (?:city|citys|bostons|boston|municipal|town"
    r"|public|general|mayors|operating))? budgets?\b(?! (?:for|of|in|is|was|this|last|next|\d))"
    # "does the city budget pay for the exchanges?"
    r"|\b(?:city|citys|bostons|boston|municipal|town|public) budgets? (?:pay|pays|paid|fund|funds|cover|covers)\b"
)
MISSING_WORDS: dict[str, frozenset[str]] = {
    "phone numbers": frozenset("phone telephone fax cell cellphone mobile whatsapp".split()),
    "e-mail addresses": frozenset("email emails mail".split()),
    "postal addresses": frozenset("address addresses postcode zip".split()),
    "speakers or agendas of events": frozenset("keynote speaker speakers agenda agendas".split()),
    "social media accounts": frozenset(
        "instagram insta twitter tiktok facebook linkedin youtube socials snapchat bluesky mastodon".split()
    ),
    BUDGET: frozenset(
        """budget budgets budgeted budgeting spend spending spent cost costs price prices fee fees salary stipend
        stipends dues dollar admission admissions
        dollars amount allocated allocation appropriation appropriations fy""".split()
    ),
    "who holds an office today": frozenset("chair chairs chairman chairwoman chairperson treasurer".split()),
    "schedules": frozenset(
        """schedule schedules scheduled calendar timetable upcoming hours monthly weekly meet meets deadline
        deadlines mondays tuesdays wednesdays thursdays fridays saturdays sundays""".split()
    ),
    "facilities such as parking": frozenset("parking garage garages restroom restrooms wifi floor".split()),
    "travel requirements": frozenset("visa visas passport passports vaccination vaccinations vaccine".split()),
    LANGUAGES: frozenset("speak speaks spoken speaking language languages dialect dialects".split()),
    "geographic figures": frozenset("elevation altitude climate".split()),
    "attendance or participation figures": frozenset("attendance turnout attendees".split()),
    "population figures": frozenset(
        "population populations inhabitants populous".split()
    ),  # "area" only as a measure (below)
}
MISSING_PHRASES: dict[str, tuple[str, ...]] = {
    BUDGET: (
        "how much money",
        "how much does it cost",
        "how much funding",
        "how much is membership",
        "how much is it to",
        "how much does membership",
        "how much to join",
        "how much does it take to join",
    ),
    "who holds an office today": ("current mayor", "mayor now", "mayor today", "who is the mayor", "whos the mayor"),
    "schedules": (
        "what time does",
        "what time do",
        "what time is",
        "opening time",
        "next meeting",
        "next event",
        "when is the next",
        "opening hours",
        "start time",
        "being held",  # "when is Boston-Hangzhou Day being held?": an event to come
        "will be held",
        "to be held",
    ),
    "facilities such as parking": (
        "where can i park",
        "where to park",
        "where can we park",
        "where do i park",
        "can staff park",
        "where can staff park",
        "park my car",
        "park near",
        "what room",
        "which room",
        "room number",
    ),
    "geographic figures": ("area of", "land area", "surface area", "total area", "square miles", "square km"),
    "plans for future ties": (
        "future sister city",
        "future sister cities",
        "will be the next",
        "will be boston next",
        "will be our next",
        "will be bostons next",
        "who will be next",
        "planned sister city",
        "upcoming sister",
        "potential sister",
        "considering adding",
        "going to add",
        "plan to add",
        "plans to add",
        "next one will be",
    ),
    # (a hotel asked for, not one named: "signed at the Seaport Hotel" is a venue the sources give)
    "hotels or lodging": (
        "which hotel",
        "what hotel",
        "stay at",
        "stayed at",
        "where did they stay",
        "where did the delegation stay",
        "where to stay",
        "accommodation",
        "accommodations",
        "lodging",
    ),
    "membership figures": ("how many members", "number of members", "membership numbers", "how many volunteers"),
    "population figures": ("population of", "how many people live", "population in", "populations of"),
    "names of City staff or contacts": (
        "contact person",
        "point of contact",
        "current contact",
        "main contact",
        "staff contact",
        "need a name",
        "name please",
        "name of the person",
        "name of the contact",
        "who is the contact",
        "whos the contact",
    ),
    "attendance or participation figures": (
        "how many people",
        "how many students",
        "how many visitors",
        "how many attended",
        "how many went",
        "how many came",
        "how many participants",
    ),
}
_POSSESSIVE = ("'s", "\u2019s", "s'", "s\u2019")
_PLURAL_TIES = frozenset("cities citys towns twins partners sisters list".split())
# "is Praia twinned with anywhere else?", "Praia's sister cities other than us": the city's other partners.
_ELSEWHERE = (
    "anywhere else", "elsewhere", "other than us", "besides us", "other than boston", "besides boston",
    "apart from us", "apart from boston", "except us", "except boston", "any others", "other partners",
)  # fmt: skip
# "does Cambridge MA have sister cities": a place the gazetteer does not know, named before "have".
_DOES_HAVE = lazy_pattern(
    r"\bdoes (?P<place>[a-z][a-z ]{1,40}?) (?:still |also |really |actually |even |ever |already )?(?:have|has|got)\b"
    r"(?! to do with)"
    r"[a-z ]{0,30}?\b(?:sister|twin)\b"
    r"|\b(?:sister|twin|partner) (?:cities|citys|towns) (?:does|do) (?P<owner>[a-z][a-z ]{1,40}?) (?:have|has)\b"
)
# "what are cambridge's sister cities", "seattle's sister city in china": a possessive before the relationship.
_POSSESSED = lazy_pattern(
    r"\b([A-Za-z][\w.-]*)(?:'s|\u2019s) (?:other |own |full |complete |whole )?(?:list of |lineup of )?"
    r"(?:sister|twin) (?:city|cities|citys|towns|town)\b"
)
# The nouns of a city's ties, as in "San Francisco sister city" (not the verbs: "Kobe twinned with Boston?").
_TIE_NOUNS = frozenset("sister sisters twin twins partner partners".split())
# "who else", "anywhere else" ask for other partners; "something else" does not.
_ELSE_ASKS = frozenset("who whom where anywhere anyone anybody what which".split())
_SET_ASIDE = ("besides", "except", "excluding", "apart from", "other than", "aside from", "not counting")
_NOT_TIES_AFTER = frozenset("association associations group groups committee program programme office".split())
_NOT_A_PLACE = frozenset("it this that the program programme city office we us our you boston he she they".split())


Padded = tuple[tuple[str, tuple[str, ...]], ...]


def _padded(table: dict[str, tuple[str, ...]]) -> Padded:
    """A table of phrases, each with a space on either side: found as whole words in a text padded the same way."""
    return tuple((what, tuple(f" {p} " for p in phrases)) for what, phrases in table.items())


def _phrase(text: str, table: Padded) -> str | None:
    return next((what for what, phrases in table if any(p in text for p in phrases)), None)


def _word(words: set[str], table: dict[str, frozenset[str]]) -> str | None:
    return next((what for what, found in table.items() if words & found), None)


def _phrase_cues(text: str, table: Padded) -> MissingAsk | None:
    for what, phrases in table:
        found = [p for p in phrases if p in text]
        if found:
            return MissingAsk(what, frozenset(w for p in found for w in p.split() if w not in STOPWORDS))
    return None


def _word_cues(words: set[str], table: dict[str, frozenset[str]]) -> MissingAsk | None:
    return next((MissingAsk(what, frozenset(words & cues)) for what, cues in table.items() if words & cues), None)


_TASK_PHRASES = _padded(TASK_PHRASES)
_MISSING_PHRASES = _padded(MISSING_PHRASES)


# Things people ask a bot to *do* (not to tell): "can you send flowers to...", "pls write a thank-you note".
ACTION_VERBS = frozenset(
    """send write draft compose call ping book reserve buy purchase pay arrange organize organise invite deliver
    ship forward cancel post announce notify play sing stream rsvp dm pm""".split()
)
# Imperatives that make or get something, which ask to act unless what is made is something the bot tells: "create a
# Slack channel", "order flowers" (but "make me a list of the sister cities", "order them by year").
MAKING_VERBS = frozenset("create make order design print build".split())
_TOLD_THINGS = frozenset(
    """list lists summary summaries overview table timeline rundown ranking chart sister twin cities city them they by
    sense""".split()
)
# After "can you" / "please", these ask to act too ("could you email the association"); first in a question they
# are as often nouns ("email address of...", "schedule of events").
REQUESTED_VERBS = ACTION_VERBS | frozenset("email e-mail mail phone text message schedule order post submit".split())
# How a request to act is put: "can you send", "please write", "i need you to book".
_REQUEST_FRAMES = ("can you", "could you", "would you", "will you", "can u", "could u", "please", "pls", "plz",
                   "i need you to", "i want you to", "help me", "go ahead and")  # fmt: skip


def _asks_to_act(q: Question) -> str | None:
    """The action a request asks for ("send"), when the question asks the bot to do something."""
    words = q.words
    dated = words[1:2] and any(ch.isdigit() for ch in words[1])  # "post 90s sister cities": after, not a verb
    if words and words[0] in ACTION_VERBS and not dated:
        return words[0]  # an imperative: "send the Kyoto association a card"
    if words and words[0] in MAKING_VERBS and not set(words[1:6]) & _TOLD_THINGS:
        return words[0]  # "create a slack channel for...", "order flowers for..." (not "make me a list of...")
    text = f" {q.folded} "
    for frame in _REQUEST_FRAMES:
        at = text.find(f" {frame} ")
        if at < 0:
            continue
        rest = text[at + len(frame) + 2 :].split()
        verb = next((w for w in rest[:2] if w not in {"me", "us", "just", "quickly", "kindly", "also"}), None)
        if verb in REQUESTED_VERBS:
            return verb
        if verb in MAKING_VERBS and not set(rest[1:7]) & _TOLD_THINGS:
            return verb  # "please create a slack channel for the Taipei visit" (not "please make a list of...")
    return None


# "sign me up", "sign my kid up for the exchange": enrolling someone, which only a person can do.
_SIGN_UP = lazy_pattern(r"\bsign (?:me|us|him|her|them|my \w+|our \w+) up\b")


def read_task(q: Question) -> str | None:
    """The task the question asks the bot to do that it cannot ("check the weather"), if any."""
    text = f" {q.folded} "
    if _SIGN_UP.search(text):
        return "make bookings or reservations"
    if found := _phrase(text, _TASK_PHRASES) or _word(set(q.words), TASK_WORDS):
        return found
    verb = _asks_to_act(q)
    return _VERB_TASKS.get(verb, f"{verb} things for you") if verb else None


# Requests whose verb is no plain English verb of things: "DM everyone in the Kyoto association..."
_VERB_TASKS = {"dm": "send messages for you", "pm": "send messages for you"}


# "who is the current lord mayor of Belfast": an office held today, which no source can keep up to date.
_OFFICES = frozenset(
    "mayor president director head heads chief leader leads chair chairs ambassador consul governor runs ceo ceos"
    " executive".split()
)
_NOW = frozenset("current currently now today present incumbent nowadays".split())
# A judgement of taste, which no source makes: "in your opinion...", "which sister city has the best food?".
_OPINION = lazy_pattern(
    r"\bin (?:your|ur) (?:opinion|view)\b|\byour (?:personal )?(?:fav\w*|pick|top pick)\b|\bwould you (?:pick|choose)\b"
    r"|\b(?:which|what) \b.*\b(?:best|worst|nicest|prettiest|coolest|tastiest|yummiest|friendliest|ugliest|boringest"
    r"|most (?:fun|beautiful|underrated|overrated|interesting|exciting|charming|romantic|boring))\b"
)
# "Best" for a practical question: "the best way to get involved", "the best person to contact".
_PRACTICAL_BEST = lazy_pattern(
    r"\bbest (?:way|ways|person|people|contact|place to (?:find|learn|ask|contact|start)"
    r"|time to (?:join|apply|contact))\b|\bbest known\b"
)
# The name of someone who holds a post: "what's the name of the city's deputy director of global affairs?"
_NAME_OF_OFFICER = lazy_pattern(
    r"\bname of (?:the |our |bostons |boston s |the city s |the citys )?(?:[\w-]+ ){0,6}(?:director|head|chief"
    r"|manager|coordinator|officer|liaison|staffer|secretary|commissioner|point person|contact person)\b"
)
# An officer of an association: "the first president of the Melbourne Boston Sister Cities Association", "the
# BSSCA's chair", "who leads the Kyoto association?"
_ASSOCIATION_OFFICE = lazy_pattern(
    r"\b(?:president|presidents|chair|chairs|chairman|chairwoman|chairperson|director|directors|treasurer|secretary"
    r"|head|leader|board members?) of (?:the |our |its |boston'?s )?(?:[\w-]+ ){0,6}(?:association|associations"
    r"|bssca|mbsca)\b"
    r"|\bboard (?:of directors|members?)\b|\bwho(?: s| is|s)? on the board\b"
    r"|\b(?:president|presidents|chair|chairs|chairman|chairwoman|chairperson|director|directors|head|leader) of "
    r"(?:the |our )?(?:[\w-]+ ){0,6}(?:group|groups|committee|society|club)\b"
    r"|\b(?:association|associations|bssca|mbsca)(?:'s|s)? (?:president|chair|chairman|chairwoman|chairperson"
    r"|director|treasurer|secretary|head|leader|board)\b"
    r"|\bwho (?:leads|heads|chairs|led|headed|chaired) (?:the |our )?(?:[\w-]+ ){0,6}(?:association|bssca|mbsca)\b"
)
# City staff asked for by role: "the staff person", "our point person", "the contact for".
_STAFF = lazy_pattern(
    r" (?:who|whos|who s|who is)(?: \w+){0,3} (?:staff (?:person|member|contact|lead)|staffer|point person"
    r"|contact person|point of contact|liaison|coordinator|desk officer)\b| who staffs "
    r"| (?:who|whos|who s|who is) (?:the|our|their|a) (?:\w+ ){0,2}contact\b"  # "who is the Boston-side contact"
)
# Where an association's own office is: "where is the office of the Boston Sekondi-Takoradi association located?"
_ASSOCIATION_ADDRESS = lazy_pattern(
    r"\bwhere\b(?=.*\b(?:office|offices|headquarters|hq)\b)(?=.*\b(?:association|society|committee|group)s?\b)"
    r"|\bwhere(?:s| is| are| s)? (?:\w+ ){0,8}(?:association|society|committee|group)s? (?:\w+ )?(?:based|located"
    r"|headquartered|housed)\b"
)
_NOW_PHRASES = (" these days ", " right now ", " at the moment ", " at present ")
# An office's next holder, which no source can know: "who's going to be the next lord mayor of Belfast?"
_NEXT_PHRASES = (" the next mayor ", " the next lord ", " next lord mayor ", " the next chair ", " will be mayor ")


# What a count can be of and the knowledge can compute: the ties, where they are, and how long or far.
_COUNTABLE = (
    SISTER_TERMS
    | PLURAL_CITY
    | frozenset(
        """city friendship friendships country countries nation nations continent continents year years decade decades
        km kms kilometres kilometers kilometre kilometer miles mile hours times associations ones more total yrs
        yr""".split()
    )
)
# Words between "how many" and what is counted ("how many *of Boston's* students").
_COUNT_FILLER = frozenset("of the our boston bostons us different official active current other in".split())
# Things that happen, whose next date no source can know ("the next delegation visit").
_EVENTS = frozenset(
    """visit visits delegation delegations event events meeting meetings mtg mtgs trip trips festival festivals
    conference conferences tournament tournaments concert concerts gala galas exchange exchanges reception celebration
    ceremony""".split()
)


# Occasions that recur, asked after in the present ("when is ... night"), as opposed to a tie's date ("when was").
_OCCASIONS = frozenset("night nights party dinner parade fair game games picnic banquet".split())
_WHEN_IS = lazy_pattern(r"\b(when)(?:'s|\u2019s|s| is| will| are| does| do)\b", re.IGNORECASE)


def _asked_when(q: Question) -> set[str]:
    """The words after a "when" in its own clause ("planning a Kyoto delegation visit: when's the signing
    anniversary?" asks when the anniversary is, not the visit)."""
    clauses = q.clause_numbers
    at = [i for i, w in enumerate(q.words) if w in {"when", "whens"}]
    return {w for i in at for j, w in enumerate(q.words) if j > i and clauses[j] == clauses[i]}


def counted_nouns(q: Question) -> frozenset[str]:
    """What "how many students went to Padua" counts (the words of its noun, "hugh rogers fellows"), when it is not
    something the knowledge counts; empty otherwise."""
    words = q.words
    for i in range(len(words) - 2):
        if (words[i], words[i + 1]) in {("how", "many"), ("number", "of")}:
            after = [w for w in words[i + 2 : i + 9] if w not in _COUNT_FILLER]
            if not after or not after[0].isalpha() or (after[0] in STOPWORDS and after[0] not in _COUNTABLE):
                return frozenset()
            # "how many people-to-people committees": the noun's words, up to its verb ("how many people came")
            phrase = list(takewhile(lambda w: not _verbish(w), after))
            # "how many delegations from sister cities": what follows its preposition does not make a noun ours
            head = list(takewhile(lambda w: w not in _NOUN_ENDS, phrase)) or phrase
            if _first_words(head) & _COUNTABLE and not _qualifies(words[i + 2 : i + 9]):
                return frozenset()  # "how many real sister cities": ours to count
            following = [w for w in phrase if w not in STOPWORDS and w not in _COUNTABLE][:3]
            return frozenset(w for w in following if w.isalpha())
    return frozenset()


def _first_words(head: list[str]) -> set[str]:
    """The first three words of a counted noun, and its first three that are not stopwords."""
    return set(head[:3] + [w for w in head if w not in STOPWORDS][:3])


# What people count that the knowledge does not, after words for the ties: "how many sister city *delegations*".
_COUNTED_ELSEWHERE = _EVENTS | frozenset(
    """students staff employees volunteers members people visitors delegates officials residents participants
    donors""".split()
)


def _qualifies(said: tuple[str, ...]) -> bool:
    """True when the words for the ties only say whose the counted things are ("how many sister city delegations
    visit?", "how many sister city students"), not that the ties are counted."""
    start = next((j for j, w in enumerate(said) if w in _COUNTABLE), None)
    if start is None:
        return False
    end = start
    while end + 1 < len(said) and said[end + 1] in _COUNTABLE:
        end += 1
    return said[end + 1 : end + 2] != () and said[end + 1] in _COUNTED_ELSEWHERE


# Prepositions that end the noun a "how many" counts: "how many delegations *from* sister cities".
_NOUN_ENDS = frozenset("from to with at for by between among across about".split())
# Verbs that end the noun a "how many" counts: "how many people *came*", "how many students *are* there".
_VERBS = frozenset(
    """are were is was do did does have has had will would can could come go join take live work attend visit
    participate""".split()
)


def _verbish(word: str) -> bool:
    """True for a word that is surely a verb: an auxiliary, a common verb, or an irregular or -ed past tense."""
    return word in _VERBS or word in IRREGULAR or (len(word) > 4 and word.endswith("ed"))


def _budget_as_source(q: Question, found: MissingAsk) -> bool:
    """True for "is it paid for out of the city budget?": the budget named as where money comes from asks how the
    program is funded, not for a figure."""
    if found.what != BUDGET or not found.cues <= {"budget", "budgets"}:
        return False
    return bool(_SOURCE_BUDGET.search(q.folded) or _HOW_FUNDED.search(q.folded))


# How something is paid for, which the funding topic answers: "how does it get paid for?", "who funds it?", "is it
# a city line item?"
_HOW_FUNDED = lazy_pattern(
    r"\bhow (?:is|are|does|do) (?:it|they|this|the \w+(?: \w+){0,2}) (?:get |gets )?(?:paid for|funded|financed)\b"
    r"|\bwho (?:pays|funds|finances)\b|\bline items?\b"
    # "does city hall fund the associations?" (the budget meeting it is asked for is context)
    r"|\b(?:does|do|did|is|are) (?:the )?(?:city hall|city|boston|government|mayor|council)(?: s)?"
    r" (?:fund|funds|funding|pay for|pays for|paying for|finance|finances|financing)\b"
)


# Money an event or a group raised, or the City gives: "how much did the gala raise?", "funds raised at the dinner",
# "how much does the city give the program each year?"
_MONEY_RAISED = lazy_pattern(
    r"\bhow much\b.*\b(?:raise|raised|raises|raising|bring in|brought in|net|netted)\b"
    r"|\b(?:funds|money|dollars) raised\b|\bfundrais\w*"
    r"|\bhow much (?:does|do|did|will) (?:the )?(?:city|boston|government|mayor|council|state)\w* (?:give|gives|spend"
    r"|spends|pay|pays|contribute|contributes|allocate|allocates|put|puts|budget|chip in)\b"
    r"|\bhow much (?:are|were|is|was|do|did|does) (?:the )?tickets?\b|\btickets? prices?\b"
)


def read_missing(q: Question) -> MissingAsk | None:
    """The kind of fact asked for that the knowledge base does not hold ("phone numbers"), if any."""
    text = f" {q.folded} "
    words = set(q.words)
    if _STAFF.search(text):  # "who's the staff person for the Padua relationship?": a name no source gives
        return MissingAsk("who holds an office today", frozenset({"staff"}))
    if _ASSOCIATION_ADDRESS.search(text):  # no source gives an association's address
        return MissingAsk("postal addresses", frozenset({"address"}))
    if words & _OFFICES and (words & _NOW or any(p in text for p in _NOW_PHRASES + _NEXT_PHRASES)):
        return MissingAsk("who holds an office today", frozenset(words & _NOW) or frozenset({"now"}))
    if _OPINION.search(text) and not _PRACTICAL_BEST.search(text):  # "which sister city has the best food?"
        return MissingAsk("opinions or rankings by taste", frozenset({"opinion"}))
    if _NAME_OF_OFFICER.search(text):  # "the name of the city's deputy director of global affairs": no source has it
        return MissingAsk("who holds an office today", frozenset({"name"}))
    if _ASSOCIATION_OFFICE.search(text):  # "who was the first president of the MBSCA?": no source names them
        return MissingAsk("the names of association officers", frozenset({"association"}))
    if _FUTURE_TIE.search(text):  # "which city will become Boston's next sister city?"
        return MissingAsk("plans for future ties", frozenset({"next"}))
    found = _phrase_cues(text, _MISSING_PHRASES) or _word_cues(words, MISSING_WORDS)
    if not found and _MONEY_RAISED.search(text):  # "how much did the 2024 gala raise?"
        found = MissingAsk(BUDGET, frozenset({"raise"}))
    if not found and _WHICH_LANGUAGE.search(text):  # "do the Padua exchanges run in Italian or English?"
        found = MissingAsk(LANGUAGES, frozenset({"english"}))
    if found and found.what == LANGUAGES and words & _NAMING:
        found = None  # "the Irish-language name for Belfast": its native name, which the card gives
    if found and not _budget_as_source(q, found):
        return found
    # "the next delegation visit", "the next Boston-Kyoto event": an event within a few words of "next"
    events = [w for i, a in enumerate(q.words) if a == "next" for w in q.words[i + 1 : i + 5] if w in _EVENTS]
    if events:
        return MissingAsk("schedules", frozenset({"next", *events}))
    # "when is Japan Night at Fenway this year?", "when's the gala?": the date of an event to come
    if _WHEN_IS.search(q.clean) and (coming := _asked_when(q) & (_EVENTS | _OCCASIONS)):
        return MissingAsk("schedules", frozenset({"when", *coming}))
    if counted := counted_nouns(q):
        return MissingAsk(UNCOUNTED, counted, counted=True)
    return None


# Events in a time to come, which no source lists: "what sister city events are happening next month?"
_EVENTS_TO_COME = lazy_pattern(
    r"\b(?:events?|festivals?|gatherings?|activities|meetups?|celebrations?)\b(?: \w+){0,4} (?:happening|coming up"
    r"|planned|scheduled|on) (?:next|this) (?:week|weekend|month|year)\b"
)


def events_to_come(q: Question) -> MissingAsk | None:
    """A schedule of events still to come ("what events are happening next month?"), read on the whole question
    (the time in it is a filler elsewhere: "I'm presenting next week")."""
    return MissingAsk("schedules", frozenset({"next"})) if _EVENTS_TO_COME.search(q.folded) else None


_TIES = r"(?:sister|twin|partner|friendship) (?:cities|towns|citys|city|town)"
_TIE_WORD = r"(?:sister|twin|partner|friendship)"


def asks_own_ties(q: Question, names: Iterable[str]) -> bool:
    """True when the question asks for the own partner cities of the place of these names ("the sister cities of
    Boston in Lincolnshire", "Beira's twin towns"), not for its tie with Boston."""
    return any(_asks_own_ties(q, name) for name in names)


def _asks_own_ties(q: Question, name: str) -> bool:
    place = re.escape(fold(name))
    text = q.folded
    return bool(
        re.search(rf"\b{_TIES} (?:of|for) (?:the )?{place}\b", text)
        or re.search(rf"\b{place}(?:'s|\u2019s) (?:own |other )?{_TIE_WORD}", q.clean.lower().replace("\u2019", "'"))
        or re.search(rf"\b{place}s? (?:own|other) {_TIE_WORD}", text)
        or (re.search(rf"\b{place}\b", text) and re.search(rf"\b(?:its|their) (?:own |other )?{_TIE_WORD}", text))
        or re.search(rf"\b(?:does|do|did) {place} (?:have|has)\b", text)
        or re.search(rf"\b(?:what|which) (?:other )?(?:cities|towns|places) (?:is|are|does|do) {place}\b", text)
        # ("is Boston, Lincolnshire twinned with us?" asks for its tie with Boston)
        or re.search(
            rf"\b{place} (?:is |are )?(?:twinned|paired|partnered|linked) with\b(?! (?:us|boston|ours)\b)", text
        )
    )


# "what other cities is it twinned with", "which other US cities is Taipei sister cities with"
_OTHER_WITH = lazy_pattern(
    r"\b(?:what|which) other (?:\w+ ){0,2}(?:cities|towns|places)\b(?!.*\b(?:share|shares|sharing|same)\b).* with\b"
)  # (not "what other sister cities share a continent with Belfast?": a relation, Boston's own ties)


# Words before "'s" that are a verb's contraction, never an owner: "what's sister cities international?"
_NOT_OWNERS = frozenset(
    """what that it who there here where how let he she when why which this everything city town citys page pages
    site website list program programme""".split()
)  # ("the city's sister cities" are Boston's)


# Verbs of being twinned, in English and in our cities' languages ("which cities is Barcelona hermanada with?").
TWINNED = frozenset(
    """twinned paired partnered hermanada hermanadas hermanado hermanados gemellata gemellate gemellato gemellati
    jumelee jumelees jumele jumeles geminada agermanada""".split()
)
# Boston set aside: "besides Boston, which cities is Barcelona twinned with?" asks for the others.
_BOSTON_ASIDE = lazy_pattern(r"\b(?:besides|except|excluding|other than|apart from|aside from|not counting) boston\b")
# "how many sister city ties does Japan have (overall)?": another place's count of its own ties.
_HOW_MANY_HAVE = lazy_pattern(
    r" how many (?:\w+ ){0,3}(?:sister|twin|partner)\w* (?:\w+ ){0,2}(?:does|do|did) (?P<place>[a-z][a-z ]{1,30}?) "
    r"(?:have|has|got)\b"
)


def _mention_at(q: Question, places: Places, offset: int) -> Mention | None:
    """The place mention that starts at this character offset of " " + the folded question, if any."""
    at = len(f" {q.folded}"[:offset].split())
    return next((m for m in places.mentions if m.start == at and m.end > m.start), None)


def _owner_name(mention: Mention) -> str:
    """The name of the place a mention names: ours by name, else the real place, else the words ("Japan", not the
    sister city Boston has there)."""
    if mention.city is not None and mention.how in ("name", "typo"):
        return mention.city.name
    if mention.place is not None:
        return mention.place.name
    surface = re.sub(r"['\u2019]s$", "", mention.surface)  # "japan's": Japan
    return " ".join(w[:1].upper() + w[1:] for w in surface.split()) if surface.islower() else surface


# "which US city has the most sister cities?": a ranking of other places' own ties.
_MOST_TIES = lazy_pattern(
    r"\b(?:which|what) (?:\w+ ){0,2}(?:city|cities|town|towns|place|places|country|countries|state|states) "
    r"(?:has|have|had) (?:the )?(?:most|fewest|more|biggest number of|largest number of) (?:\w+ )?"
    r"(?:sister|twin|partner)"
)


# Words for Boston's own side: "our", "we", "us" ("us" is also the country: "in the US").
_BOSTON_SIDE = frozenset("boston bostons we our ours us".split())
# How twinning works somewhere: "how does town twinning work in the UK?", "how are twin towns chosen in France?"
_HOW_TWINNING_WORKS = lazy_pattern(
    r"\bhow (?:does|do|is|are) (?:\w+ ){0,3}(?:twinning|twin towns|twin cities|sister cities|sister city programs?)"
    r" (?:\w+ ){0,2}(?:work|works|done|organi[sz]ed|chosen|picked|decided|happen|set up) in\b"
    # "what are the UK government rules for town twinning?"
    r"|\b(?:rules|regulations|guidelines|laws?|requirements|guidance) (?:for|on|about|of|governing) (?:town |city )?"
    r"(?:twinning|twin towns|sister cities)\b"
)
# Places of a country whose own twinning is asked about: "towns in the UK", "cities in Japan".
_LOCAL_PLACES = frozenset("towns cities councils municipalities communities places villages boroughs".split())
# Words for the sister city idea itself, whose start in the US the knowledge tells.
_ORIGIN_WORDS = frozenset("idea concept program programme movement start started begin began begun origin".split())
# A count over the whole country: "in the US", "across America", "nationwide".
_NATIONWIDE = lazy_pattern(
    r"\b(?:in|across|throughout|around) (?:the )?(?:whole |entire )?(?:us|u s a?|usa|united states|america|country"
    r"|nation)\b"
    r"|\bnationwide\b|\b(?:us|usa|american|america) (?:and )?[a-z]+ (?:sister|twin)"  # "US-Japan sister city pairs"
)


# Words before "with" that make a tie with the town after it: "did Belfast twin with Nashville?", "become sister
# cities with Paris".
_TIE_WITH = frozenset("twin twins sister sisters cities city partner partners partnered".split())


def read_other_program(q: Question, places: Places, intents: Intents) -> str | None:
    """The place whose own partner cities are asked about ("Philadelphia's sister cities", "does Chicago have
    sister cities?"), if any; Boston's own never count."""
    if not (set(q.words) & (SISTER_TERMS | TWINNED | {"twin", "friendship", "friendships"})):
        return None
    text = f" {q.folded} "
    words = set(q.words)
    if _MOST_TIES.search(text):
        return "other cities"  # no place's count of its own ties is in the knowledge, Boston's aside
    countries = [m for m in places.mentions if m.how == "country"]
    if not words & _BOSTON_SIDE:
        if _HOW_TWINNING_WORKS.search(text) and countries:
            return f"{countries[0].surface} towns"  # "how does town twinning work in the UK?"
        for country in places.mentions:  # "how do towns in the UK pick their twin towns?": that country's own towns
            ahead = [w for w in q.words[max(0, country.start - 4) : country.start] if w != "the"]
            local = len(ahead) >= 2 and ahead[-1] == "in" and ahead[-2] in _LOCAL_PLACES
            if country.how == "country" and local and not set(ahead[:-2]) & (SISTER_TERMS | TWINNED):
                return f"{country.surface} {ahead[-2]}"  # (not "sister cities in Japan?": Boston's)
    # "how many...", "the oldest pair in the US" (not "when did the idea first start in the US?": its origin)
    ranked = intents.count or ((intents.earliest or intents.latest) and not intents.when and not words & _ORIGIN_WORDS)
    if ranked and _NATIONWIDE.search(text) and not words & (_BOSTON_SIDE - {"us"}):  # (not "in the US")
        return "other American cities"  # "how many sister city pairs exist in the US overall?": not Boston's
    # "other US cities": the country, not us
    said = {w for i, w in enumerate(q.words) if i not in places.covered and q.surface[i] not in {"US", "U.S."}}
    boston_asked = bool(said & _BOSTON_SIDE) and not _BOSTON_ASIDE.search(text)
    # "besides Belfast, does Boston have one elsewhere in the UK?": our city set aside, Boston's ties asked for
    city_set_aside = any(
        " ".join(q.words[max(0, m.start - 2) : m.start]).endswith(_SET_ASIDE) for m in places.mentions if m.city
    )
    if len(places.ours) == 1 and any(f" {p} " in text for p in _ELSEWHERE) and not city_set_aside:
        return places.ours[0].name  # "is Praia twinned with anywhere else?"
    # "who else is Strasbourg twinned with", "Valladolid: what other cities is it twinned with" (but not "any other
    # sister cities in Africa like Sekondi-Takoradi", which asks for Boston's).
    asks_else = any(a in _ELSE_ASKS and b == "else" for a, b in zip(q.words, q.words[1:], strict=False))
    with_others = any(  # "is Taipei sister cities with any other US cities?"
        a == "with" and {"other", "others"} & set(q.words[i + 1 : i + 4]) for i, a in enumerate(q.words)
    )
    own_partners = asks_else or with_others
    own_partners |= bool(words & {"other", "others"} and words & TWINNED)
    own_partners |= bool(_OTHER_WITH.search(text))  # "what other American cities is Taipei sister cities with"
    if len(places.ours) == 1:  # "Kyoto has other sister cities too, right?"
        city_name = re.escape(fold(places.ours[0].name))
        own_partners |= bool(
            re.search(rf"\b{city_name} (?:has|have|got) (?:any |many |lots of )?(?:other|more) ", text)
            # "what other friendship cities does Hangzhou have?"
            or re.search(
                rf"\b(?:other|more) (?:\w+ )?(?:cities|towns|twins|partners) (?:does|do|did) {city_name} ", text
            )
        )
    if len(places.ours) == 1 and own_partners and not boston_asked and not words & {"besides", "except", "excluding"}:
        return places.ours[0].name
    if len(places.ours) == 1 and not boston_asked:
        # "is Kyoto twinned with Paris?": one of ours and another town, a tie of its own
        ours_at = min(m.start for m in places.mentions if m.city is places.ours[0])
        for town in places.foreign:
            leading = set(q.words[max(0, town.start - 3) : town.start])
            if (
                town.place
                and not town.place.is_country
                and ours_at < town.start
                and leading & (TWINNED | _TIE_WITH)  # "is Kyoto twinned with Paris?", "did Belfast twin with..."
                and "with" in leading
            ):
                return places.ours[0].name
    possessed = _POSSESSED.search(q.clean)
    if possessed and fold(possessed.group(1)) in _NOT_OWNERS:
        possessed = None  # "what's sister cities international's mission?": "what is", no owner
    if (
        possessed
        and fold(possessed.group(1)) in US_STATE_CODES
        and any(q.clean[: possessed.start(1)].rstrip(" ,").lower().endswith(fold(p.surface)) for p in places.foreign)
    ):
        possessed = None  # "Providence RI's sister cities": the city before the state (below); not "LA's"
    if (m := possessed) and fold(m.group(1)) not in {"boston", "bostons"}:
        owner = fold(m.group(1))
        another = any(p.place and not p.place.is_country for p in places.foreign)  # "is Nashville Belfast's..."
        # "Ghana's sister city... is it Sekondi or Takoradi?": the country of ours named, one tie: Boston's there
        ours_there = any(
            p.city is not None and p.how in ("name", "typo") and fold(p.city.country) == owner for p in places.mentions
        )
        plural = bool(words & _PLURAL_TIES)
        # "what is Hangzhou's sister city in Japan?": one of ours with a twin in another country, its own
        own_elsewhere = any(
            c.country_code != p.country_code
            for c in places.ours
            if fold(c.name) == owner
            for p in places.mentions
            if p.how in ("country", "demonym") and p.country_code
        )
        if not (ours_there and not plural) and (
            not any(fold(c.name) == owner for c in places.ours) or plural or another or own_elsewhere
        ):
            # the whole name the word ends ("New York's", not "York's")
            whole = next((p for p in places.mentions if p.end > p.start and q.words[p.end - 1] == owner), None)
            owner_said = m.group(1) if m.group(1).isupper() else m.group(1).title()  # "LA", not "La"
            return _owner_name(whole) if whole is not None else owner_said
    for mention in places.mentions:
        if mention.end <= mention.start:
            continue
        after = q.words[mention.end : mention.end + 3]
        before = q.words[max(0, mention.start - 3) : mention.start]
        possessive = q.surface[mention.end - 1].endswith(_POSSESSIVE)
        later = set(q.words[mention.end : mention.end + 5])
        asks_own = (
            (possessive and bool(set(after) & (SISTER_TERMS | {"other", "twin"})) and bool(later & _PLURAL_TIES))
            or (
                bool(set(before) & {"does", "do", "did"})
                and bool(set(after) & {"have", "has", "got"})
                and bool(later & _PLURAL_TIES)
            )
            or (before[-1:] == ("of",) and bool(set(before) & SISTER_TERMS))
        )
        if asks_own:
            return _owner_name(mention)
    if (m := _HOW_MANY_HAVE.search(text)) and (counted := _mention_at(q, places, m.start("place"))) is not None:
        return _owner_name(counted)  # "how many sister city ties does Japan have?": Japan's, not Boston's
    for mention in places.foreign:  # "is Springfield, Massachusetts twinned with a Japanese city?"
        next_words = set(q.words[mention.end : mention.end + 4])
        place = mention.place
        twinned_to = next_words & TWINNED
        if place is not None and not place.is_country and twinned_to and not boston_asked:
            return place.name
        # "San Francisco sister city in Japan?", "Providence RI sister cities": a city's name before the tie words.
        tail = [w for w in q.words[mention.end : mention.end + 2] if w not in US_STATE_CODES]
        if place is not None and not place.is_country and tail[:1] and tail[0] in _TIE_NOUNS:
            return place.name
    # "what cities is Barcelona twinned with?": which cities one of ours is twinned with (not whether with Boston).
    twinned = TWINNED & words
    if len(places.ours) == 1 and not boston_asked and twinned and words & {"what", "which"} and words & _PLURAL_TIES:
        return places.ours[0].name
    if m := _DOES_HAVE.search(q.folded):
        group = "place" if m.group("place") else "owner"
        named: str = re.sub(r" in [a-z ]+$", "", m.group(group))  # "Bristol in England"
        start = m.start(group)
        if named.startswith("the ") and named[4:] not in _NOT_A_PLACE:  # "does the UK have", not "the city"
            named, start = named[4:], start + 4
        if named.split()[0] not in _NOT_A_PLACE and named not in _NOT_A_PLACE:  # "New York City", not "the city"
            ours = next((c.name for c in places.ours if fold(c.name) == named), None)
            spoken = _mention_at(q, places, start + 1)
            return ours or (_owner_name(spoken) if spoken is not None else named.title())
    whole_country = words & {"overall", "altogether", "nationwide"} or " in total " in text or " across " in text
    if intents.count and countries and whole_country and not boston_asked:
        return _owner_name(countries[0])  # "how many twin towns are there in the UK overall?": the UK's own
    return None
