"""The published JSON Schema stays the one the models produce."""

import json
from pathlib import Path

from eventwire.models import Report

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_published_schema_matches_models() -> None:
    published = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))
    assert published == Report.model_json_schema(), "regenerate with: eventwire schema > docs/report.schema.json"
