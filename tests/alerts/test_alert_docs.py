"""docs/alerts.md's Standard Webhooks verification example works on a real delivery."""

from __future__ import annotations

import re

import pytest

from alerts.run import process_alerts
from alerts.signing import new_secret
from greenchain.paths import PROJECT_ROOT


def _doc_example() -> dict:
    text = (PROJECT_ROOT / "docs" / "alerts.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- signature-example -->\n```python\n(.*?)```", text, re.S)
    assert block, "docs/alerts.md lost its signature example"
    namespace: dict = {}
    exec(compile(block.group(1), "docs/alerts.md", "exec"), namespace)  # noqa: S102 - our own doc
    return namespace


def test_signature_example_in_docs_verifies_a_real_delivery(env, receiver):
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    verify = _doc_example()["verify_greenchain_webhook"]
    delivery = receiver.accepted[0]

    alert = verify(env.secret, delivery.headers, delivery.body)

    assert alert["id"] == delivery.headers["webhook-id"] and alert["brand_id"] == "voltedge"
    with pytest.raises(ValueError, match="bad signature"):
        verify(new_secret(), delivery.headers, delivery.body)
    with pytest.raises(ValueError, match="bad signature"):
        verify(env.secret, delivery.headers, delivery.body.replace(b"200000", b"2000"))
    with pytest.raises(ValueError, match="bad signature"):
        verify(env.secret, {**delivery.headers, "webhook-id": "0" * 32}, delivery.body)
    stale = {**delivery.headers, "webhook-timestamp": str(int(delivery.headers["webhook-timestamp"]) - 3600)}
    with pytest.raises(ValueError, match="replay"):
        verify(env.secret, stale, delivery.body)


def test_doc_example_accepts_either_secret_during_a_rotation(env, receiver, monkeypatch):
    current = new_secret()
    monkeypatch.setenv("GREENCHAIN_WEBHOOK_SECRET_VOLTEDGE", f"{current} {env.secret}")
    process_alerts("2026-11-22", env.paths, config=env.config, brands=env.brands)
    verify = _doc_example()["verify_greenchain_webhook"]
    delivery = receiver.accepted[0]

    assert verify(current, delivery.headers, delivery.body) == verify(env.secret, delivery.headers, delivery.body)
