"""Replies about named places: cards, facts, topics, cities side by side or related, places that are not ours."""

from __future__ import annotations

import re

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    AssociationAsked,
    Card,
    Compare,
    CountryInPassing,
    FactFound,
    NotSister,
    Related,
    TopicFound,
    Unconfirmed,
    WrongCountry,
)
from bot.engine.geo import describe_distance, distance_km
from bot.engine.lazy import lazy_pattern
from bot.engine.query import RelationKind
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    disputes,
    kind_word,
    names_list,
    names_with_years,
    others_ties,
    rows,
    where_apart,
    years_apart,
)
from bot.knowledge.models import City, Fact, Status, Topic


def latest_fact(city: City) -> Fact | None:
    """The city's fact that mentions the latest year, if any mentions one."""
    dated = [(max(int(y) for y in years), fact) for fact in city.highlights if (years := _YEAR.findall(fact.text))]
    return max(dated, key=lambda pair: pair[0])[1] if dated else None


_YEAR = lazy_pattern(r"\b(?:19|20)\d\d\b")
# A possessive at the end of a place as typed ("dublin's close to belfast").
_POSSESSIVE = lazy_pattern(r"['\u2019]s$", re.I)
# Words that ask whether a city is the only one of its kind: "our only link to a Spanish city?", "any other in Spain?"
_ONLY_ONE = frozenset("only other others another else sole".split())


