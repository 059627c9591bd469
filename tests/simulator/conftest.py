"""One small simulated web per test session: the real registry, no random faults, a small company universe."""

from __future__ import annotations

import pytest

from greenchain.registry import Registry, Source, SourceKind, Template, load_registry
from simulator.config import SimulatorConfig, load_simulator_config
from simulator.site import SimulatedWeb

N_COMPANIES = 2000


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(include_historical=False)


def quiet_config(**overrides: str) -> SimulatorConfig:
    """The shipped config without random faults; `overrides` force a fault on given sources."""
    cfg = load_simulator_config()
    return SimulatorConfig.model_validate({**cfg.model_dump(), "faults": {}, "overrides": dict(overrides)})


@pytest.fixture(scope="session")
def web(registry: Registry) -> SimulatedWeb:
    return SimulatedWeb(registry, quiet_config(), seed=3, n_companies=N_COMPANIES)


def pick_source(
    web: SimulatedWeb,
    template: Template,
    *,
    min_items: int = 1,
    kind: SourceKind = SourceKind.PENALTY_DECISION,
    exclude: tuple[str, ...] = (),
) -> Source:
    """The first active source of a template with at least `min_items` items on day 1."""
    for s in web.registry.active():
        if (
            s.template == template
            and s.kind == kind
            and s.id not in exclude
            and not s.id.endswith("-sgs")
            and web.publisher.catalogue_size(s) >= min_items
        ):
            return s
    raise LookupError(f"no {template} source with {min_items} items")


@pytest.fixture(scope="session")
def pick():  # noqa: ANN201 - the helper, as a fixture (test folders are not packages)
    return pick_source


@pytest.fixture(scope="session")
def make_web(registry: Registry):  # noqa: ANN201
    """Build a web with faults forced on some sources: make_web(day=1, **{source_id: mode})."""

    def build(day: int = 1, seed: int = 3, **overrides: str) -> SimulatedWeb:
        return SimulatedWeb(registry, quiet_config(**overrides), seed=seed, n_companies=N_COMPANIES, day=day)

    return build
