"""Delivery counts per channel, as process_alerts reports them."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Tally:
    delivered: int = 0
    failed: int = 0  # failed attempts that will be retried
    dead_lettered: int = 0
    waiting: int = 0  # still pending when this call returned

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
