"""Actor mentions and actors: names, descriptions and pronouns grouped into one actor per referent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy
from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.analysis.coding import ActorDraft, code_person
from eventwire.analysis.lexicon import AGENT, COUNTRY, ORG, ORGTYPE, PERSON, ROLE, Lexicon, LexiconMatch
from eventwire.knowledge import Knowledge, KnownPerson
from eventwire.models import Actor, Mention, Role

PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
COLLECTIVE_PRONOUNS = {"it", "they"}
COLLECTIVE_POSSESSIVES = {"its": {"country", "organization"}, "their": {"group", "organization", "country"}}
ROLE_MODIFIERS = {"former", "ex", "ex-", "-", "new", "then", "acting", "outgoing", "interim", "incoming", "late",
                  "retired", "disgraced", "deputy", "vice", "pro", "anti", "junior", "senior", "top"}
STANCE_PREFIXES = {"anti", "pro", "non"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "late", "outgoing", "retired", "disgraced"}
POSSESSIVE = {"'s", "’s", "'"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}
HEAD_TITLES = {"chief", "head", "leader", "boss"}
PRONOUN_WINDOW = 3  # sentences a pronoun may look back for its antecedent
FUZZY_NAME_SCORE = 88
CIVILIANS = ("CVL", "people")

PlaceCountry = Callable[[str], str | None]


@dataclass(frozen=True)
class Owner:
    """Who a title, agent or institution belongs to: a country (ISO3) or an organisation."""

    country: str | None = None
    organization: str | None = None
    start: int = 0  # first token of the words naming it

    @property
    def key(self) -> str:
        return self.organization or self.country or ""


@dataclass
class MentionDraft:
    start: int  # token offsets
    end: int
    actor: str  # ActorDraft.key
    form: str


@dataclass
class ActorResult:
    actors: list[Actor]
    mentions: list[Mention]
    token_mention: dict[int, Mention]  # every token inside a mention -> that mention

    def actor_at(self, token_index: int) -> str | None:
        mention = self.token_mention.get(token_index)
        return mention.actor if mention else None


class KnownPeople:
    """Known office holders by the forms that name them alone; ambiguous forms are left out."""

    def __init__(self, knowledge: Knowledge) -> None:
        owners: dict[str, set[str]] = {}
        for person in knowledge.people.values():
            for form in (person.name, *person.aliases):
                owners.setdefault(form, set()).add(person.name)
        self.by_form = {form: knowledge.people[next(iter(names))] for form, names in owners.items() if len(names) == 1}
        self.full_names = [p.name for p in knowledge.people.values()]
        self.by_surname: dict[str, list[str]] = {}
        for name in self.full_names:
            self.by_surname.setdefault(name.split()[-1], []).append(name)
        self.people = knowledge.people

    def find(self, name: str) -> KnownPerson | None:
        person = self.by_form.get(name)
        if person is not None or " " not in name:
            return person
        candidates = self.by_surname.get(name.split()[-1]) or self.full_names
        best = process.extractOne(name, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME_SCORE)
        return self.people[best[0]] if best else None


class ActorExtractor:
    def __init__(self, lexicon: Lexicon, place_country: PlaceCountry = lambda _name: None) -> None:
        self.lexicon = lexicon
        self.knowledge: Knowledge = lexicon.knowledge
        self.known = KnownPeople(self.knowledge)
        self.place_country = place_country

    def __call__(self, doc: Doc, matches: list[LexiconMatch], excluded: set[int] = frozenset(),
                 published: date | None = None) -> ActorResult:
        """`excluded`: character offsets where no named entity becomes an actor (credit lines, datelines)."""
        return _Run(self, doc, matches, excluded, published).result()


class _Run:
    """State for one document."""

    def __init__(self, extractor: ActorExtractor, doc: Doc, matches: list[LexiconMatch], excluded: set[int],
                 published: date | None) -> None:
        self.doc = doc
        self.excluded = excluded
        self.kb = extractor.knowledge
        self.known = extractor.known
        self.place_country = extractor.place_country
        self.day = published
        self.drafts: dict[str, ActorDraft] = {}
        self.mentions: list[MentionDraft] = []
        self.taken: set[int] = set()
        by_kind: dict[str, list[LexiconMatch]] = {}
        for match in matches:
            by_kind.setdefault(match.kind, []).append(match)
        self.entity_matches = _longest(by_kind.get(COUNTRY, []) + by_kind.get(ORG, []))
        self.agent_matches = _longest(by_kind.get(AGENT, []) + by_kind.get(ORGTYPE, []))
        self.role_matches = _longest(by_kind.get(ROLE, []))
        self.person_matches = by_kind.get(PERSON, [])
        self.pronouns = by_kind.get("PRON", [])
        self.entity_at = {i: m for m in self.entity_matches for i in range(m.span.start, m.span.end)}
        self.role_at = {i: m for m in self.role_matches for i in range(m.span.start, m.span.end)}
        self.place_at = {i: ent for ent in doc.ents if ent.label_ in {"GPE", "LOC"} for i in range(ent.start, ent.end)}

    def result(self) -> ActorResult:
        person_spans = self._person_spans()
        person_spans = filter_spans(person_spans + self._name_repeats(person_spans))
        self._add_entities(person_spans)
        self._add_people(person_spans)
        self._add_organisations(person_spans)
        self._add_agents()
        self._add_descriptions()
        self._resolve_pronouns()
        self._resolve_collective_pronouns()
        self._resolve_collective_possessives()
        self._own_by_pronouns()
        return self._finish()

    # -- people ---------------------------------------------------------------------------------------
    def _person_spans(self) -> list[Span]:
        """PERSON entities without leading titles, known office holders' names, and names NER typed wrongly."""
        spans: list[Span] = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or ent.start_char in self.excluded:
                continue
            span = self._strip_title(ent)
            if span is not None and not self._covered_by_entity(span):
                spans.append(span)
        spans += [m.span for m in self.person_matches if m.span.start_char not in self.excluded]
        spans += self._titled_names()
        surnames = {s[-1].text for s in spans if len(s) > 1} | {s.text for s in spans}
        for ent in self.doc.ents:
            if ent.label_ in {"ORG", "GPE", "NORP", "LOC"} and ent.text in surnames \
                    and not self._covered_by_entity(ent):
                spans.append(ent)
        return filter_spans(spans)

    def _titled_names(self) -> list[Span]:
        """Names NER typed as ORG/GPE right after a title: 'German Chancellor Olaf Scholz'."""
        spans = []
        for ent in self.doc.ents:
            if ent.label_ not in {"ORG", "GPE", "NORP"} or ent.start - 1 not in self.role_at:
                continue
            if ent.start_char in self.excluded or any(i in self.entity_at for i in range(ent.start, ent.end)):
                continue
            if all(token.is_title for token in ent) and len(ent) <= 4:
                spans.append(ent)
        return spans

    def _name_repeats(self, person_spans: list[Span]) -> list[Span]:
        """Later uses of a known person's surname that NER missed or mistyped ('Zelenskyy' as ORG)."""
        surnames = {s[-1].orth for s in person_spans}
        if not surnames:
            return []
        orths = self.doc.to_array("ORTH")
        hits = numpy.flatnonzero(numpy.isin(orths, numpy.fromiter(surnames, dtype=orths.dtype)))
        return [self.doc[i:i + 1] for i in hits.tolist()
                if i not in self.entity_at and self.doc[i].is_title and self.doc[i].ent_type_ != "PERSON"]

    def _strip_title(self, ent: Span) -> Span | None:
        start = ent.start
        while start < ent.end and (start in self.role_at or start in self.entity_at or
                                   self.doc[start].lower_ in ROLE_MODIFIERS):
            start += 1
        if start == ent.end:  # the whole name is a title word: 'King', 'Bishop'
            start = ent.start
        end = ent.end
        while end > start and self.doc[end - 1].text in POSSESSIVE:
            end -= 1
        return self.doc[start:end] if end > start else None

    def _covered_by_entity(self, span: Span) -> bool:
        return all(i in self.entity_at for i in range(span.start, span.end))

    def _add_people(self, person_spans: list[Span]) -> None:
        full_names = {s[-1].text: s.text for s in person_spans if len(s) > 1}
        for span in sorted(person_spans, key=lambda s: s.start):
            if self._overlaps_taken(span):
                continue
            name = span.text if len(span) > 1 else full_names.get(span.text, span.text)
            known = self.known.find(name)
            key = f"person:{known.name if known else name}"  # one actor for 'Zelensky' and 'Zelenskyy'
            if known is not None and " " not in name:
                name = known.name  # 'Merkel' alone: the known full name
            if key in self.drafts and len(name) > len(self.drafts[key].name):
                self.drafts[key].name = name  # the fullest form the report uses
            draft = self.drafts.get(key)
            if draft is None:
                how = "known office holder" if known else "named person"
                draft = self.drafts[key] = ActorDraft(key, name, "person", resolution=[how], known=known)
            role = self._premodifier_role(span) or self._appositive_role(span)
            if role is not None and role.organization is None:  # 'King Hassan of Morocco'
                owner = self._owner_after(span)
                if owner is not None:
                    role = role.model_copy(update={"organization": owner.key})
            known_roles = {(r.title.lower(), r.organization, r.former) for r in draft.roles}
            if role is not None and (role.title.lower(), role.organization, role.former) not in known_roles:
                draft.roles.append(role)
            self._mention(span.start, span.end, key, "name")

    def _premodifier_role(self, span: Span) -> Role | None:
        start = span.start
        while start > span.sent.start:
            token = self.doc[start - 1]
            if (start - 1 in self.role_at or start - 1 in self.entity_at or token.lower_ in ROLE_MODIFIERS
                    or token.text in POSSESSIVE):
                start -= 1
                continue
            break
        return self._role_from(self.doc[start:span.start])

    def _appositive_role(self, span: Span) -> Role | None:
        """'Mark Rutte, NATO's new secretary general' and "Kenya's foreign minister, Musalia Mudavadi"."""
        for child in span.root.children:
            if child.dep_ == "appos" and child.i >= span.end:
                return self._role_from(self.doc[child.left_edge.i:child.right_edge.i + 1])
        head = span.root.head
        if span.root.dep_ == "appos" and head.i < span.start and head.i in self.role_at:
            return self._role_from(self.doc[head.left_edge.i:head.i + 1])
        return None

    def _role_from(self, zone: Span) -> Role | None:
        titles = [self.role_at[i] for i in range(zone.start, zone.end) if i in self.role_at]
        if not titles:
            return None
        title = titles[-1]
        self.taken.update(range(title.span.start, title.span.end))
        owner = next((self._owner_of(self.entity_at[i]) for i in range(zone.start, zone.end) if i in self.entity_at),
                     None)
        return Role(
            title=_title_case(title.span.text),
            organization=owner.key if owner else None,
            former=any(t.lower_ in FORMER_WORDS for t in zone),
            start=zone.start_char,
            end=zone.end_char,
        )

    # -- countries, organisations, groups --------------------------------------------------------------
    def _add_entities(self, person_spans: list[Span]) -> None:
        inside_person = {i for s in person_spans if len(s) > 1 for i in range(s.start, s.end)}
        for match in self.entity_matches:
            if match.span.start in inside_person:
                continue
            if match.kind == ORG:
                key = self._org_actor(match.key)
            elif match.form in {"capital", "metonym"}:  # "Moscow said", "the Kremlin": the government
                key = self._government_actor(match.key)
            elif match.form == "demonym" and _names_people(match.span):  # "ordinary Kazakhs"
                key = self._group_actor(*CIVILIANS, Owner(country=match.key), match.span.text)
            else:
                key = self._country_actor(match.key)
            self._mention(match.span.start, match.span.end, key, match.form)

    def _add_organisations(self, person_spans: list[Span]) -> None:
        """ORG entities outside the dictionary; their head noun gives the sector ('Ministry of Mines')."""
        any_person = {i for s in person_spans for i in range(s.start, s.end)}
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or self._overlaps_taken(ent) or ent.start in any_person \
                    or ent.start_char in self.excluded or any(i in self.role_at for i in range(ent.start, ent.end)):
                continue
            span = _drop_trailing_possessive(_drop_leading_article(ent))
            sector = self._org_sector(span)
            if sector is None and self.place_country(span.text):
                continue  # a place NER typed as ORG ('Kano State', 'Mariupol')
            owner = self._owner_before(span.start) or self._owner_inside(span)
            key = f"org:{span.text}"
            if key not in self.drafts:
                draft = ActorDraft(key, span.text, "organization", sector=sector, resolution=["named entity ORG"])
                if owner is not None:
                    draft.country = owner.country
                if sector:
                    draft.code = f"{draft.country or ''}{sector}"
                    draft.resolution.append(f"head noun -> sector {sector}")
                self.drafts[key] = draft
            self._mention(span.start, span.end, key, "name")

    def _org_sector(self, span: Span) -> str | None:
        words = span.text.lower().split(" of ")[0].split()
        for size in range(min(3, len(words)), 0, -1):
            sector = self.kb.org_types.get(" ".join(words[-size:]))
            if sector:
                return sector
        return None

    def _add_agents(self) -> None:
        """Generic agents and institutions: 'police', 'Ukrainian troops', "Norway's central bank"."""
        for match in self.agent_matches:
            span = match.span
            if self._overlaps_taken(span) or any(i in self.entity_at for i in range(span.start, span.end)):
                continue
            if span.root.dep_ in MODIFIER_DEPS and span.root.head.i >= span.end:
                continue  # 'military aid': the word modifies another noun, it names no agent
            if match.kind == AGENT:
                agent = self.kb.agents[match.key]
                sector, label = agent.sector, agent.label
            else:
                sector, label = self.kb.org_types[match.key], match.key
            owner = self._owner_before(span.start) or self._owner_after(span)
            if match.kind == ORGTYPE and owner is None:
                continue  # 'took office', 'a party to the conflict': an institution needs an owner
            start = min(span.start, owner.start) if owner and owner.start < span.start else span.start
            former = start > 0 and self.doc[start - 1].lower_ in FORMER_WORDS
            if former:
                sector, label = "ELI", f"former {match.key}"  # 'a former CIA official'
            words = self.doc[start - 1 if former else start:span.end].text
            key = self._group_actor(sector, label, owner, words)
            self._replace_mentions(start, span.end)
            self._mention(start, span.end, key, "description")

    # -- descriptions and pronouns ----------------------------------------------------------------------
    def _add_descriptions(self) -> None:
        """'the NATO chief', 'the Ukrainian president', 'the minister' -> the person holding that role."""
        for match in self.role_matches:
            span = match.span
            if self._overlaps_taken(span) or span.root.pos_ not in {"NOUN", "PROPN"}:
                continue
            if span.root.dep_ in MODIFIER_DEPS and span.root.head.i >= span.end:
                continue  # 'presidential' uses, 'defense minister meeting'
            owner = self._owner_before(span.start) or self._owner_after(span)
            start = owner.start if owner and owner.start < span.start else span.start
            former = start > 0 and self.doc[start - 1].lower_ in FORMER_WORDS
            key = self._resolve_description(match.key, owner, former)
            self._replace_mentions(start, span.end)
            self._mention(start, span.end, key, "description")

    def _resolve_description(self, title: str, owner: Owner | None, former: bool) -> str:
        """The person in this report holding (or, for 'the former ...', having held) the role."""
        candidates = [draft.key for draft in self.drafts.values()
                      if draft.kind == "person" and self._holds(draft, title, owner, former)]
        if candidates:
            return self._most_recent(candidates)
        return self._unnamed_holder(title, owner, former)

    def _holds(self, draft: ActorDraft, title: str, owner: Owner | None, former: bool) -> bool:
        roles = [(r.title, r.organization, r.former) for r in draft.roles]
        if draft.known is not None:  # the knowledge of who held which office when
            roles += [(o.title, o.country or o.organization, self.day is not None and o.end is not None
                       and o.end < self.day) for o in draft.known.offices]
        for role_title, organization, was in roles:
            same_owner = owner is None or organization == owner.key
            same_title = role_title.lower() == title or role_title.lower().endswith(f" {title}") \
                or (title in HEAD_TITLES and owner is not None)
            if same_owner and same_title and was == former:
                return True
        return False

    def _unnamed_holder(self, title: str, owner: Owner | None, former: bool) -> str:
        """Someone named only by a role: 'an opposition lawmaker', 'the Chinese foreign minister'."""
        key = f"role:{owner.key if owner else ''}:{title}:{former}"
        if key not in self.drafts:
            prefix = "former " if former else ""
            name = f"{prefix}{self._owner_name(owner) + ' ' if owner else ''}{title}"
            draft = ActorDraft(key, name, "person", resolution=[f"unnamed holder of '{title}'"])
            draft.roles.append(Role(title=_title_case(title), organization=owner.key if owner else None, former=former))
            code_person(draft, self.kb, self.day)
            self.drafts[key] = draft
        return key

    def _most_recent(self, keys: list[str]) -> str:
        for mention in reversed(self.mentions):
            if mention.actor in keys:
                return mention.actor
        return keys[0]

    def _resolve_pronouns(self) -> None:
        """he/she/his/her -> the last person that was a subject within a few sentences, else the last person."""
        items = sorted(
            [(m.start, "mention", m) for m in self.mentions if self.drafts[m.actor].kind == "person"]
            + [(p.span.start, "pronoun", p) for p in self.pronouns if p.key in PERSON_PRONOUNS],
            key=lambda item: item[0],
        )
        sent_index = {s.start: n for n, s in enumerate(self.doc.sents)}
        last_subject: tuple[str, int] | None = None
        last_person: str | None = None
        for start, kind, item in items:
            sentence = sent_index.get(self.doc[start].sent.start, 0)
            if kind == "mention":
                actor = item.actor
            else:
                if start in self.taken:
                    continue
                if last_subject and sentence - last_subject[1] <= PRONOUN_WINDOW:
                    actor = last_subject[0]
                elif last_person:
                    actor = last_person
                else:
                    continue
                self._mention(start, start + 1, actor, "pronoun")
            token = self.doc[start if kind == "pronoun" else item.end - 1]
            if token.dep_ in SUBJECT_DEPS or token.head.dep_ in SUBJECT_DEPS and token.dep_ == "poss":
                last_subject = (actor, sentence)
            last_person = actor

    def _resolve_collective_pronouns(self) -> None:
        """'The ministry said it would ...', 'Rebels said they ...': 'it'/'they' as the speaker of a speech verb
        -> the last organisation, country or group that was a subject within a few sentences. Other uses
        ('it was clear that') stay unresolved."""
        sent_index = {s.start: n for n, s in enumerate(self.doc.sents)}
        subjects = sorted(
            (m.start, self.drafts[m.actor].kind, m.actor) for m in self.mentions
            if self.drafts[m.actor].kind != "person" and self.doc[m.end - 1].dep_ in SUBJECT_DEPS
        )
        for pronoun in self.pronouns:
            token = pronoun.span[0]
            if pronoun.key not in COLLECTIVE_PRONOUNS or token.i in self.taken or token.dep_ not in SUBJECT_DEPS:
                continue
            speaker = self._reporting_subject(token)
            if speaker is not None:  # 'Switzerland said it had expelled ...': the one who said it
                self._mention(token.i, token.i + 1, speaker, "pronoun")
                continue
            if token.head.lemma_ not in self.kb.speech_verbs:
                continue
            wanted = {"organization", "country", "group"} if pronoun.key == "it" else {"group", "organization"}
            sentence = sent_index.get(token.sent.start, 0)
            earlier = [(start, actor) for start, kind, actor in subjects if start < token.i and kind in wanted
                       and sentence - sent_index.get(self.doc[start].sent.start, 0) <= PRONOUN_WINDOW]
            if earlier:
                self._mention(token.i, token.i + 1, earlier[-1][1], "pronoun")

    def _resolve_collective_possessives(self) -> None:
        """'stands with Ukraine in its fight', 'the rebels and their leaders': a possessive 'its'/'their' is the
        nearest country, organisation or group named earlier in its sentence ('its' not a group of people)."""
        for pronoun in self.pronouns:
            token = pronoun.span[0]
            if pronoun.key not in COLLECTIVE_POSSESSIVES or token.i in self.taken or token.dep_ != "poss":
                continue
            wanted = COLLECTIVE_POSSESSIVES[pronoun.key]
            earlier = [m for m in self.mentions if token.sent.start <= m.start and m.end <= token.i
                       and self.drafts[m.actor].kind in wanted and m.form != "demonym"]
            if earlier:
                self._mention(token.i, token.i + 1, max(earlier, key=lambda m: m.start).actor, "pronoun")

    def _reporting_subject(self, pronoun) -> str | None:
        """The non-person subject of the speech verb whose clause the pronoun opens."""
        clause = pronoun.head
        if clause.dep_ != "ccomp" or clause.head.lemma_ not in self.kb.speech_verbs:
            return None
        subject = next((c for c in clause.head.children if c.dep_ in SUBJECT_DEPS), None)
        mention = next((m for m in self.mentions if subject is not None and m.start <= subject.i < m.end), None)
        if mention is None or self.drafts[mention.actor].kind == "person":
            return None
        return mention.actor

    def _own_by_pronouns(self) -> None:
        """'his government', 'their troops': the group belongs to the country of the pronoun's referent."""
        by_start = {m.start: m for m in self.mentions}
        for mention in list(self.mentions):
            draft = self.drafts[mention.actor]
            possessor = by_start.get(mention.start - 1)
            if draft.kind != "group" or draft.country or possessor is None or possessor.form != "pronoun":
                continue
            if self.doc[possessor.start].dep_ != "poss":
                continue
            owner_draft = self.drafts[possessor.actor]
            if owner_draft.kind == "person":
                code_person(owner_draft, self.kb, self.day)
            owner_country = owner_draft.country
            if not owner_country or owner_country not in self.kb.countries:
                continue
            label = draft.name
            key = self._group_actor(draft.sector or "GOV", label, Owner(country=owner_country))
            mention.actor = key

    # -- owners ---------------------------------------------------------------------------------------
    def _owner_of(self, match: LexiconMatch) -> Owner:
        if match.kind == COUNTRY:
            return Owner(country=match.key, start=match.span.start)
        org = self.kb.organizations[match.key]
        return Owner(country=org.country, organization=org.name, start=match.span.start)

    def _owner_before(self, start: int) -> Owner | None:
        """'Ukrainian troops', "Chile's Ministry", 'Shanghai authorities'."""
        index = start - 1
        while index >= 1 and self.doc[index].lower_ in ROLE_MODIFIERS:  # "Taiwan's Vice Foreign Minister"
            index -= 1
        possessive = index >= 1 and self.doc[index].text in POSSESSIVE
        if possessive:
            index -= 1
        if index < 0:
            return None
        if index in self.entity_at:
            match = self.entity_at[index]
            return None if stance_word(self.doc, match.span.start) else self._owner_of(match)
        for step in (1, 2):  # 'Panamanian Immigration inspectors'
            earlier = index - step
            named = self.entity_at.get(earlier) if earlier >= 0 else None
            if named is not None and not stance_word(self.doc, named.span.start) and all(
                    self.doc[i].is_title and self.doc[i].dep_ in MODIFIER_DEPS for i in range(earlier + 1, index + 1)):
                return self._owner_of(named)
        led = self._led_by(index)
        if led is not None:  # 'Vietnamese-led forces', 'London-based group'
            return led
        leader = None if possessive else self._leader_named(index)
        if leader is not None:  # 'the Bush administration', 'the Modi government': the leader's country
            return Owner(country=leader, start=index)
        place = self.place_at.get(index) or self._named_modifier(index)
        if place is not None:
            country = self.place_country(place.text)
            if country:
                return Owner(country=country, start=place.start)
        return None

    def _led_by(self, index: int) -> Owner | None:
        """'Saudi-led coalition', 'Vietnamese-led forces', 'London-based group': the country leading or hosting
        it ('US-backed' rebels are not American, so only these two)."""
        if index < 2 or self.doc[index].lower_ not in {"led", "based"} or self.doc[index - 1].text not in {"-", "–"}:
            return None
        named = index - 2
        if named in self.entity_at:
            return self._owner_of(self.entity_at[named])
        place = self.place_at.get(named)
        country = self.place_country(place.text) if place is not None else None
        return Owner(country=country, start=place.start) if country else None

    def _leader_named(self, index: int) -> str | None:
        """The country of a known office holder named by the word ('Bush' in 'the Bush administration')."""
        person = self.known.by_form.get(self.doc[index].text)
        offices = [o for o in person.offices if o.country] if person is not None else []
        return max(offices, key=lambda o: o.start or date.min).country if offices else None

    def _named_modifier(self, index: int) -> Span | None:
        """A capitalised modifier that may be a place: 'Rakhine rebels', 'Kano State government'."""
        token = self.doc[index]
        if not token.is_title or token.dep_ not in {"amod", "compound", "nmod", "poss"}:
            return None
        ent = next((e for e in self.doc.ents if e.start <= index < e.end), None)
        if ent is not None:
            return ent
        start = index
        while start > 0 and self.doc[start - 1].is_title and self.doc[start - 1].dep_ in {"compound", "amod"}:
            start -= 1
        return self.doc[start:index + 1]

    def _owner_after(self, span: Span) -> Owner | None:
        """'president of the European Council', 'trade unions in Denmark'."""
        for child in span.root.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "in", "from"}:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.i in self.entity_at:
                        return self._owner_of(self.entity_at[obj.i])
        return None

    def _owner_inside(self, span: Span) -> Owner | None:
        """A country or place named inside an organisation's name: 'Oxford University', 'Madras High Court'."""
        for i in range(span.start, span.end):
            if i in self.entity_at:
                return self._owner_of(self.entity_at[i])
        names = [t for t in span if t.is_title and t.pos_ == "PROPN" and t.lower_ not in self.kb.org_types]
        runs = [self.doc[a.i:b.i + 1] for a in names for b in names if b.i - a.i in (0, 1)
                and all(t in names for t in self.doc[a.i:b.i + 1])]
        for run in sorted(runs, key=lambda r: (-len(r), r.start)):  # 'Santa Marta' before 'Santa'
            country = self.place_country(run.text)
            if country:
                return Owner(country=country, start=run.start)
        return None

    def _owner_name(self, owner: Owner) -> str:
        if owner.organization:
            return owner.organization
        country = self.kb.countries.get(owner.country or "")
        return country.name if country else owner.key

    # -- actors ---------------------------------------------------------------------------------------
    def _country_actor(self, iso3: str) -> str:
        key = f"country:{iso3}"
        if key not in self.drafts:
            country = self.kb.countries[iso3]
            self.drafts[key] = ActorDraft(key, country.name, "country", code=iso3, country=iso3,
                                          resolution=["country lexicon"])
        return key

    def _government_actor(self, iso3: str) -> str:
        key = f"country:{iso3}:GOV"
        if key not in self.drafts:
            country = self.kb.countries[iso3]
            self.drafts[key] = ActorDraft(key, f"{country.name} government", "country", code=f"{iso3}GOV",
                                          country=iso3, sector="GOV",
                                          resolution=["capital or seat of government stands for the government"])
        return key

    def _org_actor(self, name: str) -> str:
        key = f"org:{name}"
        if key not in self.drafts:
            org = self.kb.organizations[name]
            self.drafts[key] = ActorDraft(key, org.name, "group" if org.kind == "group" else "organization",
                                          code=org.code, country=org.country, sector=org.sector,
                                          resolution=["organisation lexicon"])
        return key

    def _group_actor(self, sector: str, label: str, owner: Owner | None, words: str | None = None) -> str:
        """One actor per owner, sector and kind of agent; named by the words of its first mention."""
        if sector == "GOV" and owner is not None and owner.country and not owner.organization \
                and owner.country in self.kb.countries:
            return self._government_actor(owner.country)  # 'Ukrainian officials', 'his government'
        key = f"group:{owner.key if owner else ''}:{sector}:{label}"
        if key not in self.drafts:
            name = words or (f"{self._owner_name(owner)} {label}" if owner else label)
            name = name[4:] if name.lower().startswith("the ") else name
            draft = ActorDraft(key, name, "group", sector=sector, resolution=[f"agent word ({sector})"])
            if owner is not None and owner.organization:
                org = self.kb.organizations[owner.organization]
                draft.affiliation, draft.country, draft.code = org.name, org.country, org.code
                if org.kind == "group":  # 'Hamas officials' are Hamas
                    draft.sector = org.sector
                elif sector == "ELI":
                    draft.code = f"{org.country or ''}ELI"
            elif owner is not None:
                draft.country = owner.country
                draft.code = f"{owner.country}{sector}"
            else:
                draft.code = sector
            self.drafts[key] = draft
        return key

    # -- bookkeeping ----------------------------------------------------------------------------------
    def _overlaps_taken(self, span: Span) -> bool:
        return any(i in self.taken for i in range(span.start, span.end))

    def _mention(self, start: int, end: int, key: str, form: str) -> None:
        if any(i in self.taken for i in range(start, end)) and form != "pronoun":
            return
        self.taken.update(range(start, end))
        self.mentions.append(MentionDraft(start, end, key, form))

    def _replace_mentions(self, start: int, end: int) -> None:
        """Drop mentions inside a longer description ('Ukrainian' in 'the Ukrainian president')."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        for mention in inside:
            self.mentions.remove(mention)
            self.taken.difference_update(range(mention.start, mention.end))

    def _finish(self) -> ActorResult:
        self.mentions.sort(key=lambda m: m.start)
        for draft in self.drafts.values():
            if draft.kind == "person":
                code_person(draft, self.kb, self.day)
        ids: dict[str, str] = {}
        mentions: list[Mention] = []
        by_actor: dict[str, list[str]] = {}
        token_mention: dict[int, Mention] = {}
        for n, draft in enumerate(self.mentions):
            actor_id = ids.setdefault(draft.actor, f"a{len(ids) + 1}")
            span = self.doc[draft.start:draft.end]
            mention = Mention(id=f"m{n + 1}", start=span.start_char, end=span.end_char, text=span.text,
                              actor=actor_id, form=draft.form)
            mentions.append(mention)
            by_actor.setdefault(draft.actor, []).append(mention.id)
            for i in range(draft.start, draft.end):
                token_mention[i] = mention
        actors = [
            Actor(id=actor_id, name=d.name, kind=d.kind, code=d.code, country=d.country,
                  sector=self.kb.plover_sector(d.sector),
                  affiliation=d.affiliation, roles=d.roles, mentions=by_actor[key],
                  resolution="; ".join(d.resolution) or None)
            for key, actor_id in ids.items()
            for d in [self.drafts[key]]
        ]
        return ActorResult(actors=actors, mentions=mentions, token_mention=token_mention)


def stance_word(doc: Doc, i: int) -> bool:
    """The token follows 'anti-' or 'pro-' ('anti-Syria', 'Pro-Russian'): a country they oppose or back."""
    return i >= 2 and doc[i - 1].text in {"-", "–"} and doc[i - 2].lower_ in STANCE_PREFIXES


def _names_people(span: Span) -> bool:
    """A plural demonym used as a noun ('Kazakhs', 'the Syrians'), not as an adjective."""
    root = span.root
    return root.tag_ in {"NNS", "NNPS"} and root.dep_ not in MODIFIER_DEPS


def _longest(matches: list[LexiconMatch]) -> list[LexiconMatch]:
    kept = {(s.start, s.end) for s in filter_spans([m.span for m in matches])}
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(matches, key=lambda m: m.span.start):
        bounds = (m.span.start, m.span.end)
        if bounds in kept and bounds not in seen:
            seen.add(bounds)
            out.append(m)
    return out


def _drop_trailing_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].text in POSSESSIVE:
        return span[:-1]
    return span


def _drop_leading_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span


def _title_case(text: str) -> str:
    return " ".join(w if w.isupper() else w.capitalize() for w in text.split())
