"""Named places: one of ours (its card, its fact, its caveat, or "I don't have that about it"), several side by side, a
real place that is not ours."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.findings import (
    AssociationAsked,
    Card,
    Compare,
    CountryInPassing,
    FactFound,
    Finding,
    Missing,
    NoneInScope,
    NotSister,
    Selection,
    TopicFound,
    Unconfirmed,
    WholeList,
    WrongCountry,
)
from bot.engine.geo import distance_km
from bot.engine.intents import EARLIEST, LATEST, SISTER_TERMS
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import ANSWER_SCORE, PLACE_FRAME, SAME_PLACE_KM, Mention, Scored, is_real_word
from bot.engine.out_of_scope import asks_own_ties
from bot.engine.query import Query, RelationKind
from bot.engine.question import stem
from bot.engine.steps.base import (
    ASSOCIATION_WORDS,
    CARD_WORDS,
    NAMED_FACT_SCORE,
    NICKNAME_WORDS,
    OWN_FACT_SCORE,
    SIGN_WORDS,
    STATUS_WORDS,
    TIE_STEMS,
    TOPIC_OVER_CARD_SCORE,
    UNKNOWN_ABOUT_CITY_WORDS,
    WEB_WORDS,
    StepBase,
    asks_who,
    names_a_person,
    strong_topic,
)
from bot.engine.timeline import JOIN_WORDS
from bot.knowledge.models import City, Fact, KnowledgeBase, UnconfirmedCity
from bot.knowledge.normalize import fold, words

# Verbs of running a tie, the tie's nouns, and its sides: "which organisation runs the link on the Strasbourg end?"
RUN_VERBS = frozenset(
    "run runs running handle handles handling manage manages managing organize organizes organise organises "
    "coordinate coordinates oversee oversees lead leads".split()
)
TIE_NOUNS = frozenset("link links tie ties relationship partnership twinning exchange exchanges program side".split())
SIDE_WORDS = frozenset("end side french local there partner other".split())
# The tie's own making, said of a named city ("the Praia signing", "Barcelona becoming a sister city").
_SIGN_STEMS = frozenset(stem(w) for w in (*SIGN_WORDS, "become", "becoming", "became"))
# Words that ask what happened lately, which the card's "the latest the sources record" answers ("is the Hangzhou
# pact still active? any recent events?").
_RECENTLY = frozenset("recent recently lately latest".split())
LATELY = _RECENTLY | frozenset("events event news activity activities happenings".split())
# Words that ask what a name means: "what does Béal Feirste mean?"
_MEANING = frozenset("mean means meaning meanings translate translates translated translation literally".split())
_TELLS_MEANING = lazy_pattern(r"\b(?:means|meaning|literally)\b")
_MEANS_TO = lazy_pattern(r"\b(?:mean|means|meaning) (?:to|for)\b")
_FOUNDED = lazy_pattern(r"\b(?:found|founded|started|set up|created|established|formed)\b", re.I)
_FOUNDING = frozenset("founded founder founders found started start created create established formed set".split())
# Verbs of being tied to a place: "is Boston *linked* to any UK town?"
TIE_VERBS = frozenset("linked tied connected paired partnered twinned bonded affiliated".split())
_AGREEMENT_WORDS = frozenset("agreement agreements pact deal ever".split())
# An asking clause that points back at a place named first ("Sydney? like Melbourne, is it a sister city?").
_POINTING_ASKS = ("is that", "is it", "is this", "is that one", "that a", "it a", "they a")
# Asking whether several cities named are all of them: the whole list answers.
_COMPLETE_ASKS = (
    "is that all", "are those all", "are these all", "is that it", "all of them", "the rest", "any others",
    "any more", "missing any", "anything missing", "any missing", "complete list", "full list", "is that everything",
)  # fmt: skip
# Words that ask whether something is Boston's own: "is it ours too?", "is it one of Boston's?"
_ASKS_BOSTONS = frozenset("ours our boston bostons us we".split())
_GROUP_WORDS = frozenset("group groups association associations organization organisation committee".split())
# The stems a topic matches when a question only asks after a tie's status ("is Padua still a sister city?").
_STATUS_STEMS = frozenset(stem(w) for w in STATUS_WORDS | SISTER_TERMS)
# The stems of words that rank ties ("first", "latest"): a city fact matching only these is not what is asked.
_RANK_STEMS = frozenset(stem(w) for w in EARLIEST | LATEST)
# Words that ask whether a tie goes on ("is the Taipei tie still going, or has it gone quiet?").
_GOING_ON = frozenset(
    """going gone continuing continue continues ongoing exist exists existing today now currently nowadays days effect
    place operation existence""".split()
)  # ("still in effect", "still in place")
ONGOING = CARD_WORDS | LATELY | _GOING_ON
_LATELY_STEMS = frozenset(stem(w) for w in (*LATELY, "relationship", "relationships", "tie", "ties", "link", "done"))


# Words that ask for a name, and words for a language: together they ask for a city's native name.
NAMING = frozenset("name names called spelled spelt spell written write".split())
LANGUAGE_WORDS = frozenset(
    "language languages native local original characters character script scripts kanji hanzi".split()
)
# A question with at least this many words of another language, and as many as of English, is in that language.
OTHER_LANGUAGE_WORDS = 2
# The commonest little words of the languages of our cities that English does not use ("seit", "quand", "è").
FOREIGN_FUNCTION_WORDS = frozenset(
    """e è con di il lo gli della delle che perche perché quando dove seit wann von und ist nicht der die das den dem
    ein eine mit wie quand est que qui les des du avec pourquoi depuis où desde cuando cuándo es el los las por para
    con una donde dónde com não nao é em da do das dos quando onde""".split()
)


def _named_before(said: tuple[str, ...], words: frozenset[str]) -> set[str]:
    """The words right before any of these ("*gaelic*-language name"): the language a name is asked in."""
    return {said[i - 1] for i, w in enumerate(said) if i and w in words}


def _in_another_language(query: Query) -> bool:
    """True when the words the bot did not place are mostly another language's ("Straßburg: seit wann
    Partnerstadt von Boston?"): little words of French, German, Italian, Spanish or Portuguese, or no English word."""
    said = [w for i, w in enumerate(query.question.words) if i not in query.places.covered and w.isalpha()]
    foreign = [w for w in said if w in FOREIGN_FUNCTION_WORDS or not is_real_word(w)]
    return len(foreign) >= OTHER_LANGUAGE_WORDS and 2 * len(foreign) >= len(said)


