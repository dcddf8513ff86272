"""Countries for actors the text names without one ('the rebels', 'President Dos Santos', 'opposition leaders').

Event data is mostly read by country, and a domestic actor with no country is lost to every analysis. When
neither the words of the mention nor the knowledge give a country, the report's context usually does; in order:

1. a country word modifying the mention's head ('Angry French paper workers');
2. a place or country attached to the mention itself ('rebels in the Ivory Coast', 'leaders of Kenya's opposition');
3. where the mention's own clause happens ('people blocked streets in Hong Kong', 'prisoners rioted at a jail in
   Dili'), when that names one country;
4. the only country named in the mention's sentence (places, countries, actors with a country);
5. the only country named in the whole report.

International bodies and NGOs are left alone, and so are actors the context names several countries for: a
wrong country is worse than none. Each inference is written to the actor's `resolution`.

A people named by a demonym ('Albanians', 'Serbs') is coded, as CAMEO codes ethnic groups, by where it lives when
the text says so: 'Bosnian Serbs' (a second demonym), 'Albanians of southern Serbia' (an attached place), or
'ethnic Albanians ... in Serbia' (an ethnic minority, with one other country in its sentence).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Token

from eventwire.analysis.actors import ActorResult, stance_word
from eventwire.analysis.places import PlaceResult
from eventwire.models import Actor

NON_STATE = {"IGO", "NGO", "INT", "IMG"}  # sectors and code heads that belong to no country (IMG: militant networks)
INTERNATIONAL = {"UNO", "EUR", "IGO", "NGO", "INT", "IMG"}
ATTACHED_PREPS = {"in", "of", "from"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LOCATIVE_PREPS = {"in", "at", "across", "throughout", "near"}


def infer_countries(doc: Doc, result: ActorResult, places: PlaceResult, iso2_to_iso3: Mapping[str, str]) -> None:
    """Fill `country` (and the code's country part) of country-less actors from their context, in place."""
    actors = {a.id: a for a in result.actors}
    evidence = _CountryEvidence(doc, result, places, actors, iso2_to_iso3)
    by_actor: dict[str, list] = {}
    for mention in result.mentions:
        by_actor.setdefault(mention.actor, []).append(mention)
    for actor in result.actors:
        mentions = by_actor.get(actor.id, [])
        if actor.kind == "group" and mentions and all(m.form == "demonym" for m in mentions):
            _code_by_residence(actor, evidence, mentions)
            continue
        if actor.country or not _can_have_country(actor):
            continue
        country, how = evidence.country_for(actor, mentions)
        if country is None:
            continue
        actor.country = country
        actor.code = f"{country}{actor.code or actor.sector or ''}"
        actor.resolution = "; ".join(filter(None, [actor.resolution, f"country {country} from context: {how}"]))


def _code_by_residence(actor: Actor, evidence: _CountryEvidence, mentions: list) -> None:
    country, how = evidence.residence_of(actor, mentions)
    if country is None or country == actor.country:
        return
    actor.country = country
    actor.code = f"{country}{actor.sector or ''}"
    actor.resolution = "; ".join(filter(None, [actor.resolution, f"coded by residence, {country}: {how}"]))


def _can_have_country(actor: Actor) -> bool:
    code = (actor.code or "")[:3]
    return actor.kind != "country" and actor.sector not in NON_STATE and code not in NON_STATE


class _CountryEvidence:
    """Countries named in each sentence, and attached to each token, of one report."""

    def __init__(self, doc: Doc, result: ActorResult, places: PlaceResult, actors: Mapping[str, Actor],
                 iso2_to_iso3: Mapping[str, str]) -> None:
        self.doc = doc
        self.token_country: dict[int, str] = {}
        for i, place in places.token_place.items():
            country = iso2_to_iso3.get(place.country or "")
            if country:
                self.token_country[i] = country
        for i, mention in result.token_mention.items():
            country = actors[mention.actor].country if mention.actor in actors else None
            if country and country not in INTERNATIONAL:
                self.token_country.setdefault(i, country)
        for i in [i for i in self.token_country if stance_word(doc, i)]:
            del self.token_country[i]  # 'anti-Syria journalist': Syria is what they oppose, not where they are from
        self.sentence_starts = [sent.start for sent in doc.sents]
        self.by_sentence: dict[int, set[str]] = {}
        for i, country in self.token_country.items():
            self.by_sentence.setdefault(self._sentence_of(i), set()).add(country)
        self.everywhere = set(self.token_country.values())

    def country_for(self, actor: Actor, mentions: Iterable) -> tuple[str | None, str]:
        spans = [s for s in (self.doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions) if s]
        for span in spans:
            modifier = self._modifier_country(span.root)
            if modifier is not None:
                return modifier, f"a country word modifies '{span.text}'"
            attached = self._attached(span.root)
            if attached is not None:
                return attached, f"'{span.text}' is placed in it"
        for span in spans:
            located = self._clause_place(span.root)
            if located is not None:
                return located, f"'{span.text}' acts in it"
        named: set[str] = set()
        for span in spans:
            named |= self.by_sentence.get(self._sentence_of(span.start), set())
        if len(named) == 1:
            return next(iter(named)), "the only country named in its sentence"
        if not named and len(self.everywhere) == 1:
            return next(iter(self.everywhere)), "the only country named in the report"
        return None, ""

    def residence_of(self, actor: Actor, mentions: Iterable) -> tuple[str | None, str]:
        spans = [s for s in (self.doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions) if s]
        for span in spans:
            head = span.root
            before = self.doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.head.i == head.i and before.dep_ in MODIFIER_DEPS \
                    and self.token_country.get(before.i) not in (None, actor.country):
                return self.token_country[before.i], f"'{before.text} {span.text}'"
            attached = self._attached(head)
            if attached is not None:
                return attached, f"'{span.text}' is placed in it"
            if any(c.lower_ == "ethnic" for c in head.children):
                others = self.by_sentence.get(self._sentence_of(span.start), set()) - {actor.country}
                if len(others) == 1:
                    return next(iter(others)), "an ethnic minority, the only other country in its sentence"
        return None, ""

    def _sentence_of(self, token_index: int) -> int:
        """First token of the sentence holding the token (Token.sent is slow on long documents)."""
        return self.sentence_starts[bisect_right(self.sentence_starts, token_index) - 1]

    def _modifier_country(self, head: Token) -> str | None:
        found = {self.token_country[c.i] for c in head.children
                 if c.dep_ in MODIFIER_DEPS and c.i in self.token_country}
        return next(iter(found)) if len(found) == 1 else None

    def _clause_place(self, head: Token) -> str | None:
        """The country of the 'in/at' phrase of the verb the mention is the subject of ('hundreds of thousands of
        people blocked streets in Hong Kong': the subject is the quantity the people are counted by)."""
        while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ in {*SUBJECT_DEPS, "pobj"}:
            head = head.head.head
        if head.dep_ not in SUBJECT_DEPS:
            return None
        verb = head.head
        holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]  # 'declared a siege in Haiti'
        found = {self.token_country[t.i] for holder in holders for prep in holder.children
                 if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS
                 for t in prep.subtree if t.i in self.token_country}
        return next(iter(found)) if len(found) == 1 else None

    def _attached(self, head: Token) -> str | None:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ATTACHED_PREPS:
                found = {self.token_country[t.i] for t in prep.subtree if t.i in self.token_country}
                if len(found) == 1:
                    return next(iter(found))
        return None
