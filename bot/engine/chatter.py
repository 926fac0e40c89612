"""Chatter around a question: the clauses in which the asker talks about themselves, greets the room, apologises or
adds an aside, which say nothing about what is asked ("new hire in the Mayor's office :wave: what was our first
sister city?"). Pure word rules over a question's clauses."""

from __future__ import annotations

from bot.engine.intents import GREETINGS, PLURAL_CITY, SISTER_TERMS
from bot.engine.question import AUXILIARIES, STOPWORDS, Question

# Words about the asker, not the question ("I live in Charlestown", "new intern here"): never evidence for a topic.
ABOUT_ME = frozenset(
    """live lives living intern interns internship teacher teachers student students employee employees hire hires
    hired onboarding colleague colleagues coworker coworkers resident myself staffer staffers boss aide aides
    supervisor manager planner planners coordinator liaison analyst specialist officer reporter journalist writer
    editor producer host concierge receptionist clerk librarian coach fellow""".split()
)


# Pleasantries around a question: never evidence for a topic, never "more asked than the list".
PLEASANTRIES = (
    "nice to meet you", "pleased to meet you", "good to meet you", "how are you", "hope you are well",
    "hope youre well", "thanks in advance", "sorry if", "quick question", "dumb question", "silly question",
    "stupid question", "basic question", "newbie question", "noob question", "dumb q", "silly q", "stupid q",
    "basic q", "sorry to bug you", "sorry to bother you", "to bug you again", "you're the best", "youre the best",
    "you rock", "haha", "hahaha", "lol", "hehe", "btw",
    # wishes for the day: "happy friday team", "happy holidays all"
    "happy monday", "happy tuesday", "happy wednesday", "happy thursday", "happy friday", "happy weekend",
    "happy holidays", "happy new year", "happy new week", "tgif",
)  # fmt: skip


# Words that ask: a clause with one of them is (part of) the question.
ASKING = frozenset(
    """what whats which how when where who whom whose why is are was were does do did can could should would will
    am tell list show give name explain any send find share describe remind""".split()
)
WH = frozenset("what whats which how when where who whom whose why".split())
# Praise beside thanks ("thanks, super helpful!"): says nothing of what is asked, and "helpful" is no request for help.
PRAISE = frozenset(
    """super helpful useful great awesome perfect amazing brilliant fantastic excellent lifesaver wonderful handy
    informative clear very really much so big huge help helped helps lot""".split()
)
# Words with which people talk about themselves: "new here in the Mayor's office", "I run a book club in JP".
SELF = ABOUT_ME | frozenset(
    """i im i'm me my we're were new here started starting joined work working run sorry apologies dumb silly stupid
    random week weeks day days month months writing drafting prepping preparing teaching teach lesson lessons unit
    curriculum grade graders trivia quiz quizzes pub lurker lurking post posting""".split()
)
# A clause this short, of words the bot does not know, is a lead-in or an aside ("monday brain", "mixed info").
SHORT_CLAUSE = 4
# Thanks and please after the question are asides.
THANKING = frozenset("thanks thank thx ty cheers please pls plz appreciate appreciated".split())
# A clause that says what the asker wants is the question ("I want to volunteer..., is that allowed?").
WANTING = frozenset("want wanted wanting like wish hope hoping need needs looking trying interested planning".split())
# An asking clause that points back ("is that allowed?", "is it true?") asks about the clause before it.
POINTING_BACK = frozenset("that this it them those these".split())
# Words of what the bot is about: a clause with them says what is asked ("the sister cities, I mean").
SUBJECT = SISTER_TERMS | PLURAL_CITY
# A clause that reports what the asker heard or read says what is asked about ("I heard there's a replica of the
# grasshopper abroad, where?"), not who the asker is.
REPORTING = frozenset(
    """heard hear hearing read reading saw seen seeing noticed told mentioned said says apparently supposedly rumour
    rumor swears swore insists insisted claims claimed reckons""".split()
)
# Words that only report, never say what is asked ("*apparently* there's a Boston Square").
HEARSAY = frozenset("apparently supposedly rumour rumor someone somebody".split())
_REPORTERS = frozenset("i we ive weve i've we've someone somebody they people you".split())
# How an asker says the sources differ: "two different years", "conflicting dates", "both versions".
_DIFFERING = frozenset("two 2 different differing conflicting contradictory both several multiple various".split())
_ACCOUNTS = frozenset("years dates numbers answers versions figures accounts stories counts".split())
_OWNERS = frozenset("my our a an".split())  # "*my* boss says", "*a* colleague told me"


def hearsay(q: Question) -> set[int]:
    """Positions of the words that report what the asker heard ("someone *told* me", "I *read* it's filed as...")."""
    found = {i for i, w in enumerate(q.words) if w in HEARSAY}
    found |= {i for i, w in enumerate(q.words) if w in REPORTING and i and q.words[i - 1] in _REPORTERS}
    # "my boss says it is", "a colleague told me": the one who said it is part of the report
    found |= {
        j
        for i, w in enumerate(q.words)
        if w in REPORTING and i > 1 and q.words[i - 2] in _OWNERS and q.words[i - 1] not in STOPWORDS
        for j in (i - 2, i - 1, i)
    }
    # "my aunt in Melbourne says...": the one who said it, where they are, and the verb
    found |= {
        j
        for i, w in enumerate(q.words)
        if w in REPORTING and i > 3
        for k in (i - 4, i - 3)
        if q.words[k] in _OWNERS and q.words[k + 1] not in STOPWORDS and q.words[k + 2] in {"in", "from", "at"}
        for j in range(k, i + 1)
    }
    # "i've seen two different years", "I've read conflicting dates": what was seen is only that sources differ
    for i in sorted(found):
        if q.words[i] not in REPORTING:
            continue
        at = i + 1
        while at < len(q.words) and q.words[at] in _DIFFERING:
            at += 1
        if at > i + 1 and q.words[at : at + 1] and q.words[at] in _ACCOUNTS:
            found.update(range(i + 1, at + 1))
    # "I keep seeing 11 online": the reporting verb after "keep"
    kept = [i for i, w in enumerate(q.words) if w in REPORTING and i > 1 and q.words[i - 1] in {"keep", "kept"}]
    found |= {j for i in kept if q.words[i - 2] in _REPORTERS for j in (i - 1, i)}
    return found


