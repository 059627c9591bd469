"""Supplier alerts (issue 8): events derived from the published warehouse, an outbox with exactly-once
delivery per (brand, record, event, version), Atom/JSON feeds, signed webhooks, a daily email digest
and a read-only feed service. Entry point: alerts.run.process_alerts. Described in docs/alerts.md."""
