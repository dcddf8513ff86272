"""Scoring eventwire against gold data and expected facts."""
