"""Quotations, direct and indirect, attributed to a resolved speaker.

Direct quotes come from quotation marks (straight or curly, running over paragraphs when each opens with a
mark). A quote interrupted by its cue ('"A," she said, "B."') is one quote. Short quoted phrases inside a
sentence ("fight for freedom") are partial quotes: they belong to the reported speech around them.
Indirect quotes come from the parse: a speech verb with a clause ("said that ...", "told reporters ..."), a
parenthetical cue ("The talks, he said, failed."), an object ("denied any involvement"), a to-clause
("vowed to punish ..."), or "according to X". A quote with no cue of its own continues the last speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from eventwire.analysis.actors import ActorResult
from eventwire.knowledge import Knowledge
from eventwire.models import Quote, Spanned

OPENING = {'"', "“", "«", "„", "''", "``"}  # '' and `` : typewriter-era double quotes in older wires
CLOSING = {'"', "”", "»", "''"}
MARK_CHARS = "'\"“”«»„`"
QUOTE_CHARS = re.compile(r"''|``|[\"“”«»„]")
PARTIAL_MAX_WORDS = 5
DIRECT_MIN_WORDS = 3
CONTINUATION_PARAGRAPHS = 1  # a quote with no cue continues a speaker quoted in its own or the previous paragraph
INTERRUPTION_MAX_CHARS = 200  # '," said Jane Doe, an economist at the University of X. "'
SUBJECTS = {"nsubj", "nsubjpass"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
PHRASE_NEAR = {"compound", "poss", "appos", "flat", "amod", "nmod", "conj"}
OBJECTS = {"dobj", "obj"}
CUE_WORDS_BEFORE_QUOTE = {"said", "says", "saying", "added", "told", "stated", "wrote", "declared", "asked",
                          "replied", "warned", "insisted"}


@dataclass
class QuoteSpan:
    start: int  # content, inside the marks
    end: int
    paragraph: int
    partial: bool = False
    pieces: tuple[tuple[int, int], ...] = ()  # quoted pieces when a cue interrupts the quotation

    def __post_init__(self) -> None:
        if not self.pieces:
            self.pieces = ((self.start, self.end),)


def find_quoted(text: str) -> list[QuoteSpan]:
    """Character spans inside quotation marks. A quote left open at the end of a paragraph continues when
    the next paragraph opens with a mark (the convention for multi-paragraph quotes), else it ends there."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_line = 0
    previous_end = 0
    for line_no, line in enumerate(_lines(text)):
        start, end = line
        marks = [(m.start(), m.group()) for m in QUOTE_CHARS.finditer(text, start, end)]
        if open_at is not None:
            if marks and marks[0][0] == _first_visible(text, start) and marks[0][1] in OPENING:
                marks = marks[1:]  # the opening mark of a continuing paragraph
            else:
                spans.append(QuoteSpan(open_at, previous_end, open_line))
                open_at = None
        for pos, mark in marks:
            if open_at is None:
                if mark in OPENING:
                    open_at, open_line = pos + len(mark), line_no
            elif mark in CLOSING:
                spans.append(QuoteSpan(open_at, pos, open_line))
                open_at = None
        previous_end = end
    if open_at is not None:
        spans.append(QuoteSpan(open_at, previous_end, open_line))
    return [s for s in spans if any(c.isalpha() for c in text[s.start:s.end])]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, end without trailing spaces."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            out.append((match.start(), match.start() + len(match.group().rstrip())))
    return out


def _first_visible(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


class QuoteExtractor:
    def __init__(self, vocab: Vocab, knowledge: Knowledge) -> None:
        self.clause_verbs = knowledge.speech_verbs
        self.object_verbs = knowledge.speech_object_verbs
        self.infinitive_verbs = knowledge.speech_infinitive_verbs
        lemmas = sorted(self.clause_verbs | self.object_verbs | self.infinitive_verbs)
        self.matcher = Matcher(vocab)
        self.matcher.add("CUE", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])

    def __call__(self, doc: Doc, actors: ActorResult) -> list[Quote]:
        cues = [doc[start] for _, start, _ in self.matcher(doc)]
        return _Run(self, doc, actors, cues).quotes()


