"""greenchain: environmental-disclosure data pipeline (crawl → normalize → match → warehouse → index → alerts)."""

__version__ = "0.1.0"
