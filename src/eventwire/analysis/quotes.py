"""Quotations, direct and indirect, attributed to a resolved speaker.

Direct quotes come from quotation marks (straight or curly, running over paragraphs when each opens with a
mark). Short quoted phrases inside a sentence ("fight for freedom") are partial quotes: they belong to the
reported speech around them. Indirect quotes come from the parse: a speech cue with a clausal complement
("said that ...", "told reporters ...") or "according to X". A quote with no cue of its own continues the
last speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from eventwire.analysis.actors import ActorResult
from eventwire.models import Quote, Spanned

OPENING = {'"', "“", "«", "„"}
CLOSING = {'"', "”", "»"}
QUOTE_CHARS = re.compile(r'["“”«»„]')
PARTIAL_MAX_WORDS = 5
CONTINUATION_PARAGRAPHS = 3
SUBJECTS = {"nsubj", "nsubjpass"}
CLAUSES = {"ccomp", "xcomp", "parataxis"}


@dataclass
class QuoteSpan:
    start: int  # content, inside the marks
    end: int
    paragraph: int
    partial: bool = False


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
                    open_at, open_line = pos + 1, line_no
            elif mark in CLOSING:
                spans.append(QuoteSpan(open_at, pos, open_line))
                open_at = None
        previous_end = end
    if open_at is not None:
        spans.append(QuoteSpan(open_at, previous_end, open_line))
    return [s for s in spans if text[s.start:s.end].strip()]


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
    def __init__(self, vocab: Vocab, speech_verbs: set[str]) -> None:
        self.speech_verbs = speech_verbs
        self.matcher = Matcher(vocab)
        self.matcher.add("CUE", [[{"LEMMA": {"IN": sorted(speech_verbs)}, "POS": "VERB"}]])
        self.matcher.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])

    def __call__(self, doc: Doc, actors: ActorResult) -> list[Quote]:
        cues = [doc[start] for _, start, _ in self.matcher(doc)]
        return _Run(doc, actors, self.speech_verbs, cues).quotes()


class _Run:
    def __init__(self, doc: Doc, actors: ActorResult, speech_verbs: set[str], cues: list[Token]) -> None:
        self.doc = doc
        self.cues = cues
        self.text = doc.text
        self.actors = actors
        self.speech_verbs = speech_verbs
        self.quoted = find_quoted(self.text)
        self.paragraph_of = _paragraph_index(self.text)
        for span in self.quoted:
            span.partial = self._is_partial(span)
        self.direct = [q for q in self.quoted if not q.partial]
        self.in_direct = _char_mask(len(self.text), self.direct)

    def _is_partial(self, span: QuoteSpan) -> bool:
        words = len(self.text[span.start:span.end].split())
        before = self.text[max(0, span.start - 40):span.start - 1].rstrip()
        after = self.text[span.end + 1:span.end + 3].lstrip()
        embedded = bool(before) and before[-1].isalnum() and not self._ends_with_cue(before)
        continues = bool(after) and (after[0].isalnum() or after[0] in "(")
        if words <= PARTIAL_MAX_WORDS and embedded:
            return True
        return embedded and continues and words <= 2 * PARTIAL_MAX_WORDS

    def _ends_with_cue(self, before: str) -> bool:
        last = before.split()[-1].lower() if before.split() else ""
        return last.rstrip(",:") in {"said", "says", "saying", "added", "told", "stated", "wrote", "declared"}

    # -- quotes -----------------------------------------------------------------------------------------
    def quotes(self) -> list[Quote]:
        items: list[tuple[int, str, object]] = [(q.start, "direct", q) for q in self.direct]
        items += [(tok.idx, "cue", tok) for tok in self._indirect_cues()]
        items.sort(key=lambda item: item[0])
        out: list[Quote] = []
        last: tuple[Quote, int] | None = None  # last attributed quote and its paragraph
        for _, kind, item in items:
            quote = self._direct(item, last) if kind == "direct" else self._indirect(item)
            if quote is None or _nested_in_same_speaker(quote, out):
                continue
            quote = quote.model_copy(update={"id": f"q{len(out) + 1}"})
            out.append(quote)
            if quote.speaker or quote.speaker_mention:
                last = (quote, self.paragraph_of(quote.start))
        return out

    def _direct(self, span: QuoteSpan, last: tuple[Quote, int] | None) -> Quote | None:
        content = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if content is None:
            return None
        cue = self._cue_near(span)
        speaker_token = _subject(cue) if cue is not None else None
        rule = "direct: cue in sentence"
        if cue is None:
            previous = self._cue_before_colon(span)
            if previous is not None:
                cue, speaker_token, rule = previous, _subject(previous), "direct: cue before colon"
        base = dict(id="", start=span.start, end=span.end, text=self.text[span.start:span.end], kind="direct")
        if cue is not None and speaker_token is not None:
            return Quote(**base, **self._speaker(speaker_token), cue=_spanned(self.doc[cue.i:cue.i + 1]), rule=rule)
        paragraph = self.paragraph_of(span.start)
        if last is not None and paragraph - last[1] <= CONTINUATION_PARAGRAPHS:
            previous_quote = last[0]
            return Quote(**base, speaker=previous_quote.speaker, speaker_mention=previous_quote.speaker_mention,
                         cue=previous_quote.cue, rule="direct: continues the last speaker")
        return Quote(**base, rule="direct: no speaker found")

    def _cue_near(self, span: QuoteSpan) -> Token | None:
        """A speech verb outside the quote in the sentences the quote touches, nearest to the quote."""
        first = self.doc.char_span(span.start, span.start + 1, alignment_mode="expand")
        last = self.doc.char_span(max(span.start, span.end - 1), span.end, alignment_mode="expand")
        if first is None or last is None:
            return None
        start_sent, end_sent = first[0].sent, last[-1].sent
        candidates = [
            tok
            for sent in {start_sent, end_sent}
            for tok in sent
            if tok.lemma_ in self.speech_verbs and tok.pos_ in {"VERB", "AUX"}
            and not (span.start <= tok.idx < span.end) and not self.in_direct[tok.idx]
            and self.paragraph_of(tok.idx) == self.paragraph_of(span.start)
        ]
        if not candidates:
            return None
        return min(candidates, key=lambda tok: min(abs(tok.idx - span.start), abs(tok.idx - span.end)))

    def _cue_before_colon(self, span: QuoteSpan) -> Token | None:
        before = self.text[:span.start - 1].rstrip()
        if not before.endswith(":"):
            return None
        colon = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None:
            return None
        verbs = [t for t in colon[0].sent if t.lemma_ in self.speech_verbs and t.pos_ == "VERB"]
        return verbs[-1] if verbs else None

    def _indirect_cues(self) -> list[Token]:
        """Speech verbs outside direct quotes that govern a clause, and 'according to'."""
        return [
            token for token in self.cues
            if not self.in_direct[token.idx]
            and (token.lower_ == "according"
                 or any(child.dep_ == "ccomp" and not self.in_direct[child.idx] for child in token.children))
        ]

    def _indirect(self, cue: Token) -> Quote | None:
        if cue.lower_ == "according":
            return self._according_to(cue)
        clause = next(c for c in cue.children if c.dep_ == "ccomp" and not self.in_direct[c.idx])
        start, end = clause.left_edge.i, clause.right_edge.i + 1
        if self.doc[start].lower_ == "that":
            start += 1
        content = self.doc[start:end]
        content = _trim_punct(content)
        if content is None or len(content) < 2:
            return None
        speaker_token = _subject(cue)
        if speaker_token is None:
            return None
        kind = "mixed" if any(q.partial and content.start_char <= q.start < content.end_char for q in self.quoted) \
            else "indirect"
        return Quote(id="", start=content.start_char, end=content.end_char, text=content.text, kind=kind,
                     **self._speaker(speaker_token), cue=_spanned(self.doc[cue.i:cue.i + 1]),
                     rule=f"indirect: '{cue.lemma_}' + clause")

    def _according_to(self, cue: Token) -> Quote | None:
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
        mention = self.actors.token_mention.get(token.i)
        if mention is None:
            for child in token.subtree:
                mention = self.actors.token_mention.get(child.i)
                if mention is not None:
                    break
        if mention is not None:
            return {"speaker": mention.actor,
                    "speaker_mention": Spanned(start=mention.start, end=mention.end, text=mention.text)}
        phrase = self.doc[token.left_edge.i:token.right_edge.i + 1]
        return {"speaker": None, "speaker_mention": _spanned(phrase)}


def _nested_in_same_speaker(quote: Quote, earlier: list[Quote]) -> bool:
    """'X said he believed that ...': the inner attribution repeats the outer one."""
    return quote.kind != "direct" and any(
        q.kind != "direct" and q.start <= quote.start and quote.end <= q.end and q.speaker == quote.speaker
        for q in earlier
    )


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if verb.dep_ in {"conj", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:  # "..., he said and added"
        return _subject(verb.head)
    return None


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
    mask = bytearray(length + 1)
    for span in spans:
        mask[span.start:span.end] = b"\x01" * (span.end - span.start)
    return mask


def _paragraph_index(text: str):
    breaks = [m.start() for m in re.finditer(r"\n\s*", text)]

    def index(offset: int) -> int:
        return bisect.bisect_left(breaks, offset)

    return index
