"""Article -> spaCy Doc -> eventwire extractors -> Report."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire.analysis.actors import ActorExtractor
from eventwire.analysis.amounts import CURRENCY_WORDS, parse_amount
from eventwire.analysis.context_countries import infer_countries
from eventwire.analysis.events import DocContext, EventExtractor
from eventwire.analysis.layout import find_dateline, line_kinds
from eventwire.analysis.lexicon import Lexicon
from eventwire.analysis.nlp import shared_nlp
from eventwire.analysis.places import PlaceExtractor, outlet_town, publisher_country, written_in
from eventwire.analysis.quotes import QuoteExtractor
from eventwire.analysis.times import (
    WEEKDAYS,
    Direction,
    Timex,
    clock_days,
    join_adjacent,
    normalize,
    quarter_granularity,
    unlabelled_spans,
)
from eventwire.errors import InputError
from eventwire.knowledge import Knowledge, default_knowledge
from eventwire.knowledge.gazetteer import Gazetteer, default_gazetteer, fold
from eventwire.models import Amount, Article, Place, Report, Sentence, TimeExpression, article_info

TIME_LABELS = {"DATE", "TIME"}
AMOUNT_LABELS = {"MONEY", "CARDINAL", "QUANTITY", "PERCENT"}
YEAR_LIKE = 1000


class Analyzer:
    """Holds the loaded model and knowledge; analyse many articles with one instance."""

    def __init__(self, knowledge: Knowledge | None = None, nlp: Language | None = None,
                 gazetteer: Gazetteer | None = None) -> None:
        self.nlp = nlp or shared_nlp()
        self.knowledge = knowledge or default_knowledge()
        self.lexicon = Lexicon(self.nlp, self.knowledge)
        gazetteer = gazetteer or default_gazetteer()
        self.places = PlaceExtractor(self.knowledge, gazetteer)
        self.actors = ActorExtractor(self.lexicon, self.places.country_of)
        self.quotes = QuoteExtractor(self.nlp.vocab, self.knowledge)
        self.events = EventExtractor(self.nlp.vocab, self.knowledge, self.nlp)

    def _dateline_place(self, dateline, places) -> str | None:
        """The place a dateline names ('NAIROBI, Kenya (AP) —'): the report's place if found there, else resolved
        from the dateline's words (capitals are often missed by NER) and added to the report's places."""
        start, end = dateline.span("place")
        found = next((p for p in places.places if start <= p.start < end), None)
        if found is not None:
            return found.id
        iso3 = self.places.country_words.get(fold(dateline.group("region") or ""))
        context = {self.places.iso3_to_iso2[iso3]} if iso3 in self.places.iso3_to_iso2 else set()
        words = dateline.group("place").strip()
        entry = self.places.resolve_name(words.title(), context)
        if entry is None or entry.lat is None:
            return None
        return _place_record(places, start, start + len(words), words, entry).id

    def analyze(self, article: Article) -> Report:
        return self.report(article, self.nlp(article.text))

    def places_at(self, doc: Doc, offsets: list[tuple[int, int]], url: str | None = None) -> list[Place]:
        """The places of given toponym spans (gold spans in an evaluation), resolved as the report's own are."""
        spans = [doc.char_span(start, end, alignment_mode="expand") for start, end in offsets]
        return self.places(doc, self.lexicon.matches(doc), set(), [s for s in spans if s is not None],
                           publisher_country(url), outlet_town(url), written_in(doc.text)).places

    def analyze_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, Report | InputError]]:
        """Stream (article, report) pairs; an article that fails analysis gets an InputError, the rest go on."""
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            try:
                yield article, self.report(article, doc)
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
                yield article, InputError(article.source or article.id, f"analysis failed: {error!r}")

    def report(self, article: Article, doc: Doc) -> Report:
        published = article.published_date
        matches = self.lexicon.matches(doc)
        sentences = _sentences(doc, article.title)
        credit = {i for s in sentences if s.kind == "credit" for i in range(s.start, s.end)}
        dateline = find_dateline(doc.text)
        if dateline is not None:
            credit.update(range(dateline.start(), dateline.end()))
        actors = self.actors(doc, matches, credit, published)
        person_tokens = {i for i, m in actors.token_mention.items()
                         if m.form in {"name", "pronoun"} and _is_person(actors, m.actor)}
        places = self.places(doc, matches, person_tokens, publisher=publisher_country(article.url),
                             home_town=outlet_town(article.url), written=written_in(doc.text))
        infer_countries(doc, actors, places, self.places.iso2_to_iso3)
        times = _times(doc, published)
        if dateline is not None:  # the dateline's date is the filing date, not an event's
            times_for_events = [(t, x) for t, x in times if not dateline.start() <= t.start < dateline.end()]
        else:
            times_for_events = times
        quotes = self.quotes(doc, actors)
        sentence_index = {sent.start: n for n, sent in enumerate(doc.sents)}
        amounts = _amounts(doc)
        ctx = DocContext(doc, actors, places, times_for_events, quotes, published, sentence_index, amounts,
                         dateline_place=self._dateline_place(dateline, places) if dateline is not None else None)
        events = self.events(ctx)
        return Report(
            article=article_info(article),
            sentences=sentences,
            actors=actors.actors,
            mentions=actors.mentions,
            events=events,
            quotes=quotes,
            times=[t for t, _ in times],
            places=places.places,
            amounts=amounts,
        )


