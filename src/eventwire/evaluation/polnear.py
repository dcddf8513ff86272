"""Read PolNeAR attribution annotations (brat standoff) as gold data for quote extraction.

Layout of one split: `<root>/<split>/text/<doc>.txt` and `<root>/<split>/attributions/<doc>_<annotator>.ann`,
plus `<root>/metadata.tsv` (optional; gives `publication_date` by `filename`). A document annotated by several
annotators uses the lexicographically first annotation file. In an `.ann` file, `T` lines hold labelled character
spans (`T3<TAB>Content 315 448;463 553<TAB>text`, the text may run over several lines) and each `E` line ties
Source, Cue and Content spans into one attribution (`Content2` counts as content; the `Attribution` anchor and
other labels such as Discuss / Discard are ignored). Spans are Python string offsets into the text file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

Span = tuple[int, int]

ROLES = {"Source": "sources", "Cue": "cues", "Content": "contents"}
_RECORD_START = re.compile(r"^[TERAN#]\d*\t")
_ROLE_SUFFIX = re.compile(r"\d+$")


@dataclass
class GoldAttribution:
    """One annotated attribution: character spans of its source(s), cue(s) and content(s)."""

    id: str
    sources: list[Span] = field(default_factory=list)
    cues: list[Span] = field(default_factory=list)
    contents: list[Span] = field(default_factory=list)


@dataclass
class GoldDocument:
    id: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    published: date | None = None
    annotator: str | None = None


def load_split(root: Path, split: str) -> list[GoldDocument]:
    """All documents of one split (sorted by id) that have an annotation file."""
    root = Path(root)
    by_doc: dict[str, list[Path]] = {}
    for path in sorted((root / split / "attributions").glob("*.ann")):
        by_doc.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    dates = read_dates(root / "metadata.tsv")
    docs = []
    for doc_id, paths in sorted(by_doc.items()):
        text = (root / split / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        path = paths[0]
        docs.append(GoldDocument(id=doc_id, text=text, attributions=parse_ann(path.read_text(encoding="utf-8")),
                                 published=dates.get(doc_id), annotator=path.stem.rsplit("_", 1)[1]))
    return docs


def read_dates(path: Path) -> dict[str, date]:
    """`filename -> publication_date` from metadata.tsv ({} when the file is absent)."""
    if not path.exists():
        return {}
    dates = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            try:
                dates[row["filename"]] = date.fromisoformat(row.get("publication_date") or "")
            except (KeyError, ValueError):
                continue
    return dates


def parse_ann(content: str) -> list[GoldAttribution]:
    """The attributions of one `.ann` file, in file order."""
    records = [record.split("\t") for record in _records(content)]
    spans: dict[str, list[Span]] = {}
    for fields in records:  # an E line may come before the T lines it refers to
        if fields[0].startswith("T") and len(fields) >= 2:
            _label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = [_span(piece) for piece in offsets.split(";")]
    return [_attribution(fields[0], fields[1], spans)
            for fields in records if fields[0].startswith("E") and len(fields) >= 2]


def _records(content: str) -> list[str]:
    """Join continuation lines (span text with newlines) onto the record they belong to."""
    records: list[str] = []
    for line in content.split("\n"):
        if _RECORD_START.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


def _span(piece: str) -> Span:
    start, end = piece.split()
    return int(start), int(end)


def _attribution(event_id: str, arguments: str, spans: dict[str, list[Span]]) -> GoldAttribution:
    attribution = GoldAttribution(id=event_id)
    for argument in arguments.split():
        role, _, ref = argument.partition(":")
        name = ROLES.get(_ROLE_SUFFIX.sub("", role))
        if name is None:
            continue
        if ref not in spans:
            raise ValueError(f"attribution {event_id} refers to unknown span {ref}")
        getattr(attribution, name).extend(spans[ref])
    return attribution
