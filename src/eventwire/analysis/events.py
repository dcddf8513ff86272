"""Events from the dependency parse, driven by the pattern lexicon (knowledge/data/event_patterns.yaml)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from eventwire.analysis.actors import ActorResult
from eventwire.analysis.places import PlaceResult
from eventwire.analysis.times import Timex
from eventwire.knowledge import EventPattern, Knowledge
from eventwire.models import Actor, Amount, Event, EventDate, Mention, Place, Quote, TimeExpression, Trigger

SUBJECTS = {"nsubj", "nsubjpass"}
OBJECTS = {"dobj", "obj", "attr", "dative"}
LIGHT_OBJECTS = OBJECTS | {"nsubjpass"}  # 'talks were held': the passive subject of a light verb carries the event
MODIFIERS = {"compound", "amod", "nmod"}
PARTICIPATION_WORDS = {"engage", "engaged", "participate", "involve", "involved", "join", "take", "complicit"}
PURPOSE_PREPS = {"for", "on"}  # 'return to Geneva for talks', 'went on strike', 'remained on alert'
RECIPROCAL_NOTE = "joint event"
CONTEXT_LABEL = "context:"
AID_LABEL = "aid:"
AID_KINDS = {"military", "economic", "humanitarian"}
AID_CODE_PREFIXES = ("07", "033", "023", "101", "103", "121", "122")  # give, pledge, ask for, refuse aid
NOUN_SOURCE_PREPS = {"from", "by"}
CLAUSE_DEPS = {"ccomp", "acl", "xcomp", "advcl"}
OBLIGATION_AUX = {"must"}
COMPLEMENT_STOP = {"nsubj", "nsubjpass", "csubj", "relcl", "parataxis", "appos", "punct", "cc", "agent"}
NOUN_PHRASE_STOP = {"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "punct", "cc", "prep"}
PLACE_HOLDERS = {"camp", "office", "embassy", "consulate", "headquarters", "home", "house", "convoy", "compound",
                 "base", "school", "hospital", "village", "town", "mosque", "church", "shelter", "prison", "residence"}
QUANTITY_HEADS = {"scores", "dozens", "hundreds", "thousands", "millions", "group", "groups", "members", "number",
                  "some", "many", "most", "all", "several", "one", "two", "three", "four", "five"}
FUTURE_AUX = {"will", "shall", "'ll"}
MODAL_AUX = {"would", "could", "might", "may", "should"}
CONDITION_MARKS = {"if", "unless"}
PLACE_PREPS = {"in", "at", "to", "near", "inside", "outside", "into", "across"}
CONTEXT_SENTENCES = 3
REQUEST_SPEECH = {"urge", "ask", "call", "press", "appeal", "implore", "demand", "encourage", "tell", "advise"}
REQUEST_PATH = {"xcomp", "ccomp", "advcl", "dobj", "pobj", "prep", "conj"}
AMOUNT_STEPS = 3
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
SYMMETRIC_CODES = {"057"}  # signing a formal agreement is joint, as meeting is
PAST_TAGS = {"VBD", "VBN"}
HISTORICAL_DAYS = 60


@dataclass
class Candidate:
    pattern: EventPattern
    trigger: Token
    source: str | None
    target: str | None
    carrier: Token  # the token whose arguments, date and place apply (object noun of a light verb)
    explanation: list[str] = field(default_factory=list)
    reciprocal: bool = False  # 'A and B met': every party an actor, no recipient
    part_of: Candidate | None = None  # the enclosing event it is one part of ('aid ..., including X from Denmark')


@dataclass
class DocContext:
    doc: Doc
    actors: ActorResult
    places: PlaceResult
    times: list[tuple[TimeExpression, Timex]]
    quotes: list[Quote]
    published: date | None
    sentence_index: dict[int, int]  # sentence start token -> index
    amounts: list[Amount] = field(default_factory=list)
    dateline_place: str | None = None  # Place.id the dateline names
    cue_labels: dict[int, set[str]] = field(default_factory=dict)  # token -> context / aid-kind cue labels

    def __post_init__(self) -> None:
        self.actor_by_id = {a.id: a for a in self.actors.actors}
        self.place_by_id = {p.id: p for p in self.places.places}
        self.regions: dict[tuple[int, int], list[Token]] = {}  # (trigger, carrier) -> clause region, computed once
        starts = [sent.start_char for sent in self.doc.sents]
        self.time_sentence = {t.id: bisect_right(starts, t.start) - 1 for t, _ in self.times}


class EventExtractor:
    def __init__(self, vocab: Vocab, knowledge: Knowledge, nlp: Language | None = None) -> None:
        """`nlp` lemmatizes the context cues once; without it no contexts or aid kinds are read from the text."""
        self.knowledge = knowledge
        self.matcher = Matcher(vocab)
        self.by_lemma: dict[tuple[str, str], list[EventPattern]] = {}
        for pattern in knowledge.patterns.values():
            for lemma in pattern.lemmas:
                self.by_lemma.setdefault((lemma, pattern.pos), []).append(pattern)
        for pos in ("VERB", "NOUN"):
            lemmas = sorted({lemma for (lemma, p) in self.by_lemma if p == pos})
            if lemmas:
                self.matcher.add(pos, [[{"LEMMA": {"IN": lemmas}, "POS": pos}]])
        self.verb_id = vocab.strings["VERB"]
        self.vocab_strings = vocab.strings
        self.request_lemmas = {lemma for p in knowledge.patterns.values() if p.plover == "REQUEST"
                               and not p.clause_modals for lemma in p.lemmas}
        self.request_lemmas |= knowledge.speech_infinitive_verbs & REQUEST_SPEECH
        self.iso2_to_iso3 = {c.iso2: c.iso3 for c in knowledge.countries.values()}
        self.cues = _cue_matcher(nlp, knowledge) if nlp is not None else None

    def __call__(self, ctx: DocContext) -> list[Event]:
        ctx.cue_labels = self._cue_labels(ctx.doc)
        candidates = _inherit_targets(list(self._candidates(ctx)))
        self._share_embedded_targets(ctx, candidates)
        extra: list[Candidate] = []
        for candidate in candidates:
            if candidate.target is None and not candidate.pattern.speaker_source and not candidate.reciprocal:
                extra += self._target_from_complement(ctx, candidate)
        candidates += extra
        events = sorted((self._event(ctx, c) for c in candidates), key=lambda e: e.trigger.start)
        place_key = {p.id: (p.country, p.feature_class, p.geonameid) for p in ctx.places.places}
        states = {a.id: a.country for a in ctx.actors.actors if a.kind == "country"}
        events = [self._unattributed(ctx, self._at_dateline(ctx, e)) for e in _carry_places(events)]
        return _merge(events, place_key, states)

    def _unattributed(self, ctx: DocContext, event: Event) -> Event:
        """An attack no one is named for ('a roadside bombing near Samarra killed a U.S. soldier') is by
        unidentified attackers of the country where it happened, as CAMEO codes them (IRQUAF)."""
        if event.plover != "ASSAULT" or event.source is not None or event.negated or event.hypothetical \
                or event.requested or event.future:
            return event  # only an attack reported as having happened
        place = ctx.place_by_id.get(event.place or "") or _weapon_place(ctx, event)
        iso3 = self.iso2_to_iso3.get(place.country or "") if place is not None else None
        if iso3 is None:
            return event
        actor_id = _unidentified_attackers(ctx, iso3, event, self.knowledge)
        why = f"source {actor_id}: unidentified attackers, of the country where the attack happened ({iso3})"
        return event.model_copy(update={"source": actor_id, "explanation": [*event.explanation, why]})

    def _at_dateline(self, ctx: DocContext, event: Event) -> Event:
        """An event with no place of its own or from its neighbours happened where the report was filed, when the
        dateline's country is that of one of its actors (or neither actor has one): 'WASHINGTON — Russia attacked
        Ukraine' is not placed in Washington."""
        if event.place is not None or ctx.dateline_place is None or _elsewhere_in_time(event):
            return event
        place = ctx.place_by_id.get(ctx.dateline_place)
        if place is None:
            return event
        iso3 = self.iso2_to_iso3.get(place.country or "")
        countries = {a.country for a in (ctx.actor_by_id.get(event.source or ""), ctx.actor_by_id.get(event.target
                                                                                                      or ""))
                     if a is not None and a.country}
        if countries and iso3 not in countries:
            return event
        why = f"place from the dateline ({place.text}): where the report was filed"
        return event.model_copy(update={"place": place.id, "explanation": [*event.explanation, why]})

    # -- triggers -------------------------------------------------------------------------------------
    def _candidates(self, ctx: DocContext) -> Iterator[Candidate]:
        doc = ctx.doc
        carriers: set[int] = set()
        matches = sorted(self.matcher(doc), key=lambda m: (m[0] != self.verb_id, m[1]))
        for match_id, start, _ in matches:
            token = doc[start]
            pos = "VERB" if match_id == self.verb_id else "NOUN"
            if token.i in carriers:
                continue
            pattern, carrier, why = self._choose(token, self.by_lemma[(token.lemma_, pos)])
            if pattern is None:
                continue
            carriers.add(carrier.i)
            for source, target, how in self._arguments(ctx, token, carrier, pattern):
                yield Candidate(pattern, token, source, target, carrier, [why, *how],
                                reciprocal=how[0].startswith(RECIPROCAL_NOTE))

    def _choose(self, token: Token, patterns: list[EventPattern]) -> tuple[EventPattern | None, Token, str]:
        """The most specific pattern whose constraints hold: light-verb objects, prepositions, particles."""
        ranked = sorted(patterns, key=lambda p: -(bool(p.modifiers or p.clause_modals) * 8 + bool(p.objects) * 4
                                                   + bool(p.preps) * 2 + bool(p.particle)))
        children = list(token.children)
        for pattern in ranked:
            carrier = token
            if pattern.objects:
                obj = next((c for c in children if c.dep_ in LIGHT_OBJECTS and _object_names(c, pattern.objects)), None)
                if obj is None:
                    continue
                carrier = obj
            if pattern.modifiers and not any(c.dep_ in MODIFIERS and c.lower_ in pattern.modifiers
                                             for c in carrier.children):
                continue
            if pattern.clause_modals and _modal_clause(carrier, pattern.clause_modals) is None \
                    and _modal_clause(token, pattern.clause_modals) is None:
                continue
            if pattern.preps and not any(c.dep_ == "prep" and c.lower_ in pattern.preps for c in children):
                continue
            if pattern.particle and not any(c.dep_ == "prt" and c.lower_ == pattern.particle for c in children):
                continue
            return pattern, carrier, f"pattern {pattern.id}: '{token.text}' ({pattern.pos} lemma {token.lemma_})"
        return None, token, ""

    # -- arguments ------------------------------------------------------------------------------------
    def _arguments(self, ctx: DocContext, token: Token, carrier: Token,
                   pattern: EventPattern) -> Iterator[tuple[str | None, str | None, list[str]]]:
        if pattern.speaker_source:
            speaker = self._speaker_of(ctx, token)
            if speaker is None:
                return
            sources, targets = [speaker], self._verb_sources(ctx, token)
        elif pattern.pos == "VERB":
            sources = self._verb_sources(ctx, token)
            targets = self._verb_targets(ctx, token, carrier, pattern)
        else:
            sources = self._noun_sources(ctx, token, pattern)
            head = token.head if token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"} else token
            targets = self._prep_actors(ctx, head, pattern.target_preps) or self._protected(ctx, token)
        sources = sources or [None]
        targets = [t for t in targets if t not in sources] or [None]
        if pattern.mutual and None not in sources and targets != [None]:  # 'X held talks with Y': both talk
            sources, targets = [*sources, *targets], [None]
        if sources == [None] and targets == [None]:
            if not self._main_event(token):
                return
            yield None, None, ["no actor found; kept as the sentence's main event"]
            return
        if len(sources) > 1 and targets == [None] and (pattern.plover in SYMMETRIC or pattern.cameo in SYMMETRIC_CODES):
            # "he and Rutte discussed ...": PLOVER codes a reciprocal event with every party as an actor and no
            # recipient; each party is a source here, and the others are named in the explanation
            for source in sources:
                others = ", ".join(s for s in sources if s != source)
                yield source, None, [f"{RECIPROCAL_NOTE} with {others} (reciprocal: every party an actor)"]
            return
        for source in sources:
            for target in targets:
                if source is not None and source == target:
                    continue
                yield source, target, [f"source {source or '-'}; target {target or '-'}"]

    def _share_embedded_targets(self, ctx: DocContext, candidates: list[Candidate]) -> None:
        """'threatened to shell Iraqi towns', 'refused to meet Jordan's king', 'staged protests to demand reforms
        by Suharto's government': the verb governing an event (as its complement or purpose) takes that event's
        target when it has none of its own with a country."""
        shared: list[Candidate] = []
        for outer in candidates:
            current = ctx.actor_by_id.get(outer.target or "")
            if current is not None and current.country:
                continue
            inner = [c for c in candidates if _governed_purpose(c.trigger, outer.trigger)
                     and c.target and c.target != outer.source
                     and (a := ctx.actor_by_id.get(c.target)) is not None and a.country]
            targets = list(dict.fromkeys(c.target for c in inner if c.trigger.i == inner[0].trigger.i)) if inner \
                else []
            for n, target in enumerate(targets):  # 'threatened blows to the United States and Israel': one each
                event = outer if n == 0 else replace(outer, explanation=list(outer.explanation[:-1]))
                event.target = target
                event.explanation.append(f"target {target}: the target of the event it governs "
                                         f"('{inner[0].trigger.text}')")
                if n:
                    shared.append(event)
        candidates.extend(shared)

    def _ruled_state(self, ctx: DocContext, candidate: Candidate) -> str | None:
        """'declared martial law', 'imposed a curfew' with no place: a government's restriction falls on its own
        country (CAMEO 172, administrative sanctions)."""
        base = self.knowledge.patterns.get(candidate.pattern.id.split("+")[0], candidate.pattern)
        source = ctx.actor_by_id.get(candidate.source or "")
        if not base.cameo.startswith(RULING_CODES) or source is None or not source.country \
                or source.sector not in {"GOV", "MIL", "COP", "JUD", "LEG"}:
            return None
        return _own_state(ctx, source.country, candidate.trigger, self.knowledge)

    def _state_of_place(self, ctx: DocContext, candidate: Candidate) -> str | None:
        """For acts done to a place ('lifted the curfew in West Darfur', 'a bombing in Tel Aviv', 'aid to Gaza'):
        the state of the first place in what the trigger governs, as CAMEO codes a place as its country. The state
        is an actor of the report, made for the place if the text names it no other way."""
        if candidate.pattern.plover not in PLACE_TARGET_TYPES:
            return None
        trigger = candidate.trigger
        region = self._clause_region(ctx, trigger, candidate.carrier)
        for node in sorted(region, key=lambda t: (t.i < trigger.i, abs(t.i - trigger.i))):
            place = ctx.places.token_place.get(node.i)
            iso3 = self.iso2_to_iso3.get(place.country or "") if place is not None else None
            if iso3 is not None:
                return _state_actor(ctx, iso3, place, self.knowledge)
        return None

    def _target_from_complement(self, ctx: DocContext, candidate: Candidate) -> list[Candidate]:
        """Sets a target the argument slots did not give; returns one more event per further party coordinated
        with it ('blows to the United States and Israel')."""
        if candidate.pattern.plover == "THREATEN":
            party = self._condition_subject(ctx, candidate.trigger, candidate.source)
            if party is not None:
                candidate.target = party
                candidate.explanation.append(f"target {party}: whom the threat's condition names")
                return []
        parties = self._party_in_complement(ctx, candidate.trigger, candidate.carrier, [candidate.source])
        if parties:
            more = []
            base = list(candidate.explanation)
            for n, party in enumerate(parties):
                event = candidate if n == 0 else replace(candidate, explanation=list(base))
                event.target = party
                event.explanation.append(f"target {party}: the first party named in the event's complement"
                                         + (" (and those coordinated with it)" if len(parties) > 1 else ""))
                more += [event] if n else []
            return more
        state = self._ruled_state(ctx, candidate)
        if state is not None:
            candidate.target = state
            candidate.explanation.append(f"target {state}: the country its rulers impose the restriction on")
            return []
        state = self._state_of_place(ctx, candidate)
        if state is not None and state != candidate.source:
            candidate.target = state
            candidate.explanation.append(f"target {state}: the state of the place the act is done to")
        return []

    def _condition_subject(self, ctx: DocContext, trigger: Token, source: str | None) -> str | None:
        """'threatened to strike unless Israel rescinded ...': the subject of the condition is the one threatened."""
        for verb in (trigger, *[c for c in trigger.children if c.dep_ == "xcomp"]):
            for clause in verb.children:
                if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS
                                                     for c in clause.children):
                    continue
                subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
                found = [a for a in self._actors_in(ctx, subject) if a != source] if subject is not None else []
                if found:
                    return found[0]
        return None

    def _cue_labels(self, doc: Doc) -> dict[int, set[str]]:
        """Token index -> context / aid-kind labels whose cue covers it, for the whole document at once."""
        labels: dict[int, set[str]] = {}
        if self.cues is None:
            return labels
        for match_id, start, end in self.cues(doc):
            label = self.vocab_strings[match_id]
            for i in range(start, end):
                labels.setdefault(i, set()).add(label)
        return labels

    def _clause_region(self, ctx: DocContext, token: Token, carrier: Token) -> list[Token]:
        """What the trigger governs, without subjects, relative clauses, asides and the clauses of speech verbs
        (computed once per trigger; several rules read it)."""
        key = (token.i, carrier.i)
        if key not in ctx.regions:
            ctx.regions[key] = self._walk_clause(token, carrier)
        return ctx.regions[key]

    def _walk_clause(self, token: Token, carrier: Token) -> list[Token]:
        region: list[Token] = []
        passive = any(c.dep_ == "auxpass" for c in token.children)  # 'a camp ... was attacked': the patient
        stack = [c for head in {token.i: token, carrier.i: carrier}.values() for c in head.children
                 if c.dep_ not in COMPLEMENT_STOP or (passive and c.dep_ == "nsubjpass")]
        while stack:
            node = stack.pop()
            if node.dep_ == "advcl" and (node.lemma_ in self.knowledge.speech_verbs or not _purpose_clause(node)):
                continue  # 'if war starts in Iraq', 'after two vehicles were hit': circumstances, not the complement
            if token.pos_ == "NOUN" and node.dep_ == "prep" and node.lower_ in NOUN_SOURCE_PREPS:
                continue  # 'contributions from Denmark': a nominal event's source, not its target
            region.append(node)
            stack.extend(c for c in node.children if c.dep_ not in COMPLEMENT_STOP)
        return region

    def _cues_near(self, ctx: DocContext, candidate: Candidate, prefix: str) -> list[str]:
        """Names of the cues with this label prefix in the event's clause, the nearest to the trigger first."""
        tokens = [candidate.trigger, candidate.carrier, *self._clause_region(ctx, candidate.trigger, candidate.carrier)]
        found: list[str] = []
        for token in sorted(tokens, key=lambda t: abs(t.i - candidate.trigger.i)):
            for label in sorted(ctx.cue_labels.get(token.i, ())):
                if label.startswith(prefix) and label[len(prefix):] not in found:
                    found.append(label[len(prefix):])
        return found

    def _contexts(self, ctx: DocContext, candidate: Candidate, code_context: str | None) -> list[str]:
        """The code's PLOVER context(s), then every context a cue in the event's clause makes clear."""
        found = [c.strip() for c in (code_context or "").split(";") if c.strip()]
        return found + [c for c in self._cues_near(ctx, candidate, CONTEXT_LABEL) if c not in found]

    def _aid_kind(self, ctx: DocContext, candidate: Candidate, pattern: EventPattern) -> str | None:
        """Military, economic or humanitarian, for aid and for pledges, requests and refusals of aid: from the
        code where it says (072 military aid), else the cue nearest the trigger, else the enclosing event's."""
        if not _about_aid(pattern):
            return None
        code_context = self.knowledge.cameo_code(pattern.cameo).context or ""
        if code_context in AID_KINDS:
            return code_context
        kinds = self._cues_near(ctx, candidate, AID_LABEL)
        if kinds:
            return kinds[0]
        if candidate.part_of is not None:
            return self._aid_kind(ctx, candidate.part_of, candidate.part_of.pattern)
        return None

    def _party_in_complement(self, ctx: DocContext, token: Token, carrier: Token,
                             sources: list[str | None]) -> list[str]:
        """Fallback target when no argument slot names one: the first actor with a country (or an international
        body) in what the trigger governs ('refused to meet Jordan's King', 'lifted a blockade on Palestinian
        lorries'), leaving out subjects, relative clauses, asides and speech verbs' clauses."""
        region = self._clause_region(ctx, token, carrier)
        source_countries = {a.country for s in sources if s and (a := ctx.actor_by_id.get(s)) and a.country}
        for node in sorted(region, key=lambda t: (t.i < token.i, abs(t.i - token.i))):
            if node.tag_ == POSSESSIVE_PRONOUN:
                continue  # 'upgraded their ties': a possessive points back to the actors, not to a recipient
            actor_id = ctx.actors.actor_at(node.i)
            actor = ctx.actor_by_id.get(actor_id) if actor_id else None
            if actor is None or actor.id in sources or not (actor.country or actor.sector == "IGO"):
                continue
            if actor.kind == "country" and actor.country in source_countries:
                return []  # 'agreed to resign without returning to Kyrgyzstan': his own country is no recipient
            head = node
            while head.head.i != head.i and ctx.actors.actor_at(head.head.i) == actor.id:
                head = head.head  # 'United' -> 'States'
            coordinated = [a for c in head.conjuncts if (a := ctx.actors.actor_at(c.i)) and a not in sources]
            return list(dict.fromkeys([actor.id, *coordinated]))
        return []

    def _protected(self, ctx: DocContext, noun: Token) -> list[str]:
        """'protected Israel from Iranian attacks': whom an attack was kept from is its target. 'Ukraine's fight
        against a Russian invasion': whoever fights against an attack is its target."""
        prep = noun.head
        if noun.dep_ == "pobj" and prep.lower_ == "against" and prep.head.lemma_ in RESISTANCE_NOUNS:
            owner = next((c for c in prep.head.children if c.dep_ == "poss"), None)
            found = self._actors_in(ctx, owner) if owner is not None else []
            if found:
                return found
        if noun.dep_ != "pobj" or prep.lower_ not in {"from", "against"} or prep.head.lemma_ not in PROTECT_VERBS:
            return []
        obj = next((c for c in prep.head.children if c.dep_ in OBJECTS), None)
        return self._actors_in(ctx, obj) if obj is not None else []

    @staticmethod
    def _speaker_of(ctx: DocContext, token: Token) -> str | None:
        """The speaker of the quotation (direct or reported) the token is in."""
        inside = [q for q in ctx.quotes if q.start <= token.idx < q.end and q.speaker]
        return min(inside, key=lambda q: q.end - q.start).speaker if inside else None

    def _main_event(self, token: Token) -> bool:
        """The verb a sentence is about: its root, or the clause a speech verb reports."""
        if token.pos_ != "VERB":
            return False
        return token.dep_ == "ROOT" or (token.dep_ == "ccomp" and token.head.lemma_ in self.knowledge.speech_verbs)

    def _verb_sources(self, ctx: DocContext, verb: Token) -> list[str]:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return self._actors_in(ctx, pobj) if pobj is not None else []
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        controller = next((c for c in verb.head.children if c.dep_ in OBJECTS), None) if verb.dep_ == "xcomp" else None
        if subject is None and verb.dep_ == "acl" and verb.head.dep_ in OBJECTS and verb.head.head.pos_ == "VERB":
            return self._verb_sources(ctx, verb.head.head)  # 'issued a declaration demanding ...': the issuer
        if subject is None and controller is not None and controller.i < verb.i:
            return self._actors_in(ctx, controller)  # 'convinced its backers to shoot': the backers shoot
        if subject is None and verb.dep_ in {"xcomp", "conj", "advcl", "acomp"} \
                and verb.head.pos_ in {"VERB", "AUX", "ADJ"} and verb.head.i != verb.i:
            return self._verb_sources(ctx, verb.head)  # 'was keen to convince': the subject of 'was'
        found = self._actors_in(ctx, subject) if subject is not None else []
        if not found and subject is not None and subject.pos_ == "PRON" and verb.dep_ == "ccomp" \
                and verb.head.lemma_ in self.knowledge.speech_verbs:
            return self._verb_sources(ctx, verb.head)  # 'the party said it will boycott': 'it' is the party
        return found

    def _verb_targets(self, ctx: DocContext, verb: Token, carrier: Token, pattern: EventPattern) -> list[str]:
        passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive_subject is not None:
            return self._actors_in(ctx, passive_subject)
        if carrier.i == verb.i:
            obj = next((c for c in verb.children if c.dep_ in OBJECTS), None)
            if obj is not None:
                found = self._actors_in(ctx, obj)
                if found:
                    return found
            else:  # 'allowed Ouattara to participate' parsed as a clause: who is allowed is its subject
                clause = next((c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i), None)
                subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None) \
                    if clause is not None and any(t.tag_ == "TO" for t in clause.children) else None
                found = self._actors_in(ctx, subject) if subject is not None else []
                if found:
                    return found
        found = self._prep_actors(ctx, carrier, pattern.target_preps)
        if not found and carrier.i != verb.i:
            found = self._prep_actors(ctx, verb, pattern.target_preps)
        if not found and carrier.i != verb.i:  # 'rejected a U.S. request', 'dismissed an appeal from Gbagbo'
            found = self._object_owner(ctx, carrier)
        if not found and pattern.clause_modals:  # 'said that Sudan must return ...': Sudan is asked
            clause = _modal_clause(carrier, pattern.clause_modals) or _modal_clause(verb, pattern.clause_modals)
            subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None) if clause is not None else None
            found = self._actors_in(ctx, subject) if subject is not None else []
        if not found and pattern.plover in ADDRESSED_TYPES:  # 'demanded that the United States match ...'
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None) if clause is not None else None
            found = self._actors_in(ctx, subject) if subject is not None else []
            if not found:
                found = self._prep_actors(ctx, verb, ("from", "of", "on", "to", "against"))
        if not found and pattern.place_object:
            found = self._prep_actors(ctx, verb, pattern.preps or ("to", "in", "at"))
        return found

    def _object_owner(self, ctx: DocContext, carrier: Token) -> list[str]:
        for child in carrier.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.tag_ != POSSESSIVE_PRONOUN:
                found = self._actors_in(ctx, child)
                if found:
                    return found
        return self._prep_actors(ctx, carrier, ("from", "by", "of"))

    def _noun_sources(self, ctx: DocContext, noun: Token, pattern: EventPattern) -> list[str]:
        if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:  # 'a mediation mission by ...'
            noun = noun.head
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                found = self._actors_in(ctx, child)
                if found:
                    return found
        found = self._prep_actors(ctx, noun, ("by", *pattern.source_preps))
        if found:
            return found
        if noun.dep_ in OBJECTS and noun.head.pos_ == "VERB":
            return self._verb_sources(ctx, noun.head)
        if noun.dep_ == "pobj" and noun.head.head.pos_ in {"VERB", "ADJ"} and (
                noun.head.lower_ in PURPOSE_PREPS
                or (noun.head.lower_ == "in" and noun.head.head.lemma_ in PARTICIPATION_WORDS)):
            head = noun.head.head  # 'negotiators return to Geneva for talks', 'forces were engaged in cleansing'
            return self._verb_sources(ctx, head if head.pos_ == "VERB" else head.head)
        return []

    def _prep_actors(self, ctx: DocContext, head: Token, preps: tuple[str, ...]) -> list[str]:
        """Actors in the objects of these prepositions; repeated ('from Denmark, from Latvia') count too."""
        if not preps:
            return []
        found: list[str] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for prep in (child, *[c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP"]):
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    for pobj in objects:
                        found += [a for a in self._actors_in(ctx, pobj) if a not in found]
                    if not objects:  # the parser lost the object ('asylum to five officers holed up ...')
                        actor = _next_actor(ctx, prep)
                        if actor is not None and actor not in found:
                            found.append(actor)
        return found

    def _actors_in(self, ctx: DocContext, head: Token) -> list[str]:
        """The actor a noun phrase refers to, one per coordinated conjunct ('Denmark, Latvia and the UK')."""
        found: list[str] = []
        for conjunct in [head, *head.conjuncts]:
            actor = self._phrase_actor(ctx, conjunct)
            if actor is not None and actor not in found:
                found.append(actor)
        for modifier in head.children:  # 'Hungarian and Romanian officials': one party per coordinated modifier
            if modifier.dep_ in {"amod", "compound"} and list(modifier.conjuncts):
                for part in [modifier, *modifier.conjuncts]:
                    actor = ctx.actors.actor_at(part.i)
                    if actor is not None and actor not in found:
                        found.append(actor)
        return found

    def _phrase_actor(self, ctx: DocContext, head: Token) -> str | None:
        actor = ctx.actors.actor_at(head.i)
        if actor is not None:
            return actor
        # a named body before its owner: "bin Laden's al-Qaeda network" is al-Qaeda
        stack = sorted((c for c in head.children if c.dep_ not in NOUN_PHRASE_STOP and c.dep_ != "conj"),
                       key=lambda c: c.dep_ == "poss")
        if head.lower_ in QUANTITY_HEADS:  # 'scores of Liberian refugees'
            stack += [o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children]
        elif head.lemma_ in PLACE_HOLDERS:  # 'a camp for Congolese refugees', 'the offices of the administrators'
            stack += [o for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "for"} for o in c.children]
        stack += [c for c in head.children if c.dep_ == "appos"]
        while stack:
            token = stack.pop(0)
            if token.tag_ == POSSESSIVE_PRONOUN:
                continue  # 'its partners' are not 'it'
            actor = ctx.actors.actor_at(token.i)
            if actor is not None:
                return actor
            stack.extend(c for c in token.children if c.dep_ not in NOUN_PHRASE_STOP and c.dep_ != "conj")
        return None

    # -- event record ---------------------------------------------------------------------------------
    def _event(self, ctx: DocContext, candidate: Candidate) -> Event:
        trigger = candidate.trigger
        pattern = candidate.pattern
        sentence = ctx.sentence_index[trigger.sent.start]
        event_date = self._date(ctx, candidate, sentence)
        place, place_why = self._place(ctx, candidate)
        flags, flag_why = self._modality(ctx, candidate, event_date)
        pattern, flags, intent_why = self._as_intent(candidate, pattern, flags)
        flag_why += intent_why
        if flags["historical"] and event_date is not None and _recent(event_date, ctx.published):
            event_date = None  # background mentioned in passing: the report's days are not its date
            flag_why.append("undated: background history, not dated by the report's present")
        quote = next((q.id for q in ctx.quotes if q.kind == "direct" and q.start <= trigger.idx < q.end), None)
        explanation = [*candidate.explanation, *flag_why]
        facts = self.knowledge.cameo_code(pattern.cameo)
        if event_date is not None:
            explanation.append(f"date {event_date.value} ({event_date.basis})")
        if place_why:
            explanation.append(place_why)
        return Event(
            id="",
            plover=pattern.plover,
            plover_mode=pattern.mode or (facts.mode if facts.plover == pattern.plover else None),
            cameo=pattern.cameo,
            cameo_label=self.knowledge.cameo_label(pattern.cameo),
            cameo_root=pattern.cameo[:2],
            quad_class=facts.quad_class,
            goldstein=facts.goldstein,
            plover_context=facts.context,
            contexts=self._contexts(ctx, candidate, facts.context),
            aid_kind=self._aid_kind(ctx, candidate, pattern),
            source=candidate.source,
            target=candidate.target,
            trigger=Trigger(start=trigger.idx, end=trigger.idx + len(trigger.text), text=trigger.text,
                            sentence=sentence),
            date=event_date,
            place=place,
            quote=quote,
            amounts=self._amounts(ctx, candidate),
            pattern=pattern.id,
            explanation=explanation,
            **flags,
        )

    def _amounts(self, ctx: DocContext, candidate: Candidate) -> list[str]:
        """Amounts that belong to the event: in its trigger's phrase ('pledged $500 million') or governing it
        ('nearly $8 billion of assistance')."""
        heads = {candidate.trigger.i, candidate.carrier.i}
        near = set(heads)
        for head in (candidate.trigger, candidate.carrier):
            token = head
            for _ in range(AMOUNT_STEPS):
                if token.head.i == token.i:
                    break
                token = token.head
                near.add(token.i)
        found = []
        for amount in ctx.amounts:
            span = ctx.doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.i in near or root.head.i in heads or (root.head.head.i in heads and root.head.dep_ == "prep"):
                found.append(amount.id)
        return found

    def _date(self, ctx: DocContext, candidate: Candidate, sentence: int) -> EventDate | None:
        sent = candidate.trigger.sent
        in_sentence = [(t, x) for t, x in ctx.times if sent.start_char <= t.start < sent.end_char and x.first]
        for expression, timex in in_sentence:
            if self._attached(ctx.doc, expression, candidate):
                return EventDate(value=timex.value, start=timex.first, end=timex.last, basis="clause",
                                 time=expression.id)
        in_sentence = [(t, x) for t, x in in_sentence if _tense_allows(candidate.trigger, x, ctx.published)]
        if in_sentence:
            expression, timex = in_sentence[0]
            return EventDate(value=timex.value, start=timex.first, end=timex.last, basis="sentence",
                             time=expression.id)
        earlier = [
            (t, x) for t, x in ctx.times
            if x.first and t.end <= sent.start_char and _tense_allows(candidate.trigger, x, ctx.published)
            and sentence - ctx.time_sentence[t.id] <= CONTEXT_SENTENCES
        ]
        if earlier and not _is_future_tense(candidate.trigger):
            expression, timex = earlier[-1]
            return EventDate(value=timex.value, start=timex.first, end=timex.last, basis="context",
                             time=expression.id)
        if ctx.published is not None:
            return EventDate(value=ctx.published.isoformat(), start=ctx.published, end=ctx.published,
                             basis="publication")
        return None

    @staticmethod
    def _attached(doc: Doc, expression: TimeExpression, candidate: Candidate) -> bool:
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None:
            return False
        token = span.root
        for _ in range(4):
            if token.i in {candidate.trigger.i, candidate.carrier.i}:
                return True
            if token.head.i == token.i or (token.pos_ in {"VERB", "AUX"} and token.i != span.root.i):
                return False
            token = token.head
        return False

    def _place(self, ctx: DocContext, candidate: Candidate) -> tuple[str | None, str]:
        heads = [candidate.carrier, candidate.trigger]
        for head in heads:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                    place = self._place_in(ctx, child)
                    if place is not None:
                        return place, f"place from '{child.text} ...' in its clause"
                if child.dep_ in OBJECTS and candidate.pattern.place_object:
                    place = self._place_in(ctx, child)
                    if place is not None:
                        return place, "place is the object of the trigger"
        return None, ""

    @staticmethod
    def _place_in(ctx: DocContext, head: Token) -> str | None:
        found = [ctx.places.token_place[t.i] for t in head.subtree if t.i in ctx.places.token_place]
        if not found:
            return None
        specific = [p for p in found if p.feature_class not in AREA_CLASSES]
        return (specific or found)[0].id

    def _modality(self, ctx: DocContext, candidate: Candidate,
                  event_date: EventDate | None) -> tuple[dict[str, bool], list[str]]:
        trigger = candidate.trigger
        clause = trigger if trigger.pos_ == "VERB" else (trigger.head if trigger.head.pos_ == "VERB" else trigger)
        children = [*trigger.children, *([] if clause.i == trigger.i else clause.children)]
        why: list[str] = []
        negated = any(c.dep_ == "neg" for c in children)
        denier = _denied_by(trigger)
        if negated:
            why.append("negated: 'not' on the trigger")
        elif any(c.dep_ == "det" and c.lower_ == "no" for c in (*trigger.children, *candidate.carrier.children)):
            negated = True
            why.append("negated: 'no' on the event ('no talks were held')")
        elif _negated_governor(clause) is not None:
            negated = True
            why.append(f"negated: its clause depends on negated '{_negated_governor(clause).text}' ('did not agree to "
                       "withdraw')")
        elif _refused_by(trigger) is not None:
            negated = True
            why.append(f"negated: under '{trigger.head.text}', refused or not done")
        elif denier is not None:
            negated = True
            why.append(f"negated: denied ('{denier.text}'), said not to have happened")
        future = _is_future_tense(clause)
        if future:
            why.append("future: 'will' on the trigger")
        if event_date and ctx.published and event_date.start and event_date.start > ctx.published:
            future = True
            why.append(f"future: dated {event_date.value}, after publication")
        modal = next((c.lower_ for c in children if c.dep_ == "aux" and c.lower_ in MODAL_AUX), None)
        if modal == "would" and _reported(clause, self.knowledge.speech_verbs):
            modal, future = None, True  # 'said it would allow': the future of reported speech
            why.append("future: 'would' in reported speech")
        hypothetical = modal is not None or _judged_uncertain(clause)
        conditional = _under_condition(clause) or _condition_mark(clause) is not None
        if hypothetical or conditional:
            hypothetical = True
            why.append("hypothetical: modal verb or 'if' clause")
        requester = self._requested_by(trigger)
        if requester is not None:
            why.append(f"requested: under '{requester.text}', asked for rather than done")
        else:
            requester = next((c for c in children if c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX), None)
            if requester is not None:
                why.append(f"requested: '{requester.text}', an obligation stated rather than an act")
        historical = bool(event_date and ctx.published and event_date.end and
                          (ctx.published - event_date.end).days > HISTORICAL_DAYS)
        if any(c.lower_ == "since" for c in trigger.ancestors if c.dep_ == "prep") or (
                trigger.head.lower_ == "since" and trigger.dep_ == "pobj"):
            historical = True
        elif _mentioned_in_passing(trigger, event_date):
            historical = True
            why.append("background: an undated conflict mentioned in passing ('in its fight against an invasion')")
        if historical:
            why.append("historical: before the report's news")
        flags = {"negated": negated, "future": future, "hypothetical": hypothetical, "historical": historical,
                 "requested": requester is not None}
        return flags, why

    def _as_intent(self, candidate: Candidate, pattern: EventPattern,
                   flags: dict[str, bool]) -> tuple[EventPattern, dict[str, bool], list[str]]:
        """A stated intention is an event of its own (CAMEO 03 / 13): 'said it would withdraw' is an intent to
        yield (AGREE), 'threatened to attack' or 'will boycott' a threat (THREATEN). Scheduled events ('a
        meeting next week') stay what they are, flagged future."""
        trigger = candidate.trigger
        refused_by = _refused_by(trigger)
        stated = flags["future"] or flags["hypothetical"] or (refused_by is not None and refused_by.lemma_ != "refuse")
        if trigger.pos_ == "VERB" and flags["negated"] and stated and pattern.plover in REFUSAL_CODES \
                and not flags["requested"]:
            return _as_refusal(pattern, flags)
        threat = self._conditional_threat(candidate, pattern, flags)
        if threat is not None:
            return threat
        offer = _conditional_offer(trigger)  # 'would meet him if he ...': the offer itself was made
        if trigger.pos_ != "VERB" or flags["requested"] or flags["negated"] or (flags["hypothetical"] and not offer):
            return pattern, flags, []
        governor = _intent_governor(trigger)
        if governor is not None and governor.lemma_ in PREPARE_VERBS and pattern.plover in {"ASSAULT", "COERCE"}:
            why = [f"preparing to use force ('{governor.text}'): {pattern.plover} becomes MOBILIZE 150"]
            recoded = EventPattern(id=f"{pattern.id}+prepare", lemmas=pattern.lemmas, pos=pattern.pos, cameo="150",
                                   plover="MOBILIZE", description=f"preparation: {pattern.description}")
            return recoded, {**flags, "future": False}, why
        announced = _is_future_tense(trigger) and pattern.plover not in SCHEDULED_TYPES  # 'Turkey will allow ...'
        if not (governor is not None or announced
                or (flags["future"] and _reported(trigger, self.knowledge.speech_verbs))):
            return pattern, flags, []
        code = INTENT_CODES.get(pattern.plover)
        if code is None:
            return pattern, flags, []
        plover = "THREATEN" if code.startswith("13") else "AGREE"
        why = [f"stated intention ({governor.text if governor is not None else 'will'}): "
               f"{pattern.plover} becomes {plover} {code}"]
        recoded = EventPattern(id=f"{pattern.id}+intent", lemmas=pattern.lemmas, pos=pattern.pos, cameo=code,
                               plover=plover, description=f"intent: {pattern.description}")
        return recoded, {**flags, "future": False, "hypothetical": False}, why

    def _conditional_threat(self, candidate: Candidate, pattern: EventPattern,
                            flags: dict[str, bool]) -> tuple[EventPattern, dict[str, bool], list[str]] | None:
        """'will impose sanctions if ...', 'said it would withdraw its force unless ...': a punitive act announced
        on a condition, or anything announced 'unless' the other side acts, is a threat (CAMEO 13). Someone must
        announce it: 'will', or reported speech; a narrator's 'would ... if' stays hypothetical."""
        trigger = candidate.trigger
        if trigger.pos_ != "VERB" or flags["negated"] or flags["requested"] or not (flags["future"]
                                                                                 or flags["hypothetical"]):
            return None
        if not (_is_future_tense(trigger) or _reported(trigger, self.knowledge.speech_verbs)):
            return None
        mark = _condition_mark(trigger)
        if mark is None or not (pattern.plover in PUNITIVE_TYPES or mark == "unless"):
            return None
        code = INTENT_CODES[pattern.plover] if pattern.plover in PUNITIVE_TYPES else "130"
        why = [f"conditional threat ('{mark}' ...): {pattern.plover} becomes THREATEN {code}"]
        recoded = EventPattern(id=f"{pattern.id}+threat", lemmas=pattern.lemmas, pos=pattern.pos, cameo=code,
                               plover="THREATEN", description=f"threat: {pattern.description}")
        return recoded, {**flags, "future": False, "hypothetical": False}, why

    def _requested_by(self, trigger: Token) -> Token | None:
        """'urged partners to shoot down missiles': a verb of asking governs the trigger's clause."""
        token = trigger
        for _ in range(3):
            if token.dep_ not in REQUEST_PATH or token.head.i == token.i:
                return None
            token = token.head
            if token.lemma_ in self.request_lemmas and token.pos_ == "VERB":
                return token
        return None


def _inherit_targets(candidates: list[Candidate]) -> list[Candidate]:
    """'aid for Ukraine, including contributions from Denmark': a nominal event inside another event of the
    same type, with no target of its own, shares that event's target."""
    for candidate in candidates:
        if candidate.target is not None or candidate.pattern.pos != "NOUN":
            continue
        path = _path_up(candidate.trigger)
        outer = next((other for other in candidates if other is not candidate and other.target is not None
                      and other.pattern.plover == candidate.pattern.plover
                      and _enumerates(path, {other.carrier.i, other.trigger.i})), None)
        if outer is not None:
            candidate.part_of = outer
            candidate.target = outer.target
            candidate.explanation.append(f"target shared with the event at '{outer.trigger.text}'")
    return candidates


ENUMERATION_WORDS = {"including", "include", "includes", "like", "such", "notably", "especially", "among"}


def _path_up(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def _enumerates(path: list[Token], outer: set[int]) -> bool:
    """The path from a nominal event up to an outer event passes through 'including', 'such as' ...: it is one of
    the outer event's parts."""
    for token in path[1:]:
        if token.i in outer:
            return False
        if token.lower_ in ENUMERATION_WORDS:
            return any(t.i in outer for t in path[path.index(token):])
    return False


# A stated intention to do something, by the kind of thing intended (CAMEO 03x and 13x codes).
INTENT_CODES = {
    "CONSULT": "036", "AID": "033", "RETREAT": "035", "CONCEDE": "035", "COOPERATE": "031", "SUPPORT": "032",
    "AGREE": "030", "ASSAULT": "138", "COERCE": "137", "SANCTION": "132", "MOBILIZE": "138", "PROTEST": "133",
    "REJECT": "131",
}
PREPARE_VERBS = {"prepare", "gear", "mass"}  # 'prepared to resume shelling': forces readied, not yet used
INTENT_VERBS = {"prepare", "agree", "offer", "promise", "pledge", "vow", "swear", "sworn", "intend", "plan",
                "threaten", "commit"}
INTENT_ADJECTIVES = {"willing", "ready", "prepared", "determined"}


# A stated refusal to cooperate ('will not accept', 'would not meet demands') is a rejection (CAMEO 12x).
REFUSAL_CODES = {
    "AGREE": "120", "SUPPORT": "120", "COOPERATE": "121", "AID": "122", "CONCEDE": "124", "RETREAT": "124",
    "CONSULT": "125",
}


REFUSAL_VERBS = {"refuse", "decline", "fail"}  # 'refused to withdraw': the withdrawal did not happen
SCHEDULED_TYPES = {"CONSULT"}  # 'will meet next week' is a scheduled event, not a promise


DENIAL_VERBS = {"deny", "refute", "dismiss", "reject", "rebut", "disprove"}
CLAIM_NOUNS = {"claim", "report", "allegation", "accusation", "charge", "suggestion", "rumour", "rumor"}
DENIED_PATH = {"xcomp", "ccomp", "pcomp", "dobj", "acl", "pobj", "prep"}
UNCERTAIN_ADJECTIVES = {"unlikely", "likely", "possible", "probable", "improbable"}


def _denied_by(trigger: Token) -> Token | None:
    """'denied attacking the convoy', 'denied that it had attacked', 'rejected claims that police beat ...': the
    event is what someone says did not happen."""
    token = trigger
    for _ in range(4):
        if token.dep_ not in DENIED_PATH or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ == "VERB":
            return token if token.lemma_ in DENIAL_VERBS and (token.i != trigger.head.i or trigger.dep_ != "dobj"
                                                                or trigger.tag_ == "VBG") else None
        if token.pos_ == "NOUN" and token.lemma_ not in CLAIM_NOUNS:
            return None
    return None


def _negated_governor(verb: Token) -> Token | None:
    """The verb an infinitive or gerund complement hangs on, when that verb is negated ('did not agree to withdraw',
    'did not spend the debate talking')."""
    node = verb
    for _ in range(2):
        if node.dep_ not in {"xcomp", "advcl"} or node.tag_ not in {"VB", "VBG"} or node.head.i == node.i:
            return None
        node = node.head
        if any(c.dep_ == "neg" for c in node.children):
            return node
    return None


def _judged_uncertain(verb: Token) -> bool:
    """'is unlikely to send troops', 'is likely to meet': the clause is a judgement, not an act."""
    return verb.dep_ == "xcomp" and verb.head.lower_ in UNCERTAIN_ADJECTIVES


def _refused_by(trigger: Token) -> Token | None:
    if trigger.dep_ == "xcomp" and trigger.head.lemma_ in REFUSAL_VERBS:
        return trigger.head
    return None


def _as_refusal(pattern: EventPattern, flags: dict[str, bool]) -> tuple[EventPattern, dict[str, bool], list[str]]:
    code = REFUSAL_CODES[pattern.plover]
    why = [f"stated refusal ('will/would not'): negated {pattern.plover} becomes REJECT {code}"]
    recoded = EventPattern(id=f"{pattern.id}+refusal", lemmas=pattern.lemmas, pos=pattern.pos, cameo=code,
                           plover="REJECT", description=f"refusal: {pattern.description}")
    return recoded, {**flags, "negated": False, "future": False, "hypothetical": False}, why


PERSON_OBJECT = "@PERSON"  # in a pattern's objects: any person the parser names ('release Prime Minister X')
MEASURE_HEADS = {"ton", "tons", "tonne", "tonnes", "kg", "kilogram", "kilograms", "load", "loads", "shipment",
                 "shipments", "consignment", "consignments", "batch", "part", "portion", "worth", "package", "lot"}


def _object_names(obj: Token, lemmas: tuple[str, ...]) -> bool:
    """The object is one of the lemmas, is modified by one ('mediation efforts', 'aid program'), or measures
    one ('700 kg of medicine', 'part of a military aid program')."""
    if obj.lemma_.lower() in lemmas or any(c.dep_ == "compound" and c.lemma_.lower() in lemmas for c in obj.children):
        return True
    if PERSON_OBJECT in lemmas and obj.ent_type_ == "PERSON":
        return True
    if obj.lemma_ in MEASURE_HEADS:
        return any(_object_names(o, lemmas) for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                   for o in c.children if o.dep_ == "pobj")
    return False


def _cue_matcher(nlp: Language, knowledge: Knowledge) -> PhraseMatcher:
    """Context and aid-kind cues as lemma phrases ('air defences' matches 'air defence'), lemmatized once."""
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    disabled = [name for name in nlp.pipe_names if name in {"parser", "ner"}]
    for prefix, table in ((CONTEXT_LABEL, knowledge.contexts), (AID_LABEL, knowledge.aid_kinds)):
        for name, cues in table.items():
            matcher.add(prefix + name, list(nlp.pipe(cues, disable=disabled)))
    return matcher


PLACE_TARGET_TYPES = {"AID", "CONCEDE", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "RETREAT", "SANCTION"}


def _state_actor(ctx: DocContext, iso3: str, place: Place, knowledge: Knowledge) -> str:
    """The report's actor for a state: the one the text names, else one made for the place ('Baku' -> Azerbaijan),
    with the place's words as its mention."""
    return _named_state(ctx, iso3) or _made_actor(
        ctx, _country_name(knowledge, iso3), kind="country", code=iso3, country=iso3,
        evidence=(place.start, place.end, place.text), form="metonym",
        resolution=f"the state of the place '{place.text}' (a place stands for its country, as in CAMEO)")


def _own_state(ctx: DocContext, iso3: str, trigger: Token, knowledge: Knowledge) -> str:
    """The report's actor for a state acted on by its own rulers: the one the text names, else one made with the
    act's words as its mention."""
    return _named_state(ctx, iso3) or _made_actor(
        ctx, _country_name(knowledge, iso3), kind="country", code=iso3, country=iso3,
        evidence=(trigger.idx, trigger.idx + len(trigger), trigger.text), form="metonym",
        resolution="the country its rulers' restriction falls on")


def _unidentified_attackers(ctx: DocContext, iso3: str, event: Event, knowledge: Knowledge) -> str:
    """The report's actor for unidentified attackers in a country, made once; its mention is the attack's words."""
    code = f"{iso3}UAF"
    made = next((a.id for a in ctx.actors.actors if a.code == code and a.name.startswith("unidentified")), None)
    return made or _made_actor(
        ctx, f"unidentified attackers ({_country_name(knowledge, iso3)})", kind="group", code=code, country=iso3,
        sector="UAF", evidence=(event.trigger.start, event.trigger.end, event.trigger.text), form="description",
        resolution="an attack no one is named for: unidentified armed forces of the country it happened in")


def _named_state(ctx: DocContext, iso3: str) -> str | None:
    return next((a.id for a in ctx.actors.actors if a.kind == "country" and a.country == iso3 and not a.sector), None)


def _country_name(knowledge: Knowledge, iso3: str) -> str:
    country = knowledge.countries.get(iso3)
    return country.name if country else iso3


def _made_actor(ctx: DocContext, name: str, *, kind: str, code: str, country: str, evidence: tuple[int, int, str],
                form: str, resolution: str, sector: str | None = None) -> str:
    """An actor the text implies rather than names, added to the report with the words that imply it."""
    actor_id = f"a{len(ctx.actors.actors) + 1}"
    start, end, text = evidence
    mention = Mention(id=f"m{len(ctx.actors.mentions) + 1}", start=start, end=end, text=text, actor=actor_id,
                      form=form)
    actor = Actor(id=actor_id, name=name, kind=kind, code=code, country=country, sector=sector,
                  mentions=[mention.id], resolution=resolution)
    ctx.actors.actors.append(actor)
    ctx.actors.mentions.append(mention)
    ctx.actor_by_id[actor_id] = actor
    return actor_id


def _next_actor(ctx: DocContext, prep: Token) -> str | None:
    """The actor named in the few words after a preposition left without an object."""
    for token in prep.doc[prep.i + 1:prep.i + 6]:
        if token.is_punct or token.pos_ in {"VERB", "ADP"}:
            return None
        actor = ctx.actors.actor_at(token.i)
        if actor is not None:
            return actor
    return None


def _weapon_place(ctx: DocContext, event: Event) -> Place | None:
    """Where the attack's means were ('killed by a roadside bomb in Basra', 'a bombing near Samarra killed ...')."""
    span = ctx.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return None
    for child in span.root.children:
        if child.dep_ in {"agent", "nsubj"}:
            place = next((ctx.places.token_place[t.i] for t in child.subtree if t.i in ctx.places.token_place), None)
            if place is not None:
                return place
    return None


def _about_aid(pattern: EventPattern) -> bool:
    return pattern.plover == "AID" or pattern.cameo.startswith(AID_CODE_PREFIXES)


def _purpose_clause(verb: Token) -> bool:
    """'(opened the bridge) to allow the delivery ...': an infinitive of purpose, part of what the act does."""
    return any(c.tag_ == "TO" or (c.dep_ == "mark" and c.lower_ in {"so", "to"}) for c in verb.children)


def _modal_clause(head: Token, modals: tuple[str, ...]) -> Token | None:
    """The verb of a clause the head governs that carries one of these auxiliaries ('that Iraq *must* comply')."""
    for clause in head.children:
        if clause.dep_ in CLAUSE_DEPS and any(c.dep_ == "aux" and c.lower_ in modals for c in clause.children):
            return clause
    return None


def _intent_governor(trigger: Token) -> Token | None:
    """'agreed to withdraw', 'is willing to talk', 'threatened to attack'."""
    if trigger.dep_ != "xcomp":
        return None
    head = trigger.head
    if head.lemma_ in INTENT_VERBS or head.lower_ in INTENT_ADJECTIVES:
        return head
    return None


def _reported(token: Token, speech_verbs: set[str]) -> bool:
    """The token's clause is what someone said ('said it would ...')."""
    node = token
    for _ in range(3):
        if node.dep_ == "ccomp" and node.head.lemma_ in speech_verbs:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


ADDRESSED_TYPES = {"REQUEST", "ACCUSE", "THREATEN", "REJECT"}
POSSESSIVE_PRONOUN = "PRP$"
RULING_CODES = ("172",)  # administrative sanctions: curfews, emergency rule, bans on parties and protests


def _governed_purpose(inner: Token, outer: Token) -> bool:
    """The inner trigger is the outer one's complement ('threatened to shell') or purpose ('staged protests to
    demand', 'demonstrated calling for')."""
    if inner.dep_ in {"dobj", "obj"} and inner.head.dep_ == "xcomp" and inner.head.head.i == outer.i:
        return True  # 'threatened to institute a curfew'
    if inner.head.i != outer.i:
        return False
    if inner.dep_ == "xcomp":
        return True
    purpose = any(c.tag_ == "TO" for c in inner.children) or inner.tag_ == "VBG"
    return inner.dep_ == "advcl" and purpose
RESISTANCE_NOUNS = {"fight", "struggle", "war", "defence", "defense", "resistance", "battle", "campaign"}
PROTECT_VERBS = {"protect", "defend", "shield", "save", "guard"}
BACKGROUND_PREPS = {"against", "from", "after", "amid", "despite", "following"}


def _mentioned_in_passing(trigger: Token, event_date: EventDate | None) -> bool:
    """A nominal conflict event that is the object of a preposition of another clause and has no date of its
    own: background to the news, not the news ('fight against a Russian invasion', 'from Iranian attacks')."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ not in BACKGROUND_PREPS:
        return False
    return event_date is None or event_date.basis != "clause"  # a date elsewhere in the sentence is the news's


def _tense_allows(trigger: Token, timex: Timex, published: date | None) -> bool:
    """A date elsewhere in the sentence only dates the event when the tenses agree: 'had discussed ...
    ahead of a meeting next week' did not happen next week."""
    if published is None or timex.first is None or trigger.pos_ != "VERB":
        return True
    if timex.first > published:
        return trigger.tag_ not in PAST_TAGS
    if timex.last is not None and timex.last < published:
        return not _is_future_tense(trigger)
    return True


def _is_future_tense(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children)


PUNITIVE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"}


def _condition_mark(verb: Token) -> str | None:
    """'if' or 'unless' when a conditional clause hangs on the verb."""
    for clause in verb.children:
        if clause.dep_ == "advcl":
            mark = next((c.lower_ for c in clause.children if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS), None)
            if mark is not None:
                return mark
    return None


def _conditional_offer(verb: Token) -> bool:
    """Hypothetical only because a condition hangs on it ('will/would withdraw if ...'), with no other modal."""
    modal = any(c.dep_ == "aux" and c.lower_ in MODAL_AUX - {"would"} for c in verb.children)
    return _condition_mark(verb) is not None and not modal and not _under_condition(verb)


def _under_condition(verb: Token) -> bool:
    node = verb
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _merge(events: list[Event], place_key: dict[str, tuple], states: dict[str, str | None]) -> list[Event]:
    """One event per referent in a report: repeated reports (headline, caption, body) become mentions."""
    merged: list[Event] = []
    for event in events:
        index = next((n for n, kept in enumerate(merged) if _same_event(kept, event, place_key, states)), None)
        if index is not None:
            merged[index] = _absorb(merged[index], event, place_key)
            continue
        merged.append(event)
    return [e.model_copy(update={"id": f"e{n + 1}"}) for n, e in enumerate(merged)]


def _unreal(event: Event) -> bool:
    return event.future or event.hypothetical or event.negated


def _recent(event_date: EventDate, published: date | None) -> bool:
    return published is not None and event_date.end is not None and \
        (published - event_date.end).days <= HISTORICAL_DAYS


def _elsewhere_in_time(event: Event) -> bool:
    """Not part of the report's here and now: unreal, or background history."""
    return _unreal(event) or event.historical


def _carry_places(events: list[Event]) -> list[Event]:
    """An event with no place of its own happened where the report's last located event did, if that was
    within a few sentences (the 'report focus')."""
    out: list[Event] = []
    last: Event | None = None
    for event in events:
        if event.place is None and last is not None and not _elsewhere_in_time(event) and \
                event.trigger.sentence - last.trigger.sentence <= CONTEXT_SENTENCES:
            event = event.model_copy(update={
                "place": last.place,
                "explanation": [*event.explanation, f"place carried from the event at '{last.trigger.text}'"],
            })
        if event.place is not None and not _elsewhere_in_time(event):
            last = event
        out.append(event)
    return out


WEAK_BASES = {"publication", "context"}
AREA_CLASSES = {"A", "D", "L"}  # gazetteer classes of areas: country, first-level division, continent


def _same_event(first: Event, second: Event, place_key: dict[str, tuple], states: dict[str, str | None]) -> bool:
    """Same type, mode, modality and source; targets equal or one unknown; dates and places not in conflict."""
    same = (first.plover, first.source, first.negated, first.future, first.hypothetical) == (
        second.plover, second.source, second.negated, second.future, second.hypothetical)
    if first.plover_mode and second.plover_mode and first.plover_mode != second.plover_mode:
        return False
    if not same or first.source is None:
        return False
    if first.target and second.target and not _same_party(first.target, second.target, states):
        return False
    if first.place and second.place and not _places_agree(place_key[first.place], place_key[second.place]):
        return False
    if first.date and second.date and first.date.value != second.date.value:
        return first.date.basis in WEAK_BASES or second.date.basis in WEAK_BASES
    return True


def _same_party(first: str, second: str, states: dict[str, str | None]) -> bool:
    """The same actor, or a country and its government ('visits Lebanon', 'arrived in Beirut')."""
    return first == second or (first in states and states.get(first) == states.get(second))


def _places_agree(first: tuple, second: tuple) -> bool:
    """Same place, or a country and a place inside it (the headline's 'visits Lebanon', the body's Beirut)."""
    if first == second:
        return True
    return first[0] == second[0] and bool(AREA_CLASSES & {first[1], second[1]})


def _absorb(kept: Event, other: Event, place_key: dict[str, tuple]) -> Event:
    update: dict = {"mentions": [*kept.mentions, other.trigger, *other.mentions]}
    notes = []
    if other.date and (kept.date is None or (kept.date.basis in WEAK_BASES and other.date.basis not in WEAK_BASES)):
        update["date"] = other.date
        notes.append(f"date {other.date.value} ({other.date.basis}) from the report at '{other.trigger.text}'")
    if other.place is not None and (kept.place is None or place_key[kept.place][1] in AREA_CLASSES):
        update["place"] = other.place
    if kept.target is None and other.target is not None:
        update["target"] = other.target
    update["explanation"] = [*kept.explanation, f"merged with the report of the same event at '{other.trigger.text}'"
                             f" (char {other.trigger.start})", *notes]
    return kept.model_copy(update=update)