# The words of a clause that only asks for a city's card: "can you tell me about Melbourne?", "info on Praia pls".
_CARD_REQUEST = frozenset(
    """can could would you tell me us about please pls plz what how info information on more some give show the a
    whats and then so""".split()
)


# Whose a thing was, said by a person's role: "a silk merchant's home".
_OWNED = lazy_pattern(r"\b\w+(?:'s|\u2019s) (?:home|house|residence|shop|idea|proposal|gift)\b")
# Whether something planned came about: "did the diamond ever get built?", "did that ever happen?"
_OUTCOME_ASKED = lazy_pattern(
    r"\b(?:ever|actually|eventually|finally|really) (?:get |got |been |be )?(?:built|happen|happened|held|done"
    r"|completed|finished|opened|realized|realised|materiali[sz]ed|take place|took place|go ahead|went ahead)\b"
    r"|\bdid (?:it|that|they|this|the plan) (?:ever |actually )?(?:happen|work out|go ahead|come about)\b"
    # "did Sekondi-Takoradi ever actually build that diamond?"
    r"|\bdid (?:\w+ ){1,4}(?:ever |actually |eventually |finally |really )+(?:build|hold|open|finish|complete|make"
    r"|create|set up|establish)\b"
    # (not "where was it held?", "when was it done?": where or when it took place, which the fact tells)
    r"|(?<!where )(?<!when )(?<!how )\b(?:was|were) (?:it|that|they) (?:ever |actually )?"
    r"(?:built|held|done|completed)\b"
)
# A fact that tells of a plan or a hope only: "the mayor hoped to build a baseball diamond".
_PLANNED = lazy_pattern(r"\b(?:hoped|hopes|hoping|planned|plans|planning|intended|intends|aimed|wanted)\b")
# ...and one that tells what came of it: "Boston.com confirmed in 2014 that the square exists".
_OUTCOME_TOLD = lazy_pattern(
    r"\b(?:exists|existed|confirmed|built|opened|completed|went ahead|took place|was held|were held|did not|never"
    r"|cancelled|canceled|abandoned|dropped|came to nothing)\b"
)
# A claim about one of ours, checked: "someone said we twinned with Kyoto in the 1960s, is that right?", "Praia
# signed Oct 9 2015, correct?": the card's date and status answer it, whatever else the message says.
_CLAIM_CHECK = lazy_pattern(
    r"\b(?:is|was) (?:that|this|it) (?:right|correct|true|accurate)\b|\b(?:right|correct|true|accurate)$"
    r"|\b(?:fact|sanity|double) ?check\w*\b"
    r"|\b(?:heard|read|saw) (?:that |somewhere )?\w+ (?:is|was|lists|list|listed|became|joined)\b"
)
# The name of a thing asked for: "what was the name of the beaver...", "the beaver's name".
_NAME_OF = lazy_pattern(r"\bname of (?:the|that|this|a|an) (\w+)|\b(\w+)(?:'s|\u2019s| s) name\b")