class _Run:
    def __init__(self, extractor: QuoteExtractor, doc: Doc, actors: ActorResult, cues: list[Token]) -> None:
        self.x = extractor
        self.doc = doc
        self.text = doc.text
        self.actors = actors
        self.cues = cues
        self.actor_names = {a.id: a.name for a in actors.actors}
        self.token_starts = doc.to_array("IDX").astype(numpy.int64).tolist()
        self.paragraph_of = _paragraph_index(self.text)
        self.sentence_starts = [sent.start_char for sent in doc.sents]
        self.quoted = find_quoted(self.text)
        for span in self.quoted:
            span.partial = self._is_partial(span)
        self.direct = self._join_interrupted([q for q in self.quoted if not q.partial])
        self.in_direct = _char_mask(len(self.text), self.direct)
        self.indirect_items = [(tok, self._indirect(tok)) for tok in self.cues if not self.in_direct[tok.idx]]
        reported = [q for _, q in self.indirect_items if q is not None]
        orphans = [s for s in self.quoted if s.partial and _words(self.text, s) >= DIRECT_MIN_WORDS
                   and not _looks_like_title(self.text[s.start:s.end])
                   and not any(_overlap(s, q) > 0.5 * (s.end - s.start) for q in reported)]
        if orphans:
            self.direct = sorted(self.direct + orphans, key=lambda q: q.start)

    def token_at(self, char: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.token_starts, char) - 1)]

    def _is_partial(self, span: QuoteSpan) -> bool:
        """A quoted phrase embedded in the sentence around it, not a quotation of its own."""
        words = len(self.text[span.start:span.end].split())
        if _looks_like_title(self.text[span.start:span.end]):
            return True
        before = self.text[max(0, span.start - 40):span.start].rstrip().rstrip(MARK_CHARS).rstrip()
        after = self.text[span.end:span.end + 4].lstrip(MARK_CHARS + " ")
        embedded = bool(before) and before[-1].isalnum() and not _ends_with_cue(before)
        closed = self.text[span.start:span.end].rstrip().endswith((",", ".", "?", "!", ":", ";", "…"))
        continues = bool(after) and (after[0].isalnum() or after[0] in "(") and not closed
        if words < DIRECT_MIN_WORDS and not _ends_with_cue(before):
            return True
        return embedded or (continues and words <= PARTIAL_MAX_WORDS)

    def _join_interrupted(self, spans: list[QuoteSpan]) -> list[QuoteSpan]:
        """'"A," she said, "B."' is one quotation interrupted by its cue."""
        joined: list[QuoteSpan] = []
        for span in spans:
            if joined and self._interruption(joined[-1], span):
                previous = joined[-1]
                joined[-1] = QuoteSpan(previous.start, span.end, previous.paragraph,
                                       pieces=previous.pieces + span.pieces)
            else:
                joined.append(span)
        return joined

    def _interruption(self, first: QuoteSpan, second: QuoteSpan) -> bool:
        """'"A," she said, "B."' and '"A," said X, an economist. "B."': the words between are only the cue."""
        between = self.text[first.end:second.start]
        if len(between) > INTERRUPTION_MAX_CHARS or "\n" in between:
            return False
        inner = between.strip(MARK_CHARS + " ")
        first_ends_open = self.text[first.start:first.end].rstrip().endswith(",")
        if not (inner.startswith(",") or first_ends_open) or not inner.endswith((",", ":", ".")):
            return False
        start = first.end
        opening = second.start - (len(between) - len(between.rstrip(MARK_CHARS))) - 1
        first_new_sentence = bisect.bisect_right(self.sentence_starts, start)
        if first_new_sentence < len(self.sentence_starts) and self.sentence_starts[first_new_sentence] < opening:
            return False  # a sentence of its own between the two quotes
        return any(start <= tok.idx < second.start and tok.lower_ != "according" for tok in self.cues)

    # -- quotes -----------------------------------------------------------------------------------------
    def quotes(self) -> list[Quote]:
        items: list[tuple[int, str, object]] = [(q.start, "direct", q) for q in self.direct]
        items += [(tok.idx, "indirect", quote) for tok, quote in self.indirect_items if quote is not None]
        items.sort(key=lambda item: item[0])
        out: list[Quote] = []
        last: tuple[Quote, int] | None = None  # last attributed quote and its paragraph
        for _, kind, item in items:
            quote = self._direct(item, last) if kind == "direct" else item
            if quote is None or self._repeats_outer(quote, out):
                continue
            quote = quote.model_copy(update={"id": f"q{len(out) + 1}"})
            out.append(quote)
            if quote.speaker or quote.speaker_mention:
                last = (quote, self.paragraph_of(quote.start))
        return out

    def _direct(self, span: QuoteSpan, last: tuple[Quote, int] | None) -> Quote | None:
        cue = self._cue_near(span)
        speaker_token = _subject(cue) if cue is not None else None
        rule = "direct: cue in sentence"
        if speaker_token is None:
            previous = self._cue_before_colon(span)
            if previous is not None:
                cue, speaker_token, rule = previous, _subject(previous), "direct: cue before colon"
        base = dict(id="", start=span.start, end=span.end, text=self.text[span.start:span.end], kind="direct")
        if len(span.pieces) > 1:
            base["pieces"] = [Spanned(start=a, end=b, text=self.text[a:b]) for a, b in span.pieces]
        if cue is not None and speaker_token is not None:
            return Quote(**base, **self._speaker(speaker_token), cue=_spanned(self.doc[cue.i:cue.i + 1]), rule=rule)
        paragraph = self.paragraph_of(span.start)
        if last is not None and paragraph - last[1] <= CONTINUATION_PARAGRAPHS:
            previous_quote = last[0]
            return Quote(**base, speaker=previous_quote.speaker, speaker_name=previous_quote.speaker_name,
                         speaker_mention=previous_quote.speaker_mention, cue=previous_quote.cue,
                         rule="direct: continues the last speaker")
        return Quote(**base, rule="direct: no speaker found")

    def _cue_near(self, span: QuoteSpan) -> Token | None:
        """A speech verb with a subject outside the quote, in the sentences the quote touches, nearest to it."""
        first_sent = self.token_at(span.start).sent
        last_sent = self.token_at(max(span.start, span.end - 1)).sent
        paragraphs = range(self.paragraph_of(span.start), self.paragraph_of(span.end) + 1)
        candidates = [
            tok for tok in self.cues
            if first_sent.start <= tok.i < last_sent.end and tok.lower_ != "according"
            and not self.in_direct[tok.idx] and self.paragraph_of(tok.idx) in paragraphs
            and _subject(tok) is not None
        ]
        if not candidates:
            return None
        return min(candidates, key=lambda tok: min(abs(tok.idx - span.start), abs(tok.idx - span.end)))

    def _cue_before_colon(self, span: QuoteSpan) -> Token | None:
        before = self.text[:span.start].rstrip().rstrip(MARK_CHARS).rstrip()
        if not before.endswith(":"):
            return None
        sent = self.token_at(len(before) - 1).sent
        verbs = [t for t in self.cues if sent.start <= t.i < sent.end and t.lower_ != "according"]
        return verbs[-1] if verbs else None

    # -- indirect ---------------------------------------------------------------------------------------
    def _indirect(self, cue: Token) -> Quote | None:
        if cue.lower_ == "according":
            return self._according_to(cue)
        speaker_token = _subject(cue)
        if speaker_token is None or self.in_direct[speaker_token.idx]:
            return None
        content, how = self._content(cue, speaker_token)
        if content is None or len(content) < 2 or self._mostly_direct(content):
            return None
        kind = "mixed" if any(q.partial and content.start_char <= q.start < content.end_char for q in self.quoted) \
            else "indirect"
        pieces = []
        if content.start <= cue.i < content.end:  # a parenthetical cue inside: the reported words around it
            pieces = [_spanned(p) for p in (_trim_punct(self.doc[content.start:speaker_token.left_edge.i]),
                                            _trim_punct(self.doc[cue.i + 1:content.end])) if p is not None]
        return Quote(id="", start=content.start_char, end=content.end_char, text=content.text, kind=kind,
                     **self._speaker(speaker_token), cue=_spanned(self.doc[cue.i:cue.i + 1]), pieces=pieces,
                     rule=f"indirect: '{cue.lemma_}' + {how}")

    def _content(self, cue: Token, speaker: Token) -> tuple[Span | None, str]:
        lemma = cue.lemma_
        children = list(cue.children)
        clauses = [c for c in children if c.dep_ == "ccomp"]
        clause = next((c for c in clauses if c.i > cue.i), clauses[0] if clauses else None)
        if clause is not None and lemma in self.x.clause_verbs:
            start, end = clause.left_edge.i, clause.right_edge.i + 1
            if self.doc[start].lower_ == "that":
                start += 1
            if cue.i < start:  # the parse often leaves coordinated or trailing parts outside the clause
                end = max(end, cue.sent.end)
            return _trim_punct(self.doc[start:end]), "clause"
        if cue.dep_ == "parataxis" and lemma in self.x.clause_verbs and cue.head.pos_ in {"VERB", "AUX"}:
            return self._around_parenthetical(cue, speaker), "parenthetical cue"
        if any(c.dep_ in {"auxpass", "nsubjpass"} for c in children):
            return None, ""  # 'was asked to leave': the subject is not the one speaking
        infinitive = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}), None)
        if infinitive is not None and lemma in self.x.infinitive_verbs:
            obj = next((c for c in children if c.dep_ in OBJECTS and c.i < infinitive.i), None)
            start = (obj or infinitive).left_edge.i
            return _trim_punct(self.doc[start:infinitive.right_edge.i + 1]), "to-clause"
        obj = next((c for c in children if c.dep_ in OBJECTS), None)
        if obj is not None and lemma in self.x.object_verbs and len(list(obj.subtree)) >= 2:
            return _trim_punct(self.doc[obj.left_edge.i:obj.right_edge.i + 1]), "object"
        return None, ""

    def _around_parenthetical(self, cue: Token, speaker: Token) -> Span | None:
        """'The talks, he said, failed.': the sentence without the cue clause."""
        sent = cue.sent
        cue_start = min(speaker.left_edge.i, cue.i)
        cue_end = max(t.i for t in (cue, *[c for c in cue.children if c.dep_ not in {"ccomp"}])) + 1
        before = _trim_punct(self.doc[sent.start:cue_start])
        after = _trim_punct(self.doc[cue_end:sent.end])
        if before is None:
            return after
        if after is None:
            return before
        return self.doc[before.start:after.end]

    def _mention_in_phrase(self, head: Token):
        """The actor a subject phrase names: its own modifiers and appositions first, then 'of X'; never a
        relative clause ('the official, who met the employees, said')."""
        queue = [c for c in head.children if c.dep_ in PHRASE_NEAR]
        queue += [c for c in head.children if c.dep_ == "prep"]
        while queue:
            token = queue.pop(0)
            mention = self.actors.token_mention.get(token.i)
            if mention is not None:
                return mention
            queue += [c for c in token.children if c.dep_ in PHRASE_NEAR or c.dep_ in {"pobj", "prep"}]
        return None

    def _repeats_outer(self, quote: Quote, earlier: list[Quote]) -> bool:
        """'X said he believed that ...': an inner cue heading the outer content repeats that attribution."""
        if quote.kind == "direct" or quote.cue is None:
            return False
        cue = self.token_at(quote.cue.start)
        for outer in earlier:
            if _inside(quote, outer) and outer.speaker == quote.speaker:
                root = self.doc.char_span(outer.start, outer.end, alignment_mode="expand")
                if root is not None and root.root.i == cue.i:
                    return True
        return False

    def _mostly_direct(self, content: Span) -> bool:
        inside = sum(self.in_direct[content.start_char:content.end_char])
        return inside > 0.5 * (content.end_char - content.start_char)

    def _according_to(self, cue: Token) -> Quote | None:
        if cue.i + 1 >= len(self.doc):
            return None
        to = cue.nbor(1)
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        sent = cue.sent
        phrase_end = source.right_edge.i + 1
        if cue.i - sent.start >= sent.end - phrase_end:
            content = self.doc[sent.start:cue.i]
        else:
            content = self.doc[phrase_end:sent.end]
        content = _trim_punct(content)
        if content is None or len(content) < 2:
            return None
        cue_span = self.doc[cue.i:to.i + 1]
        return Quote(id="", start=content.start_char, end=content.end_char, text=content.text, kind="indirect",
                     **self._speaker(source), cue=_spanned(cue_span), rule="indirect: according to")

    def _speaker(self, token: Token) -> dict:
        mention = self.actors.token_mention.get(token.i) or self._mention_in_phrase(token)
        if mention is not None:
            return {"speaker": mention.actor, "speaker_name": self.actor_names.get(mention.actor),
                    "speaker_mention": Spanned(start=mention.start, end=mention.end, text=mention.text)}
        phrase = self.doc[token.left_edge.i:token.right_edge.i + 1]
        return {"speaker": None, "speaker_mention": _spanned(phrase)}


