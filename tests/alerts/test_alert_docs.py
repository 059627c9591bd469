"""docs/alerts.md's signature-verification example works on a real delivery."""

from __future__ import annotations

import re

import pytest

from alerts.run import process_alerts
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

    assert alert["id"] == delivery.headers["X-Greenchain-Id"] and alert["brand_id"] == "voltedge"
    with pytest.raises(ValueError, match="bad signature"):
        verify("wrong-secret", delivery.headers, delivery.body)
    with pytest.raises(ValueError, match="bad signature"):
        verify(env.secret, delivery.headers, delivery.body.replace(b"200000", b"2000"))
    stale = {**delivery.headers, "X-Greenchain-Timestamp": str(int(delivery.headers["X-Greenchain-Timestamp"]) - 3600)}
    with pytest.raises(ValueError, match="replay"):
        verify(env.secret, stale, delivery.body)