# A sentence of a fact that says what its sources leave out: "...but the excerpt read does not name it".
_UNTOLD = lazy_pattern(
    r"\b(?:does not|doesn't|do not|don't) (?:name|say|give|identify)\b|\bnot (?:named|identified|recorded)\b"
    r"|\bno source (?:names|says|gives)\b"
)
_ASKS_WHICH = frozenset("which what where name named called".split())


def _untold_part(query: Query, fact: Fact) -> str | None:
    """The sentence of the fact that says its sources leave out what is asked ("El Nacional says Boston holds a
    replica of a Barcelona monument in return, but the excerpt read does not name it"), when the question asks which
    or what it is, in words only that sentence uses."""
    if not set(query.question.words) & _ASKS_WHICH:
        return None
    sentences = re.split(r"(?<=[.;])\s+", fact.text)
    asked = {stem(w) for w in query.content}
    for sentence in sentences:
        if not _UNTOLD.search(sentence):
            continue
        here = {stem(w) for w in words(fold(sentence))}
        elsewhere = {stem(w) for other in sentences if other is not sentence for w in words(fold(other))}
        if asked & (here - elsewhere):
            return sentence
    return None


def _only_the_tie(city: City, fact: Scored) -> bool:
    """True when a fact matched only on words of the tie and its year ("Sekondi-Takoradi was *signed* in *2001*,
    right?"): the tie itself is asked, which the card gives."""
    return set(fact.matched) <= TIE_STEMS | {str(city.established.year)}


def _unnamed_thing(query: Query, fact: Fact) -> str | None:
    """The thing whose name is asked ("the beaver Boston sent to Kyoto"), when the fact mentions it only by a common
    noun ("Boston sent a beaver (1961)"), not by a name ("the Seaport Hotel", "a statue called...")."""
    if (asked := _NAME_OF.search(query.question.clean.lower())) is None:
        return None
    thing = asked.group(1) or asked.group(2)
    said = list(re.finditer(rf"\b({re.escape(thing)})\b", fact.text, re.IGNORECASE))
    for found in said:
        before = fact.text[: found.start()].split()[-1:]
        after = fact.text[found.end() :].split()[:1]
        if found.group(1)[0].isupper() or (before and before[0][:1].isupper()) or after[:1] in (["named"], ["called"]):
            return None  # "the Seaport Hotel", "a beaver named ..."
    return thing if said else None


def _in_association_name(words: tuple[str, ...]) -> bool:
    """True when every "sister cities" of the question is part of an association's name ("the Melbourne Boston Sister
    Cities Association")."""
    at = [i for i, w in enumerate(words) if w in {"cities", "city"}]
    return bool(at) and all(words[i + 1 : i + 2] in (("association",), ("associations",), ("assoc",)) for i in at)


_LINK_WORDS = frozenset("link links friendship connection connections bond bonds".split())


def _tie_with(query: Query, mention: Mention) -> bool:
    """True when the question asks about Boston's tie with the city named ("what does Boston's relationship with
    Melbourne involve?", "our partnership with Padua"): the city, not a program topic, is what is asked about."""
    before = query.question.words[max(0, mention.start - 2) : mention.start]
    return len(before) == 2 and before[1] in {"with", "to"} and before[0] in SISTER_TERMS | _LINK_WORDS


def _card_asked_apart(query: Query, mention: Mention) -> bool:
    """True when the city is named in a clause of its own that only asks for its card ("the page says to click on
    the names but nothing happens - can you tell me about Melbourne?"): the other clauses are context."""
    clauses = query.question.clauses
    if not clauses or len(set(clauses)) < 2:
        return False
    own = clauses[mention.start]
    said = [w for i, w in enumerate(query.question.words) if clauses[i] == own and not mention.start <= i < mention.end]
    return bool(said) and set(said) <= _CARD_REQUEST and bool(set(said) & {"tell", "about", "info", "information"})


# The words of a clause that only asks whether a place is one of ours: "is that a boston sister city??", "sister city
# or not?"
_STATUS_ASK = SISTER_TERMS | frozenset(
    """is it that this a an one of our ours boston bostons city cities town towns or not too also still really actually
    officially the s are they""".split()
)