def _place_record(places, start: int, end: int, text: str, entry) -> Place:
    place = Place(id=f"p{len(places.places) + 1}", start=start, end=end, text=text, name=entry.name,
                  country=entry.country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
                  geonameid=entry.geonameid, feature_class=entry.feature_class)
    places.places.append(place)
    return place


def _is_person(actors, actor_id: str) -> bool:
    return any(a.id == actor_id and a.kind == "person" for a in actors.actors)


def _sentences(doc: Doc, title: str | None) -> list[Sentence]:
    lines = line_kinds(doc.text, title)
    out: list[Sentence] = []
    line = 0
    for sent in doc.sents:
        text = sent.text.rstrip()
        if not text.strip():
            continue
        while line + 1 < len(lines) and lines[line][1] <= sent.start_char:
            line += 1
        kind = lines[line][2] if lines else "body"
        out.append(Sentence(start=sent.start_char, end=sent.start_char + len(text), text=text, kind=kind))
    return out


def _times(doc: Doc, published: date | None) -> list[tuple[TimeExpression, Timex]]:
    """Time expressions: NER's DATE and TIME entities, then the ones it leaves out that a pattern finds
    (`unlabelled_spans`), each normalised in the tense of the clause it dates; neighbours that make one expression
    ('4 a.m. EDT' + 'Thursday') are joined."""
    found: list[tuple[int, int, Timex]] = []
    for ent in doc.ents:
        if ent.label_ not in TIME_LABELS:
            continue
        direction = _direction(ent)
        for start, end in _time_pieces(doc.text, _with_determiner(ent), _with_period(ent), published, direction):
            timex = normalize(doc.text[start:end], published, direction)
            if timex is not None:
                found.append((start, end, timex))
    taken = [(start, end) for start, end, _ in found]
    for start, end in unlabelled_spans(doc.text):
        if any(start < e and s < end for s, e in taken):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        timex = normalize(doc.text[start:end], published, _direction(span) if span is not None else None)
        if timex is not None:
            found.append((start, end, timex))
            taken.append((start, end))
    found = join_adjacent(sorted(found, key=lambda f: f[0]), doc.text)
    found = clock_days(found, [sent.start_char for sent in doc.sents])
    out: list[tuple[TimeExpression, Timex]] = []
    for start, end, timex in quarter_granularity(found, doc.text):
        out.append((TimeExpression(id=f"t{len(out) + 1}", start=start, end=end, text=doc.text[start:end],
                                   type=timex.type, value=timex.value, rule=timex.rule), timex))
    return out


