"""Normalize: landing documents (raw pages, attachments, JSON items) → canonical, validated records."""
