"""Build the simulated web from the registry and configuration (one place, for the CLI, tests and benches)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from greenchain.registry import load_registry
from greenchain.settings import load_settings
from simulator.config import SimulatorConfig, load_simulator_config
from simulator.site import SimulatedWeb


def build_web(
    *,
    day: int = 1,
    seed: int | None = None,
    n_companies: int | None = None,
    config_dir: Path | None = None,
    config: SimulatorConfig | None = None,
) -> SimulatedWeb:
    """The simulated web for every active registry source.

    Always the whole registry: reposts pick their originals among all city sources, so a
    subset would change what some sites publish.

    Defaults come from config/greenchain.yaml: the seed is `simulator.seed`, the company universe is
    `reference.demo_companies` — the same universe the demo's company registry is generated from,
    so every company party can be matched.
    """
    settings = load_settings(config_dir)
    registry = load_registry(config_dir, include_historical=False)
    return SimulatedWeb(
        registry,
        config or load_simulator_config(config_dir),
        seed=settings.simulator.seed if seed is None else seed,
        n_companies=settings.reference.demo_companies if n_companies is None else n_companies,
        day=day,
    )


@contextmanager
def serving(port: int = 0, **build: object) -> Iterator[tuple[str, SimulatedWeb]]:
    """Build a web (`build_web` keywords) and serve it from a background thread: yields (URL, web)."""
    from simulator.server import running_simulator

    web = build_web(**build)  # type: ignore[arg-type]
    with running_simulator(web, port=port) as url:
        yield url, web
