"""Actor mentions and actors: names, descriptions and pronouns grouped into one actor per referent."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.analysis.lexicon import AGENT, COUNTRY, ORG, ROLE, Lexicon, LexiconMatch
from eventwire.knowledge import Knowledge
from eventwire.models import Actor, Mention, Role

PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
ROLE_MODIFIERS = {"former", "ex", "ex-", "-", "new", "then", "acting", "outgoing", "interim", "incoming", "late"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "late", "outgoing"}
POSSESSIVE = {"'s", "’s", "'"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
HEAD_TITLES = {"chief", "head", "leader", "boss"}
PRONOUN_WINDOW = 3  # sentences a pronoun may look back for its antecedent


@dataclass
class ActorDraft:
    key: str
    name: str
    kind: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    affiliation: str | None = None
    roles: list[Role] = field(default_factory=list)
    resolution: list[str] = field(default_factory=list)


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


class ActorExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.knowledge: Knowledge = lexicon.knowledge

    def __call__(self, doc: Doc, matches: list[LexiconMatch], excluded: set[int] = frozenset()) -> ActorResult:
        """`excluded`: character offsets where no named entity becomes an actor (credit lines)."""
        run = _Run(doc, self.knowledge, matches, excluded)
        return run.result()


class _Run:
    """State for one document."""

    def __init__(self, doc: Doc, knowledge: Knowledge, matches: list[LexiconMatch], excluded: set[int]) -> None:
        self.doc = doc
        self.excluded = excluded
        self.kb = knowledge
        self.drafts: dict[str, ActorDraft] = {}
        self.mentions: list[MentionDraft] = []
        self.taken: set[int] = set()
        by_kind: dict[str, list[LexiconMatch]] = {COUNTRY: [], ORG: [], AGENT: [], ROLE: []}
        for match in matches:
            by_kind.setdefault(match.kind, []).append(match)
        self.entity_matches = _longest(by_kind[COUNTRY] + by_kind[ORG])
        self.agent_matches = by_kind[AGENT]
        self.role_matches = _longest(by_kind[ROLE])
        self.pronouns = by_kind.get("PRON", [])
        self.entity_at = {i: m for m in self.entity_matches for i in range(m.span.start, m.span.end)}
        self.role_at = {i: m for m in self.role_matches for i in range(m.span.start, m.span.end)}

    # -- steps -----------------------------------------------------------------------------------
    def result(self) -> ActorResult:
        person_spans = self._person_spans()
        person_spans = filter_spans(person_spans + self._name_repeats(person_spans))
        self._add_entities(person_spans)
        self._add_people(person_spans)
        self._add_agents()
        self._add_descriptions()
        self._resolve_pronouns()
        return self._finish()

    def _person_spans(self) -> list[Span]:
        """PERSON entities without leading titles; entity-typed surnames of known people become people."""
        spans: list[Span] = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or ent.start_char in self.excluded:
                continue
            span = self._strip_title(ent)
            if span is None or self._covered_by_entity(span):
                continue
            spans.append(span)
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
        end = ent.end
        while end > start and self.doc[end - 1].text in POSSESSIVE:
            end -= 1
        return self.doc[start:end] if end > start else None

    def _covered_by_entity(self, span: Span) -> bool:
        return all(i in self.entity_at for i in range(span.start, span.end))

    def _add_entities(self, person_spans: list[Span]) -> None:
        inside_person = {i for s in person_spans if len(s) > 1 for i in range(s.start, s.end)}
        any_person = {i for s in person_spans for i in range(s.start, s.end)}
        for match in self.entity_matches:
            if match.span.start in inside_person:
                continue
            key = self._country_actor(match.key) if match.kind == COUNTRY else self._org_actor(match.key)
            self._mention(match.span.start, match.span.end, key, match.form)
        for ent in self.doc.ents:
            if ent.label_ == "ORG" and not self._overlaps_taken(ent) and ent.start not in any_person \
                    and ent.start_char not in self.excluded:
                span = _drop_leading_article(ent)
                key = f"org:{span.text}"
                if key not in self.drafts:
                    self.drafts[key] = ActorDraft(key, span.text, "organization", resolution=["named entity ORG"])
                self._mention(span.start, span.end, key, "name")

    def _add_people(self, person_spans: list[Span]) -> None:
        full_names = {s[-1].text: s.text for s in person_spans if len(s) > 1}
        for span in sorted(person_spans, key=lambda s: s.start):
            if self._overlaps_taken(span):
                continue
            name = span.text if len(span) > 1 else full_names.get(span.text, span.text)
            key = f"person:{name}"
            draft = self.drafts.get(key)
            if draft is None:
                draft = self.drafts[key] = ActorDraft(key, name, "person", resolution=["named person"])
            self._collect_roles(span, draft)
            self._mention(span.start, span.end, key, "name")

    def _collect_roles(self, span: Span, draft: ActorDraft) -> None:
        role = self._premodifier_role(span) or self._appositive_role(span)
        known = {(r.title.lower(), r.organization, r.former) for r in draft.roles}
        if role is not None and (role.title.lower(), role.organization, role.former) not in known:
            draft.roles.append(role)

    def _premodifier_role(self, span: Span) -> Role | None:
        start = span.start
        sent_start = span.sent.start
        while start > sent_start:
            token = self.doc[start - 1]
            if (start - 1 in self.role_at or start - 1 in self.entity_at or token.lower_ in ROLE_MODIFIERS
                    or token.text in POSSESSIVE):
                start -= 1
                continue
            break
        return self._role_from(self.doc[start:span.start])

    def _appositive_role(self, span: Span) -> Role | None:
        for child in span.root.children:
            if child.dep_ == "appos" and child.i >= span.end:
                return self._role_from(self.doc[child.left_edge.i:child.right_edge.i + 1])
        return None

    def _role_from(self, zone: Span) -> Role | None:
        titles = [self.role_at[i] for i in range(zone.start, zone.end) if i in self.role_at]
        if not titles:
            return None
        title = titles[-1]
        self.taken.update(range(title.span.start, title.span.end))
        org = next((self.entity_at[i] for i in range(zone.start, zone.end) if i in self.entity_at), None)
        former = any(t.lower_ in FORMER_WORDS for t in zone)
        return Role(
            title=_title_case(title.span.text),
            organization=org.key if org else None,
            former=former,
            start=zone.start_char,
            end=zone.end_char,
        )

    def _add_agents(self) -> None:
        for match in self.agent_matches:
            span = match.span
            if self._overlaps_taken(span) or any(i in self.entity_at for i in range(span.start, span.end)):
                continue
            if span.root.dep_ in {"amod", "compound"} and span.root.head.i >= span.end:
                continue  # 'military aid': the word modifies another noun, it names no agent
            modifier = self.entity_at.get(span.start - 1)
            if modifier is None and span.start >= 2 and self.doc[span.start - 1].text in POSSESSIVE:
                modifier = self.entity_at.get(span.start - 2)
            agent = self.kb.agents[match.key]
            key = self._group_actor(agent.sector, agent.label, modifier)
            self._mention(span.start, span.end, key, "description")

    def _add_descriptions(self) -> None:
        """'the NATO chief', 'the Ukrainian president', 'the minister' -> the person holding that role."""
        for match in self.role_matches:
            span = match.span
            if self._overlaps_taken(span) or span.root.pos_ not in {"NOUN", "PROPN"}:
                continue
            start = span.start
            org = self.entity_at.get(start - 1)
            if org is None and start >= 2 and self.doc[start - 1].text in POSSESSIVE:
                org = self.entity_at.get(start - 2)
            if org is not None:
                start = org.span.start
            determiner = self.doc[start - 1] if start > 0 else None
            if org is None and (determiner is None or determiner.lower_ not in {"the", "his", "her", "their"}):
                continue
            key = self._resolve_description(match.key, org)
            if key is not None:
                self._replace_mentions(start, span.end)
                self._mention(start, span.end, key, "description")

    def _resolve_description(self, title: str, org: LexiconMatch | None) -> str | None:
        candidates = []
        for draft in self.drafts.values():
            if draft.kind != "person":
                continue
            for role in draft.roles:
                if role.former:
                    continue
                same_org = org is None or role.organization == org.key
                same_title = role.title.lower() == title or (title in HEAD_TITLES and org is not None)
                if same_org and same_title:
                    candidates.append(draft.key)
        if candidates:
            return self._most_recent(candidates)
        if org is None:
            return None
        sector = self.kb.roles.get(title, "GOV")
        key = f"role:{org.key}:{title}"
        if key not in self.drafts:
            name = f"{self._org_name(org)} {title}"
            self.drafts[key] = ActorDraft(key, name, "person", resolution=[f"unnamed holder of '{title}'"])
            self.drafts[key].roles.append(Role(title=_title_case(title), organization=org.key))
            self._code_person(self.drafts[key], sector)
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

    # -- actors ------------------------------------------------------------------------------------
    def _country_actor(self, iso3: str) -> str:
        key = f"country:{iso3}"
        if key not in self.drafts:
            country = self.kb.countries[iso3]
            self.drafts[key] = ActorDraft(key, country.name, "country", code=iso3, country=iso3,
                                          resolution=["country lexicon"])
        return key

    def _org_actor(self, name: str) -> str:
        key = f"org:{name}"
        if key not in self.drafts:
            org = self.kb.organizations[name]
            self.drafts[key] = ActorDraft(key, org.name, "group" if org.kind == "group" else "organization",
                                          code=org.code, country=org.country, sector=org.sector,
                                          resolution=["organisation lexicon"])
        return key

    def _org_name(self, match: LexiconMatch) -> str:
        if match.kind == COUNTRY:
            return self.kb.countries[match.key].name
        return match.key

    def _group_actor(self, sector: str, label: str, modifier: LexiconMatch | None) -> str:
        owner = modifier.key if modifier else None
        key = f"group:{owner}:{sector}:{label}"
        if key not in self.drafts:
            name = f"{self._org_name(modifier)} {label}" if modifier else label
            draft = ActorDraft(key, name, "group", sector=sector, resolution=[f"agent word ({sector})"])
            if modifier is not None and modifier.kind == COUNTRY:
                draft.country = modifier.key
                draft.code = f"{modifier.key}{sector}"
            elif modifier is not None:
                org = self.kb.organizations[modifier.key]
                draft.affiliation, draft.code, draft.country = org.name, org.code, org.country
            else:
                draft.code = sector
            self.drafts[key] = draft
        return key

    def _code_person(self, draft: ActorDraft, sector: str | None = None) -> None:
        """Current role decides the code: an organisation's officer takes its code, a state's officer
        takes country + sector."""
        current = [r for r in draft.roles if not r.former and r.organization]
        if not current:
            return
        role = current[0]
        sector = sector or self.kb.roles.get(role.title.lower(), "GOV")
        if role.organization in self.kb.countries:
            draft.country, draft.sector = role.organization, sector
            draft.code = f"{role.organization}{sector}"
            draft.resolution.append(f"role '{role.title}' of {role.organization} -> {draft.code}")
        else:
            org = self.kb.organizations.get(role.organization)
            if org is not None:
                draft.affiliation, draft.code, draft.sector = org.name, org.code, org.sector
                draft.country = org.country
                draft.resolution.append(f"role '{role.title}' of {org.name} -> {org.code}")

    # -- bookkeeping ---------------------------------------------------------------------------------
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
        ids: dict[str, str] = {}
        mentions: list[Mention] = []
        by_actor: dict[str, list[str]] = {}
        token_mention: dict[int, Mention] = {}
        for draft in self.drafts.values():
            if draft.kind == "person" and draft.code is None:
                self._code_person(draft)
        for n, draft in enumerate(m for m in self.mentions):
            actor_id = ids.setdefault(draft.actor, f"a{len(ids) + 1}")
            span = self.doc[draft.start:draft.end]
            mention = Mention(id=f"m{n + 1}", start=span.start_char, end=span.end_char, text=span.text,
                              actor=actor_id, form=draft.form)
            mentions.append(mention)
            by_actor.setdefault(draft.actor, []).append(mention.id)
            for i in range(draft.start, draft.end):
                token_mention[i] = mention
        actors = [
            Actor(id=actor_id, name=d.name, kind=d.kind, code=d.code, country=d.country, sector=d.sector,
                  affiliation=d.affiliation, roles=d.roles, mentions=by_actor[key],
                  resolution="; ".join(d.resolution) or None)
            for key, actor_id in ids.items()
            for d in [self.drafts[key]]
        ]
        return ActorResult(actors=actors, mentions=mentions, token_mention=token_mention)


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


def _drop_leading_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span


def _title_case(text: str) -> str:
    return " ".join(w if w.isupper() else w.capitalize() for w in text.split())