# A clause of only these is a greeting to the room ("hi all", "morning team").
GREETING_CLAUSE = GREETINGS | frozenset("all everyone everybody folks team there yall guys friends bot good".split())


# Why the asker asks, said after the question: "asking for a community mtg", "prepping a briefing".
_PURPOSES = frozenset("need needs needed asking prepping preparing presenting briefing".split())


# Words that lead in to a question without saying anything: "random but did...", "ok so is...", "anyway, does...".
LEAD_INS = frozenset("random but so ok okay anyway also and oh um uh well hey quick q real quick btw wait hmm".split())


def _starts_asking(q: Question, at: list[int]) -> bool:
    """True when the clause at these positions starts with an asking word, after any lead-in words."""
    first = next((q.words[i] for i in at if q.words[i] not in LEAD_INS), "")
    return first in ASKING


def _points_back(q: Question, at: list[int]) -> bool:
    """True when an asking clause's subject points back: "is that allowed?", "where did it come from?" (not "what
    does this bot do?", where "this" goes with a noun)."""
    said = [q.words[i] for i in at[1:3]]
    # "where did it...", "were they..."
    asked_of_it = len(said) == 2 and said[0] in AUXILIARIES and said[1] in {"it", "they"}
    return (bool(said) and said[0] in POINTING_BACK) or asked_of_it


def about_the_asker(
    q: Question,
    places: frozenset[int],
    known: frozenset[str] = frozenset(),
    home: frozenset[int] = frozenset(),
    fillers: frozenset[int] = frozenset(),
) -> set[int]:
    """Positions of the clauses in which the asker talks about themselves and asks nothing ("new hire in the
    Mayor's office", "I run a book club in Jamaica Plain"), or a short clause of words the bot does not know
    ("monday brain", "getting mixed info"; `known`: the bot's vocabulary), when another clause asks the question.
    The places such a clause names stay: "lots of Cape Verdeans in my neighbourhood" says what is asked about.
    `home`: the positions of Boston's own neighbourhoods, which make a clause about where the asker is from
    ("events planner from Charlestown"). `fillers`: positions of words that say nothing ("need to confirm two
    things:" wants what follows it, not what its clause says)."""
    by_clause: dict[int, list[int]] = {}
    for i, clause in enumerate(q.clauses):
        by_clause.setdefault(clause, []).append(i)
    # A clause asks when it has a wh-word, or starts like a question or a request ("is it...", "tell me..."), maybe
    # after a lead-in ("random but did a Kyoto mayor...?", "ok so is Praia...?").
    asking = {c for c, at in by_clause.items() if _starts_asking(q, at) or any(q.words[i] in WH for i in at)}
    # "...putting together a deck and need the full list of sister cities": a clause that wants what the bot is about
    asking |= {
        c for c, at in by_clause.items() if {q.words[i] for i in at} & WANTING and {q.words[i] for i in at} & SUBJECT
    }
    # "is that allowed?", "does it count?": a question whose subject points back asks about the clause before it.
    if any(
        len(by_clause[c]) > 1 and _points_back(q, by_clause[c]) and not places.intersection(by_clause[c])
        for c in asking
    ):  # (not "is it Melbourne or Sydney?": "it" is no pointer when the clause names the places)
        return set()
    about_me: set[int] = set()
    last_asking = max(asking, default=-1)
    for clause, at in by_clause.items():
        words = {q.words[i] for i in at}
        wants = any(q.words[i] in WANTING for i in at if i not in fillers)  # (not "need to confirm two things:")
        if clause in asking or not asking - {clause} or words & (SUBJECT | REPORTING):
            continue
        # After the question, a clause about the asker's own needs is an aside ("need it for a slide deck").
        needs = SELF | THANKING | _PURPOSES  # not "like": "...? like tourism or conventions"
        aside = clause > last_asking and not places.intersection(at) and bool(words & needs)
        content = {w for w in words if w not in STOPWORDS and not w.isdigit()}
        dated = any(any(ch.isdigit() for ch in w) for w in words)  # "since 1980, which...": a time, no aside
        aside |= len(at) <= SHORT_CLAUSE and not places.intersection(at) and bool(content) and not content & known
        aside &= not dated
        aside |= bool(home.intersection(at)) and not places.intersection(at)  # "events planner from Charlestown"
        first = [q.words[i] for i in at[:3]]
        aside |= first[0] in GREETINGS and "from" in first[1:]  # "greetings from the economic development office"
        if not aside and ((not words & (SELF | THANKING) and not words <= GREETING_CLAUSE) or wants):
            continue
        about_me.update(i for i in at if i not in places)
    return about_me
