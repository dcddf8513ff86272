"""eventwire: news reports in, auditable event data out."""

from eventwire.models import Article, Report, article_id

__version__ = "0.1.0"

__all__ = ["Article", "Report", "article_id", "__version__"]