FUTURE_WORDS = {"will", "shall", "'ll", "wo", "would"}
PLAN_WORDS = {"due", "scheduled", "set", "expected", "planned", "slated", "going"}
PLAN_LEMMAS = {"plan", "schedule", "intend", "prepare", "aim"}  # 'plans to hold a news conference on Tuesday'
DEFER_LEMMAS = {"postpone", "delay", "adjourn", "defer", "recess", "suspend"}  # 'postponed until Tuesday'
DEADLINE_WORDS = {"payable", "effective", "due", "expire", "expires", "expiring"}  # 'payable Dec. 7': ahead
SAYING_LEMMAS = {"say", "tell", "report", "announce", "add", "note", "write", "state"}
TERM_ENDS = {"until", "till", "through", "thru"}
AS_SOON_AS = re.compile(r"\bas (?:soon|early) as\s*$", re.I)


def _direction(span: Span) -> Direction:
    """The tense of the clause a time expression dates: its nearest governing verb's. Some wordings look ahead
    whatever the tense: a deadline ('payable Dec. 7'), a plan ('plans to meet Tuesday'), a postponement ('until
    Tuesday'), 'as soon as Tuesday', 'is to resume Tuesday', and the news present ('they meet Monday')."""
    if AS_SOON_AS.search(span.doc.text, max(0, span.start_char - 20), span.start_char):
        return "future"
    if span.root.head.lower_ == "since":  # 'since year-end', 'since May': what a span runs from lies behind
        return "past"
    token = span.root
    via_noun = False  # 'follows Tuesday's declaration': the day dates the noun, not the verb
    for _ in range(4):
        if token.lower_ in DEADLINE_WORDS:
            return "future"
        if token.pos_ in {"VERB", "AUX"}:
            break
        if token.head.i == token.i:
            return None
        via_noun = via_noun or (token.i != span.root.i and token.pos_ in {"NOUN", "PROPN"})
        token = token.head
    else:
        return None
    children = list(token.children)
    if any(c.lower_ in FUTURE_WORDS and c.dep_ == "aux" for c in children) or token.head.lower_ in PLAN_WORDS:
        return "future"
    if _planned(token) or (token.lemma_ in DEFER_LEMMAS and any(t.lower_ == "until" for t in span.root.ancestors)):
        return "future"
    if token.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in children):
        # 'extended loans through January', 'gave it until mid-November': a term's end may lie ahead
        return None if span.root.head.lower_ in TERM_ENDS else "past"
    if token.tag_ in {"VBP", "VBZ"} and not via_noun and token.lemma_ not in SAYING_LEMMAS | {"be", "want"}:
        return "future"
    return None


def _planned(verb: Token) -> bool:
    """The verb is planned or due: 'plans to hold', 'were planning to drive', 'is to resume'."""
    if verb.lemma_ in PLAN_LEMMAS and verb.tag_ != "VBN":  # not 'a service planned for Saturday was cancelled'
        return True
    head = verb.head
    to_infinitive = verb.dep_ == "xcomp" and any(c.tag_ == "TO" for c in verb.children)
    return to_infinitive and (head.lemma_ in PLAN_LEMMAS or head.lemma_ == "be")


DETERMINERS = {"this", "last", "next", "past", "coming", "previous", "current"}
CLOCK_OFFSET = re.compile(r"\b(?:hours?|minutes?|seconds?|half) (?:later|earlier)$", re.I)
DAY_PART = re.compile(r"(?:mid-?)?(?:morning|afternoon|evening|night)$", re.I)


