"""spaCy matchers built once from the knowledge files."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from eventwire.knowledge import Knowledge

# Match labels: "<KIND>|<key>|<form>"
COUNTRY, ORG, AGENT, ROLE, PRON = "COUNTRY", "ORG", "AGENT", "ROLE", "PRON"
PERSON, ORGTYPE = "PERSON", "ORGTYPE"
PRONOUNS = ("he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "it", "its")


@dataclass(frozen=True)
class LexiconMatch:
    kind: str  # COUNTRY | ORG | AGENT | ROLE
    key: str  # iso3, organisation name, agent word, role title
    form: str  # name | alias | demonym | capital | metonym | word | title
    span: Span


class Lexicon:
    """Phrase matchers over the knowledge: proper names case-sensitively, common nouns by lower case."""

    def __init__(self, nlp: Language, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._labels: dict[int, tuple[str, str, str]] = {}
        make = nlp.make_doc
        for country in knowledge.countries.values():
            self._add(self._names, make, COUNTRY, country.iso3, "name", [country.name])
            self._add(self._names, make, COUNTRY, country.iso3, "alias", _with_article(country.aliases))
            self._add(self._names, make, COUNTRY, country.iso3, "demonym", country.demonyms)
            self._add(self._names, make, COUNTRY, country.iso3, "capital", _with_upper(country.capitals))
            self._add(self._names, make, COUNTRY, country.iso3, "metonym", _with_article(country.metonyms))
        for org in knowledge.organizations.values():
            self._add(self._names, make, ORG, org.name, "name", _with_article([org.name, *org.aliases]))
        for person in knowledge.people.values():
            self._add(self._names, make, PERSON, person.name, "name", [person.name])
            self._add(self._names, make, PERSON, person.name, "alias", person.aliases)
        for head in knowledge.org_types:
            self._add(self._words, make, ORGTYPE, head, "word", [head])
        for word in knowledge.agents:
            self._add(self._words, make, AGENT, word, "word", [word])
        for title in knowledge.roles:  # title-cased too: 'Sen.' and 'Gen.' are one token only when capitalised
            self._add(self._words, make, ROLE, title, "title", sorted({title, title.title()}))
        for pronoun in PRONOUNS:
            self._add(self._words, make, PRON, pronoun, "pronoun", [pronoun])

    def _add(self, matcher: PhraseMatcher, make, kind: str, key: str, form: str, phrases) -> None:
        phrases = [p for p in phrases if p]
        if not phrases:
            return
        label = f"{kind}|{key}|{form}"
        matcher.add(label, [make(p) for p in phrases])
        self._labels[matcher.vocab.strings[label]] = (kind, key, form)

    def matches(self, doc: Doc) -> list[LexiconMatch]:
        found = [*self._names(doc), *self._words(doc)]
        return [LexiconMatch(*self._labels[match_id], doc[start:end]) for match_id, start, end in found]


def _with_upper(names) -> list[str]:
    """Capitals also in capitals ('TEHRAN'), as datelines and headlines write them."""
    return sorted({form for name in names for form in (name, name.upper())})


def _with_article(names) -> list[str]:
    """'the White House' in a file matches 'White House': the article is not part of the mention."""
    return [name[4:] if name.lower().startswith("the ") else name for name in names]