class PlaceReplies(ReplyBase):
    """Replies about named places."""

    def compare(self, found: Compare, q: Question) -> Answer:
        """Named cities side by side."""
        parts = "; ".join(f"{c.name} ({c.country}), {kind_word(c)} since {c.established.year}" for c in found.cities)
        lead = f"Here they are side by side: {parts}.{where_apart(found.cities, q.words)}"
        lead += f"{years_apart(found.cities)}{disputes(found.cities)}"
        return Answer(q.raw, AnswerKind.COMPARE, lead=lead, rows=rows(found.cities))

    def card(self, found: Card, q: Question) -> Answer:
        """One city's card, led by how the question reached it."""
        city = found.city
        assert city is not None
        lead = self._card_lead(found, city)
        if city.status_note is not None:
            lead = f"{lead} {city.status_note.text}"  # a caveat on the tie belongs with the answer, not below it
        if found.status_asked and city.is_sister:
            # "was it ever suspended?", "is it still active today?"
            lead = f"{lead} No source I have says the tie was ever suspended or ended, nor how active it is today."
        if found.status_asked and (latest := latest_fact(city)) is not None:
            lead = f"{lead} The latest the sources record: {latest.text}"  # "is Strasbourg still active?"
        notes: tuple[str, ...] = ()
        if set(q.words) & _ONLY_ONE and (also := self._friends_beside(city)):
            notes = (also,)  # "is Barcelona our only link to a Spanish city?": Valladolid, a friendship city
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city, score=found.score, notes=notes)

    def _friends_beside(self, city: City) -> str:
        """Boston's friendship cities in the same country as one of its sister cities, said as a note."""
        friends = [c for c in self.kb.friendship_cities if c.country_code == city.country_code and c is not city]
        if not city.is_sister or not friends:
            return ""
        listed = names_with_years(friends)
        return f"Boston also has a friendship (partner) city in {city.country}, which is not a sister city: {listed}."

    def _card_lead(self, found: Card, city: City) -> str:
        if not city.is_sister and found.how in ("country", "demonym"):
            return (
                f"Boston has no sister city in {city.country}. {city.name} is a friendship (partner) city "
                f"there, with ties since {city.established.year}; it is not a sister city."
            )
        if not city.is_sister:
            return (
                f"{city.name} is not one of Boston's sister cities: it is a friendship (partner) city, "
                f"with ties since {city.established.year}."
            )
        if found.how == "native-name":  # "what is Taipei called in Chinese?"
            if not city.native_names:
                language = f"separate {found.elsewhere} " if found.elsewhere else "other "
                return f"The sources I have give no {language}name for {city.name}: only {city.name}."
            by_language: dict[str, list[str]] = {}
            for native in city.native_names:
                by_language.setdefault(native.language or "", []).append(native.name)
            names = "; ".join(
                " or ".join(spellings) + (f" in {language}" if language else "")
                for language, spellings in by_language.items()
            )
            asked = found.elsewhere
            if asked and asked.casefold() not in {language.casefold() for language in by_language}:
                return f"The sources I have give no separate {asked} name for {city.name}; it is {names}."
            return f"{city.name} is {names}."
        if found.how == "other-language":  # "Straßburg: seit wann Partnerstadt von Boston?"
            return (
                f"I can only read questions in English, but here is what I know about {city.name}: it has been "
                f"Boston's sister city since {city.since}."
            )
        if found.how == "shared-name":  # "a sister city in Ireland?": Belfast, in Northern Ireland
            return (
                f"{city.name} ({city.country}) has been Boston's sister city since {city.since}; "
                f"Boston has none in {found.elsewhere} itself."
            )
        if found.how in ("country", "demonym", "region") and found.country_code:
            friends = [c for c in self.kb.friendship_cities if c.country_code == found.country_code]
            also = (  # "spain has two cities linked to boston, right?": Barcelona, and Valladolid as a friendship city
                " Boston also has a friendship (partner) city there: " + names_with_years(friends) + "."
                if friends
                else ""
            )
            if len(found.in_country) > 1:
                names = " and ".join(c.name for c in found.in_country)
                return f"Boston has {len(found.in_country)} sister cities in {city.country}: {names}.{also}"
            return f"Boston's sister city in {city.country} is {city.name}, since {city.since}.{also}"
        return f"{city.name} has been Boston's sister city since {city.since}."

    def fact(self, found: FactFound, q: Question) -> Answer:
        """A city fact, on the city's card."""
        assert found.city is not None and found.fact is not None
        return Answer(q.raw, AnswerKind.CITY, lead=found.fact.text, city=found.city, fact=found.fact, score=found.score)

    def topic(self, found: TopicFound, q: Question) -> Answer:
        """A program topic (with today's list when the topic asks for it)."""
        topic = found.topic
        assert topic is not None
        notes: tuple[str, ...] = ()
        about = found.about
        if about is not None and about.association is not None:
            notes = (f"{about.name}: {about.association.name}.",)
        if topic.show_sister_cities:
            notes = (self.today_list, *self.count_caveats)
        if found.also is not None:  # "...or about business?": the other thing offered, in its own words
            notes = (*notes, f"{found.also.title}: {found.also.answer.split(chr(10) * 2)[0]}")
        return Answer(
            q.raw,
            AnswerKind.TOPIC,
            lead=topic.answer,
            topic=topic,
            score=found.score,
            notes=notes,
            suggestions=(about,) if about is not None else (),
        )

    def topic_entry(self, topic: Topic, q: Question) -> Answer:
        """A topic opened by its id (a button)."""
        return self.topic(TopicFound(topic=topic), q)

    def wrong_country(self, found: WrongCountry, q: Question) -> Answer:
        """Our city's name, placed in another country."""
        city = found.city
        assert city is not None
        return Answer(
            q.raw,
            AnswerKind.NOT_SISTER,
            lead=f"Boston's sister city {city.name} is in {city.country}, not in {found.elsewhere}.",
            suggestions=(city,),
            score=found.score,
        )

    def country_in_passing(self, found: CountryInPassing, q: Question) -> Answer:
        """A country named in passing: offer our city there."""
        city = found.city
        assert city is not None
        return Answer(
            q.raw,
            AnswerKind.SUGGEST,
            lead=f"I'm not sure what you're asking. Boston's sister city in {city.country} is {city.name}; "
            "is that what you're looking for?",
            suggestions=(city,),
            score=found.score,
        )

    def not_sister(self, found: NotSister, q: Question) -> Answer:
        """A real place that is not a sister city, with ours nearby."""
        place, mention = found.place, found.mention
        assert place is not None and mention is not None
        if place.is_country:
            lead = f"Boston has no sister city in {place.name}."
            notes: tuple[str, ...] = (
                (f"Nearby: {', '.join(f'{c.name} ({c.country})' for c in found.nearby)}.",) if found.nearby else ()
            )
            # One source lists a city there that nothing confirms ("England": Boston, Lincolnshire).
            notes += tuple(f"Not confirmed: {t}" for t in self.unconfirmed_in(place.country_code.split(":")[0]))
        else:
            said = _POSSESSIVE.sub("", mention.surface)  # "dublin's close to belfast": Dublin
            same = place.name.casefold() == said.casefold()
            typed = said if said != said.lower() else " ".join(w[:1].upper() + w[1:] for w in said.split())
            where = f"{place.name}, {place.country}" if same else f"{typed} ({place.name}, {place.country})"
            lead = f"{where} is not one of Boston's sister cities."
            if found.near_to is not None:
                near = found.near_to
                apart = (
                    f", about {describe_distance(distance_km((place.latitude, place.longitude), near.position))} away,"
                    if place.latitude is not None and place.longitude is not None
                    else ","
                )
                lead += f" {near.name}{apart} is Boston's {kind_word(near)}."
            there = [c for c in found.nearby if c.country_code == place.country_code]
            names = " and ".join(c.name for c in there)
            notes = (f"Boston's sister city in {place.country}: {names}.",) if there else ()
            # one of ours in a country whose name holds this one's ("Ireland": Belfast, in Northern Ireland)
            shared = [c for c in found.nearby if c not in there and c is not found.near_to]
            notes += tuple(f"Boston's sister city in {c.country}: {c.name}." for c in shared)
        if found.ranked is not None:  # "was Tokyo our first sister city?": which was
            rank, city = found.ranked
            lead += f" Boston's {rank} sister city is {city.name}, {city.country} (since {city.since})."
        return Answer(
            q.raw,
            AnswerKind.NOT_SISTER,
            lead=lead,
            notes=(*notes, f"Boston's sister cities are {self.sister_names}."),
            suggestions=found.suggestions,
            topic_suggestions=found.topics,
            score=found.score,
        )

    def association(self, found: AssociationAsked, q: Question) -> Answer:
        """A city's sister-city association, or plainly that the sources name none (or no web address)."""
        city = found.city
        assert city is not None
        association = city.association
        if association is None:
            lead = f"My sources name no sister-city association for {city.name}, so I can't answer that."
            return Answer(q.raw, AnswerKind.UNKNOWN_FACT, lead=lead, suggestions=(city,), score=0)
        if found.web_asked and association.url is None:
            lead = f"My sources give no website for the {association.name}, {city.name}'s association."
            return Answer(q.raw, AnswerKind.UNKNOWN_FACT, lead=lead, suggestions=(city,), score=0)
        lead = f"{city.name}'s sister-city association is the {association.name}"
        lead += f" ({association.url})." if association.url else "."
        if association.note:
            lead += f" {association.note}"
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)

    def unconfirmed(self, found: Unconfirmed, q: Question) -> Answer:
        """A city listed somewhere and confirmed nowhere."""
        city = found.city
        assert city is not None
        kind = "sister cities" if city.claimed_as is Status.SISTER else "friendship (partner) cities"
        caveat = f"{city.name} ({city.country}) is not confirmed as one of Boston's {kind}."
        if found.own_ties and city.other_ties is not None:  # "what are Beira's twin cities?"
            return Answer(q.raw, AnswerKind.UNCONFIRMED, lead=city.other_ties.text, notes=(caveat,), score=0)
        if found.own_ties:  # "the sister cities of Boston in Lincolnshire": not Boston's list, and not known
            lead = others_ties(city.name)
            return Answer(q.raw, AnswerKind.OTHER_PROGRAM, lead=lead, notes=(caveat,), score=0)
        lead = f"{caveat} {city.claim.text}"
        notes = (f"The confirmed sister cities are {self.sister_names}.",)
        return Answer(q.raw, AnswerKind.UNCONFIRMED, lead=lead, notes=notes, score=0)

    def related(self, found: Related, q: Question) -> Answer:
        """Entries related to a named city, saying how."""
        anchor = found.anchor
        assert anchor is not None
        cities = found.cities
        n = len(cities)
        if found.kind is RelationKind.BEFORE:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"Before {anchor.name} joined ({anchor.since}), Boston had "
            if cities:
                lead += f"{n} {noun}{found.where}: {names_list(cities)}."
            else:  # "which sister city did Boston have before Kyoto?": none; Kyoto was its first
                first = not found.where and anchor is self.kb.sister_cities[0]
                lead += f"no sister cities{found.where} yet" + (f": {anchor.name} was its first." if first else ".")
        elif found.kind is RelationKind.AFTER:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"After {anchor.name} ({anchor.since}), {n} more {noun}{found.where} joined Boston"
            newest = f"{anchor.name} is the newest" + (f" of them{found.where}" if found.where else "")
            lead += f": {names_list(cities)}." if cities else f": none; {newest}."
        else:
            where = {
                RelationKind.SAME_COUNTRY: f"in {anchor.country}",
                RelationKind.SAME_CONTINENT: f"in {anchor.continent.value}",
            }.get(found.kind, "")
            aside = names_list((anchor, *found.also))
            if not cities and found.also:
                lead = f"Besides {aside}, Boston has no other sister or friendship city {where}.".replace("  ", " ")
            elif not cities:
                lead = f"{anchor.name} is Boston's only {' '.join(filter(None, ('sister or friendship city', where)))}."
            else:
                described = ", ".join(f"{c.name} ({kind_word(c)} since {c.established.year})" for c in cities)
                partner = "partner city" if n == 1 else "partner cities"
                lead = f"Besides {aside}, Boston has {n} {' '.join(filter(None, (partner, where)))}: {described}."
                if any(not c.is_sister for c in cities):
                    lead += " Friendship cities are partners, not sister cities."
            if found.kind is RelationKind.SAME_COUNTRY and (unsure := self.unconfirmed_in(anchor.country_code)):
                lead += " Not confirmed: " + " ".join(unsure)  # one source lists another there
            if found.kind is RelationKind.SAME_CONTINENT:  # "any other in Africa?": Beira, listed by one source
                claims = [c.claim.text for c in self.kb.unconfirmed if c.continent is anchor.continent]
                lead += "".join(f" Not confirmed: {claim}" for claim in claims)
        if n == 1:
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=cities[0])
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities))
