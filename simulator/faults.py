"""Which fault each source has, and what that means for the truth (crawlable? parseable?)."""

from __future__ import annotations

import random

from greenchain.registry import Registry
from simulator.config import FaultMode, SimulatorConfig

# What a correct crawler and parser can get out of a source with this fault.
#   crawlable: the documents can be fetched (possibly after retries / waiting / re-decoding)
#   parseable: the fetched documents hold the complete records
EXPECTATIONS: dict[FaultMode, tuple[bool, bool]] = {
    FaultMode.NONE: (True, True),
    FaultMode.SLOW: (True, True),
    FaultMode.TIMEOUT: (False, False),
    FaultMode.TRANSIENT_5XX: (True, True),
    FaultMode.PERMANENT_5XX: (False, False),
    FaultMode.RATE_LIMITED: (True, True),
    FaultMode.FIREWALL_412: (False, False),
    FaultMode.CHARSET_MISLABELLED: (True, True),
    FaultMode.TRUNCATED_HTML: (True, False),
    FaultMode.LAYOUT_CHANGE: (True, True),
    FaultMode.EMPTY_LIST: (False, False),
    FaultMode.DUPLICATE_ACROSS_SITES: (True, True),
    FaultMode.TAKEDOWN: (True, True),
    # The registry row is out of date: documents live elsewhere (or nowhere) until it is fixed.
    FaultMode.MOVED: (False, False),
    FaultMode.GONE: (False, False),
    FaultMode.TEMPLATE_CHANGED: (False, False),
}


def assign_faults(registry: Registry, config: SimulatorConfig, seed: int) -> dict[str, FaultMode]:
    """Fault mode per active source: overrides first, else drawn from the configured shares."""
    modes = list(config.faults.items())
    out: dict[str, FaultMode] = {}
    for s in registry.active():
        if s.id in config.overrides:
            out[s.id] = FaultMode(config.overrides[s.id])
            continue
        r = random.Random(f"{seed}:fault:{s.id}").random()
        acc = 0.0
        mode = FaultMode.NONE
        for m, share in modes:
            acc += share
            if r < acc:
                mode = m
                break
        out[s.id] = mode
    unknown = set(config.overrides) - set(out)
    if unknown:
        raise ValueError(
            f"config/simulator.yaml: overrides name unknown or inactive sources: {sorted(unknown)[:5]}"
        )
    return out