def _with_determiner(ent: Span) -> int:
    """Where an expression starts: NER leaves out 'this' of "this year's" (tagging only 'year'), 'each' of 'each
    July', the day part of 'mid-afternoon yesterday', the article of 'the 1989 period'."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is None:
        return ent.start_char
    first = ent[0].lower_
    if before.lower_ in DETERMINERS and first in {"year", "week", "month"}:
        return before.idx
    if before.lower_ in {"each", "every"}:
        return before.idx
    if before.lower_ in {"coming", "next"} and first in WEEKDAYS:  # 'this coming Sunday': the one ahead
        this = doc[before.i - 1] if before.i > 0 else None
        return this.idx if this is not None and this.lower_ == "this" else before.idx
    if before.lower_ == "the" and ent.end < len(doc) and doc[ent.end].lower_ in {"period", "quarter"}:
        return before.idx  # 'the 1989 period'
    if DAY_PART.match(before.text) and first in {"yesterday", "today", "tomorrow", *WEEKDAYS}:
        start = before.i - 2 if before.i >= 2 and doc[before.i - 1].text == "-" else before.i  # 'mid - afternoon'
        return doc[start].idx
    return ent.start_char



def _with_period(ent: Span) -> int:
    """Where an expression ends: 'the 1989 period' and 'the 1988 quarter' are quarters, NER tags only the year;
    'Wednesday evening' is the evening, NER tags only the day."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ in {"period", "quarter"} and re.fullmatch(r"(?:1[5-9]|20)\d\d", ent.text):
        return after.idx + len(after)
    if CLOCK_OFFSET.search(ent.text):  # 'a minute and a half later': TimeML marks the length, not a time
        return ent[-2].idx + len(ent[-2])
    if after is not None and DAY_PART.fullmatch(after.text) and ent[-1].lower_ in {"yesterday", "today", "tomorrow",
                                                                                 *WEEKDAYS}:
        return after.idx + len(after)
    return ent.end_char


PIECE_SEPARATORS = re.compile(r",\s*|\s+(?:and(?! a half)|to|through|or|until)(?:\s+|$)|\s*[-\u2013]\s*(?=\d)")
PIECE_LEADS = re.compile(r"^(?:between|from|both|in|on|since)\s+", re.I)


def _time_pieces(text: str, start: int, end: int, published: date | None,
                 direction: Direction = None) -> list[tuple[int, int]]:
    """NER sometimes joins expressions ('between 1994 and 1997', 'Tuesday, two days'): when the whole does not
    normalise, its pieces between commas, 'and', 'to' and dashes that do."""
    if normalize(text[start:end], published, direction) is not None:
        return [(start, end)]
    pieces = []
    offset = start
    for separator in [*PIECE_SEPARATORS.finditer(text, start, end), None]:
        piece_end = separator.start() if separator else end
        lead = PIECE_LEADS.match(text[offset:piece_end])
        piece_start = offset + (lead.end() if lead else 0)
        if piece_start < piece_end:
            pieces.append((piece_start, piece_end))
        offset = separator.end() if separator else end
    return pieces


def _amounts(doc: Doc) -> list[Amount]:
    out: list[Amount] = []
    for ent in doc.ents:
        if ent.label_ not in AMOUNT_LABELS:
            continue
        end = ent.end
        if end < len(doc) and doc[end].lower_ in CURRENCY_WORDS:
            end += 1  # '1.4 billion' + 'euros'
        span = doc[ent.start:end]
        money = ent.label_ == "MONEY" or end > ent.end
        unit = None
        if not money:
            head = ent.root.head
            if ent.root.dep_ != "nummod" or head.pos_ != "NOUN":
                continue
            unit = head.lemma_
        parsed = parse_amount(span.text, unit)
        if parsed is None or (not money and YEAR_LIKE <= parsed.value <= 2100 and "," not in ent.text):
            continue
        out.append(Amount(id=f"n{len(out) + 1}", start=span.start_char, end=span.end_char, text=span.text,
                          value=parsed.value, currency=parsed.currency, unit=parsed.unit,
                          qualifier=parsed.qualifier))
    return out