def _status_asked_apart(query: Query) -> bool:
    """True when a clause of its own only asks whether the place named is ours ("my cousin just moved to padova -
    is that a boston sister city?", "haifa: sister city or not? some folks say it is"): the rest is context."""
    clauses = query.question.clauses
    if not clauses or len(set(clauses)) < 2:
        return False
    covered = query.places.covered
    for clause in set(clauses):
        said = {w for i, w in enumerate(query.question.words) if clauses[i] == clause and i not in covered}
        if said and said <= _STATUS_ASK and said & SISTER_TERMS:
            return True
    return False


# Our cities on the continent of a real place named: "which sister cities are on the same continent as Accra?"
_SAME_CONTINENT_AS = lazy_pattern(
    r"\b(?:same continent as|shares? (?:a |the )?continent with|same part of the world as|same region as)\b"
)
# Our cities in the country of a real place named: "which sister city is in the same country as Venice?"
_SAME_COUNTRY_AS = lazy_pattern(
    r"\b(?:same country as|shares? (?:a |the )?country with|same nation as|in the country of|same country that)\b"
)


class PlaceSteps(StepBase):
    """Named places."""

    def index_places(self, kb: KnowledgeBase) -> None:
        """Index once what the place steps look up for every question: each topic's keyword words, and the folded
        names of the cities some source lists and nothing confirms."""
        self._topic_words = tuple((t, frozenset(w for k in t.keywords for w in fold(k).split())) for t in kb.topics)
        self._unconfirmed_names = tuple((c, tuple(tuple(fold(n).split()) for n in c.names)) for c in kb.unconfirmed)

    def named(self, query: Query) -> Finding | None:
        """A question that names our cities or other real places."""
        if (unconfirmed := self._unconfirmed(query)) is not None:
            return Unconfirmed(city=unconfirmed)
        ours = query.ours
        if (named := self._native_name_asked(query)) is not None:
            return named  # "what's the Irish-language name for Belfast?", "what is Taipei called in Chinese?"
        text = f" {query.question.folded} "
        if len(ours) > 2 and any(f" {p} " in text for p in _COMPLETE_ASKS):
            return WholeList()  # "the page only shows Kyoto, Padua, Melbourne, Taipei and Belfast; is that all?"
        if len(ours) > 1:
            return Compare(cities=ours)
        if len(ours) == 1:
            return self._one_of_ours(query, ours[0])
        if query.foreign:
            mention = query.foreign[0]
            towns = [m for m in query.foreign if m.place is not None and not m.place.is_country]
            # (not "Cork, Ireland": a town named too, though the gazetteer does not know it)
            if not towns and not query.unexplained and (shared := self._shares_name(mention)) is not None:
                return Card(city=shared, how="shared-name", elsewhere=mention.place.name if mention.place else "")
            if mention.place is not None and _SAME_CONTINENT_AS.search(query.question.folded):
                # "which sister cities are on the same continent as Accra?": by ours in that place's country
                place = mention.place
                continent = next((c.continent for c in self.kb.cities if c.country_code == place.country_code), None)
                if continent is not None:
                    there = tuple(c for c in self.kb.sister_cities if c.continent is continent)
                    where = f" in {continent.value} (where {place.name} is)"
                    return Selection(cities=there, where=where) if there else NoneInScope(where=where)
            if mention.place is not None and _SAME_COUNTRY_AS.search(query.question.folded):
                # "which sister city is in the same country as Venice?": ours in that country, if any
                place = mention.place
                there = tuple(c for c in self.kb.sister_cities if c.country_code == place.country_code)
                where = f" in {place.country} (where {place.name} is)" if not place.is_country else f" in {place.name}"
                return Selection(cities=there, where=where) if there else NoneInScope(where=where)
            return self.not_sister(query, mention)
        return None

    def subject_place(self, query: Query) -> Finding | None:
        """A real town named first and asked whether it is Boston's, whatever our own cities' ties to it ("nashville
        is belfast's sister city, so is it ours too?")."""
        said = query.question.words
        subject = next((m for m in query.foreign if m.start == 0 and m.place and not m.place.is_country), None)
        if subject is None or not set(said) & _ASKS_BOSTONS:
            return None
        text = f" {query.question.folded} "
        if said[subject.end : subject.end + 1] in (("is",), ("was",)) or any(f" {p} " in text for p in _POINTING_ASKS):
            return self.not_sister(query, subject, near_to=query.ours[0] if query.ours else None)
        return None

    def _native_name_asked(self, query: Query) -> Card | None:
        """The card of the one city named by name whose name in a language is asked for; a language's demonym
        ("the *Chinese* name of Taipei", "called in *Italian*") names no city of its own then."""
        said = query.question.words
        if (
            not set(said) & NAMING
            or query.intents.listing
            or set(query.unexplained) - NAMING - LANGUAGE_WORDS - _named_before(said, NAMING | LANGUAGE_WORDS)
            or set(said) & {"mean", "means", "meaning", "meant"}
        ):
            return None  # (not "the names of the carpenters", nor "what does the Irish name mean")
        by_name = [m for m in query.places.mentions if m.city is not None and m.how in ("name", "typo")]
        others = [m for m in query.places.mentions if m not in by_name]
        language = any(m.how == "demonym" for m in others) or bool(set(said) & LANGUAGE_WORDS)
        if len({m.city for m in by_name}) != 1 or not language or any(m.how != "demonym" for m in others):
            return None
        city = by_name[0].city
        assert city is not None
        asked = next((m.surface for m in others if m.how == "demonym"), "")
        return Card(city=city, how="native-name", elsewhere=asked.capitalize(), score=100)

    def _shares_name(self, mention: Mention) -> City | None:
        """One of ours whose country's name holds the country named ("Ireland": Belfast, in Northern Ireland), when
        Boston has none in the country itself."""
        place = mention.place
        if place is None or not place.is_country:
            return None
        return self._in_country_named_like(place.country_code, place.name)

    def _in_country_named_like(self, code: str, country: str) -> City | None:
        """One of ours whose country's name holds this country's ("Ireland": Belfast, in Northern Ireland), when
        Boston has none in the country itself."""
        if self.places.sister_cities_in(code):
            return None
        named = fold(country).split()
        for city in self.kb.sister_cities:
            its = fold(city.country).split()
            if any(its[i : i + len(named)] == named for i in range(1, len(its))):
                return city
        return None

    def _fact_or_missing(self, query: Query, city: City, fact: Fact, score: int) -> Finding:
        """The fact, unless a person is asked for and the fact names nobody ("who designed Boston Square?")."""
        acted = any(f"{city.name.lower()} {w}" in fact.text.lower() for w in query.question.words)  # "Kyoto gave"
        said = query.question.words  # "who's the partner group?" asks for a group, not a person
        group = any(w in {"who", "whos"} and set(said[i + 1 : i + 4]) & _GROUP_WORDS for i, w in enumerate(said))
        # "whose house was it?": "a silk merchant's home" says whose, though it names nobody
        whose = "whose" in said and _OWNED.search(fact.text) is not None
        if (
            asks_who(query)
            and not acted
            and not group
            and not whose
            and not names_a_person(self.kb, fact, frozenset(query.question.words))
        ):
            return Missing(what="who it was", city=city, score=0)
        planned_only = _PLANNED.search(fact.text) and not _OUTCOME_TOLD.search(fact.text)
        if _OUTCOME_ASKED.search(query.question.folded) and planned_only:
            # "did the baseball diamond ever get built?": the fact tells of a plan, not of what came of it
            return Missing(what="whether that went ahead", city=city, known=fact.text, score=0)
        if (thing := _unnamed_thing(query, fact)) is not None:
            return Missing(what=f"the {thing}'s name", city=city, score=0)  # "the name of the beaver Boston sent"
        if (untold := _untold_part(query, fact)) is not None:
            # "which Barcelona monument replica is in Boston?": the fact says its sources do not name it
            return Missing(what=f"that about {city.name}", city=city, known=untold, score=0)
        return FactFound(city=city, fact=fact, score=score)

    def _meaning(self, query: Query, city: City) -> Fact | None:
        """The city's fact that tells what a name means: the one whose phrase the question names ("Béal Feirste"),
        else the one fact that says what the name means."""
        named = self.facts.best_for(city, query.question, query.asides)
        if named is not None and named[1].phrase:
            return named[0]
        telling = [f for f in city.highlights if _TELLS_MEANING.search(f.text)]
        return telling[0] if len(telling) == 1 else None

    def _one_of_ours(self, query: Query, city: City) -> Finding:
        named = [m for m in query.places.mentions if m.city is city]
        mention = next((m for m in named if m.how in ("name", "typo")), named[0])  # "Kyoto" before "Japan"
        said = query.question.words
        text = f" {query.question.folded} "
        points_back = any(f" {p} " in text for p in _POINTING_ASKS)
        clauses = query.question.clauses
        for subject in (m for m in query.foreign if m.place and not m.place.is_country):
            # A town that stands alone before the rest ("beijing, like hangzhou?", "lisbon? since we have praia...")
            stands_alone = subject.start == 0 and len(clauses) > subject.end and clauses[subject.end] != clauses[0]
            # "shanghai like hangzhou?", "colmar in alsace": a town put beside ours, or placed by where ours is
            likened = said[subject.end : subject.end + 1] in (("like",), ("as",), ("in",), ("near",), ("by",))
            likened |= said[subject.end : subject.end + 1] in (("sister",), ("twin",))  # "venice sister city? ...italy"
            if subject.start == 0 and (
                said[subject.end : subject.end + 1] in (("is",), ("was",)) or points_back or stands_alone or likened
            ):
                # "paris is boston's french sister city?", "venice, right next to padua: is that a sister city?"
                return self.not_sister(query, subject, near_to=city)
            if subject.start == 0:
                continue
            before, after = said[subject.start - 1], set(said[subject.end : subject.end + 5])
            if before == "is" and (subject.start < mention.start or after & PLACE_FRAME):
                return self.not_sister(query, subject, near_to=city)  # "is Girona, north of Barcelona, ours?"
            if before == "about" and said[subject.start - 2 : subject.start - 1] in (("what",), ("how",)):
                return self.not_sister(query, subject, near_to=city)  # "what about Mindelo, like Praia?"
        near = query.relation.place if query.relation and query.relation.kind is RelationKind.NEAR else None
        if near is not None and near in query.foreign and near.start < mention.start:
            return self.not_sister(query, near, near_to=city)  # "nara is right by kyoto, is it ours too?"
        # A country right beside the name ("Melbourne, Florida", "the Barcelona in Venezuela", "Florida's
        # Melbourne"), not anywhere in the question ("which Russian city did Melbourne suspend its tie with?").
        beside = {mention.end, mention.end + 1, mention.start - 1}
        countries = [m for m in query.foreign if m.place and m.place.is_country]
        elsewhere = next((m.place for m in countries if m.start in beside or m.end in beside), None)
        if (
            mention.how in ("name", "typo")
            and elsewhere
            and elsewhere.country_code != city.country_code
            # (not "Belfast, Ireland", "Strasbourg, Germany": a neighbour)
            and elsewhere.country_code not in self.places.gazetteer.borders.get(city.country_code, frozenset())
        ):
            # "Barcelona, Venezuela", "Melbourne, Florida": another place of the same name.
            return WrongCountry(city=city, elsewhere=elsewhere.name, score=round(mention.score))
        if set(said) & _GROUP_WORDS and set(said) & SIDE_WORDS and not query.intents.listing:
            return AssociationAsked(city=city, web_asked=False, score=100)  # "the partner group on the French side"
        if not city.is_sister and query.intents.sister_term and "why" in said:
            return self._card(city, mention)  # "why's Haifa missing from the sister cities?": it is a friendship city
        found = query.fact
        if (
            found
            and found[0] is city
            and found[2].anchored
            and found[2].score >= NAMED_FACT_SCORE
            and not _only_the_tie(city, found[2])
        ):
            return self._fact_or_missing(query, city, found[1], 100)
        words = set(query.question.words)
        strong = strong_topic(query)
        # (unless a topic explains the rest: "am I still allowed to join the Padua group?" asks how to join)
        about_else = (
            strong is not None
            and strong[1].score >= TOPIC_OVER_CARD_SCORE
            and not set(strong[1].matched) <= _STATUS_STEMS
        )
        if city.status_note is not None and words & STATUS_WORDS and not about_else:
            # "is Padua really a sister city?": the card leads with the caveat
            return self._card(city, mention, status_asked=True)
        # "the agreement", "are we still active with Sekondi-Takoradi?"
        tie_named = query.intents.sister_term or bool(words & (TIE_NOUNS | _AGREEMENT_WORDS | {"still", "status"}))
        if (
            tie_named
            and words & (STATUS_WORDS | _RECENTLY)  # (or "what has the Hangzhou tie done lately?": its latest events)
            and set(query.unexplained) <= STATUS_WORDS | ONGOING | _AGREEMENT_WORDS | TIE_NOUNS | {"done"}
        ):
            return self._card(city, mention, status_asked=True)  # "is Belfast formally a sister city?": since when
        asked = set(query.content) - ASSOCIATION_WORDS - WEB_WORDS - {"name", "exist", "exists", "official", "boston"}
        if set(query.content) & ASSOCIATION_WORDS and words & _FOUNDING and asks_who(query):
            # "who founded the Melbourne Boston Sister Cities Association?": only what its own note says
            noted = city.association is not None and bool(_FOUNDED.search(city.association.note or ""))
            if not noted:
                return Missing(what="who founded that association", city=city, score=0)
            return AssociationAsked(city=city, web_asked=False, score=100)
        if mention.how == "association":  # "what does MBSCA stand for?"
            return AssociationAsked(city=city, web_asked=bool(words & WEB_WORDS), score=100)
        # "who handles the Strasbourg relationship on the French end?": who runs the tie is its association
        runs_tie = bool(words & RUN_VERBS) and bool(words & (TIE_NOUNS | ASSOCIATION_WORDS))
        if runs_tie and not (asked - RUN_VERBS - TIE_NOUNS - SIDE_WORDS):
            return AssociationAsked(city=city, web_asked=False, score=100)
        # ("the Melbourne Boston Sister Cities Association": "sister cities" in its name asks for no list)
        listing = query.intents.listing and not _in_association_name(query.question.words)
        if set(query.content) & ASSOCIATION_WORDS and not listing and not asked - SIDE_WORDS - TIE_NOUNS:
            # "what's the name of the Melbourne association?", "does the Boston-Padua association have a website?"
            return AssociationAsked(city=city, web_asked=bool(words & WEB_WORDS), score=100)
        if words & NICKNAME_WORDS:  # "what's Padua's nickname?": the city's own, never a topic's (Boston's "cradle")
            if (nicknamed := self.nickname_fact(city)) is not None:
                return FactFound(city=city, fact=nicknamed, score=100)
            return Missing(what=f"a nickname for {city.name}", city=city, score=0)
        if words & _MEANING and not _MEANS_TO.search(query.question.folded):  # (not "what does Praia mean to us?")
            if (told := self._meaning(query, city)) is not None:
                return FactFound(city=city, fact=told, score=100)  # "what does Béal Feirste mean?": the name's sense
            return Missing(what=f"what the name {city.name} means", city=city, score=0)
        unknown = [w for w in query.unexplained if w not in CARD_WORDS and not w.isdigit()]
        own = self.own_fact(query, city) if unknown else None
        if own is not None and query.intents.ranking and set(own[1].matched) <= _RANK_STEMS:
            own = None  # "why was Kyoto the first?" asks about the tie's place, not the fact of a "first pitch"
        # ("where was the Belfast agreement signed?" asks for the venue, which a fact may give; the card gives no place)
        only_the_tie = own is not None and _only_the_tie(city, own[1]) and "where" not in words
        if only_the_tie:
            own = None  # "what exact day was the Kyoto agreement signed?": the tie's own date, which the card gives
        topic = strong_topic(query)
        if (
            mention.how in ("name", "typo")
            # "what does Boston's relationship with Melbourne involve? fellowships?": the city's own fact answers
            and not (_tie_with(query, mention) and own is not None and own[1].anchored)
            and topic is not None
            and topic[1].score >= TOPIC_OVER_CARD_SCORE
            and set(topic[1].matched) - {"whi"}  # "why isn't Valladolid on the list?" asks about Valladolid
            # "tell me about the Praia signing": the tie's own signing (not "sign up for the Padua group")
            and not (set(topic[1].matched) <= _SIGN_STEMS and "up" not in words)
            # "what has the Hangzhou relationship done recently?": the card's latest events, not the status topic
            and not set(topic[1].matched) <= _LATELY_STEMS
            and query.unexplained
            and (own is None or own[1].score < topic[1].score)
            and not (own is not None and own[1].phrase and not topic[1].phrase)  # "the Japanese House" is Kyoto's
            # The city's own knowledge explains little of the question, or its best fact half what the topic does.
            and (
                self.facts.explains(city, list(query.content)) < 0.5
                or own is None
                or own[1].score <= topic[1].score / 2
            )
        ):
            # "Can anyone join the Boston-Kyoto association?": the question is about joining, not Kyoto.
            return TopicFound(topic=topic[0], about=city, score=round(topic[1].score))
        if own is not None and own[1].score >= OWN_FACT_SCORE:
            fact, scored = own
            if scored.anchored or any(len(t) == 4 and t.isdigit() for t in scored.matched):
                return self._fact_or_missing(query, city, fact, round(scored.score))
        year = query.year_not_about_ties
        if year == city.established.year and words & JOIN_WORDS:
            year = None  # "Sekondi-Takoradi was signed in 2001, right?": the tie of that year, which the card gives
        if year is not None and (dated := self.fact_of_year(query, city, year)) is not None:
            return FactFound(city=city, fact=dated, score=100)  # "what happened with Praia in 2019?"
        if mention.how in ("name", "typo", "local") and _in_another_language(query):
            # "padova è gemellata con boston?": the card, said to be all the bot can give in English
            return replace(self._card(city, mention), how="other-language")
        if (
            mention.how in ("name", "typo", "local")  # "is there one in Ghana?" asks for the card, whatever else
            and len(unknown) >= UNKNOWN_ABOUT_CITY_WORDS
            and self.facts.explains(city, unknown) < 0.5
            and strong_topic(query) is None
            and not _card_asked_apart(query, mention)
            and not _status_asked_apart(query)
            and not _CLAIM_CHECK.search(query.question.folded)
            and not only_the_tie
        ):
            # "who's headlining the 2025 Barcelona music festival": the city is named, the question is not its card.
            return Missing(what=f"that about {city.name}", city=city, score=0)
        intents = query.intents
        if (
            mention.how in ("country", "demonym", "region")
            and query.content
            and not (intents.sister_term or intents.list_word or "one" in query.question.words)  # "the 🇮🇹 one"
            # "what's our Ghana connection?", "is Boston linked to any UK town?", "tied to anywhere in Ghana?"
            and not set(query.content) <= CARD_WORDS | TIE_VERBS | {"anywhere", "somewhere"}
        ):
            # "capital of France", "Japanese food": a country named in passing is not a city question.
            return CountryInPassing(city=city, score=round(ANSWER_SCORE - 1))
        return self._card(city, mention)

    def _card(self, city: City, mention: Mention, status_asked: bool = False) -> Card:
        in_country: tuple[City, ...] = ()
        if mention.how in ("country", "demonym", "region") and mention.country_code:
            in_country = tuple(self.places.sister_cities_in(mention.country_code))
        return Card(
            city=city,
            how=mention.how,
            country_code=mention.country_code,
            in_country=in_country,
            score=round(mention.score),
            status_asked=status_asked,
        )

    def not_sister(self, query: Query, mention: Mention, near_to: City | None = None) -> NotSister:
        """A real place that is not ours, with our cities nearby and what the user may have meant."""
        place = mention.place
        assert place is not None
        if place.is_country:
            nearby = [
                c
                for code in sorted(self.places.gazetteer.borders.get(place.country_code, ()))
                for c in self.places.sister_cities_in(code)
            ]
        else:
            nearby = list(self.places.sister_cities_in(place.country_code))
            # "Dublin, Ireland": none in Ireland, but Belfast, in Northern Ireland
            shared = self._in_country_named_like(place.country_code, place.country)
            nearby += [shared] if shared is not None else []
        words = query.question.words
        typo = tuple(s.city for s in self.places.suggest_for(" ".join(words[mention.start : mention.end])))
        # A place our own knowledge talks about ("Beira") gets that topic as a choice.
        span = set(words[mention.start : mention.end])
        topics = tuple(t for t, said in self._topic_words if span & said)
        ties = self.kb.sister_cities
        intents = query.intents
        ranked = ("first", ties[0]) if intents.earliest else ("newest", ties[-1]) if intents.latest else None
        return NotSister(
            mention=mention,
            place=place,
            ranked=ranked if ties and not intents.continents else None,
            nearby=tuple(nearby),
            suggestions=tuple(dict.fromkeys((*nearby, *typo)))[:3],
            topics=topics[:2],
            near_to=near_to,
            score=round(mention.score),
        )

    def unconfirmed_named(self, query: Query) -> Finding | None:
        """A city some source lists and nothing confirms, named outright ("the original Boston in Lincolnshire"):
        said before any step reads other words of the question ("original" is no ranking here)."""
        city = self._unconfirmed_by_name(query)
        if city is None:
            return None
        return Unconfirmed(city=city, own_ties=asks_own_ties(query.question, city.names))

    def _unconfirmed_by_name(self, query: Query) -> UnconfirmedCity | None:
        """The unconfirmed city the question names, unless the name runs on into one of ours ("the original
        Boston-Kyoto link" is Boston's tie with Kyoto, not "the original Boston")."""
        words = query.question.words
        # (one of ours by name: "Boston-Kyoto"; not a country after it, "Boston in Lincolnshire (UK)")
        ours_at = {m.start for m in query.places.mentions if m.city is not None and m.how in ("name", "typo")}
        said = set(words)
        for city, names in self._unconfirmed_names:
            for named in names:
                if named[0] not in said:
                    continue  # (most names: their first word is not in the question)
                for i in range(len(words) - len(named) + 1):
                    if words[i : i + len(named)] == named and i + len(named) not in ours_at:
                        return city
        return None

    def _unconfirmed(self, query: Query) -> UnconfirmedCity | None:
        """A city some source lists and nothing confirms (Beira), found by its country or its place; by its name,
        `unconfirmed_named` has already answered."""
        for city in self.kb.unconfirmed:
            for mention in query.foreign:
                place = mention.place
                if place is not None and place.is_country and place.country_code == city.country_code:
                    return city  # "any sister city in Mozambique?": the one a source lists there
                if place is None or place.latitude is None or place.longitude is None:
                    continue
                here = (place.latitude, place.longitude)
                near = (city.coordinates.latitude, city.coordinates.longitude)
                if distance_km(here, near) <= SAME_PLACE_KM:
                    return city
        return None