def _overlap(span: QuoteSpan, quote: Quote) -> int:
    return max(0, min(span.end, quote.end) - max(span.start, quote.start))


def _looks_like_title(quoted: str) -> bool:
    """'Keepin' It Real', 'State of the Union': a name or title in quotation marks."""
    words = quoted.strip(" ,.").split()
    if not words or len(words) > 8 or quoted.rstrip().endswith(("?", "!")):
        return False
    significant = [w for w in words if len(w) > 3]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _words(text: str, span: QuoteSpan) -> int:
    return len(text[span.start:span.end].split())


def _ends_with_cue(before: str) -> bool:
    words = before.split()
    return bool(words) and words[-1].lower().rstrip(",:") in CUE_WORDS_BEFORE_QUOTE


def _inside(quote: Quote, outer: Quote) -> bool:
    return outer.kind != "direct" and outer.start <= quote.start and quote.end <= outer.end


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head  # "Marc Morial, ..., who said": the noun the clause describes
            return child
    if verb.dep_ in {"conj", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:  # "..., he said and added"
        return _subject(verb.head)
    return _noun_before(verb)


def _noun_before(verb: Token) -> Token | None:
    """'... of the Washington Post Trump said that ...': a misparse left the cue without a subject."""
    index = verb.i - 1
    while index >= verb.sent.start and verb.doc[index].pos_ in {"ADV", "AUX", "PART"}:
        index -= 1
    if index < verb.sent.start:
        return None
    token = verb.doc[index]
    return token if token.pos_ in {"PROPN", "NOUN", "PRON"} and token.dep_ not in SUBJECTS else None


def _spanned(span: Span) -> Spanned:
    return Spanned(start=span.start_char, end=span.end_char, text=span.text)


def _trim_punct(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {'"', "”"}:
        end -= 1
    return doc[start:end] if end > start else None


def _char_mask(length: int, spans: list[QuoteSpan]) -> bytearray:
    """1 for characters inside quoted pieces (a cue interrupting a quotation stays outside)."""
    mask = bytearray(length + 1)
    for span in spans:
        for start, end in span.pieces:
            mask[start:end] = b"\x01" * (end - start)
    return mask


def _paragraph_index(text: str):
    breaks = [m.start() for m in re.finditer(r"\n\s*", text)]

    def index(offset: int) -> int:
        return bisect.bisect_left(breaks, offset)

    return index
