"""Renderers: detail pages, list pages, attachment files, print variants."""
