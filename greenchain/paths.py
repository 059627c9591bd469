"""Where every stage reads and writes. One place, so no stage hard-codes another's layout.

Data flows one way through these folders:
landing/ (crawl) → normalized/ (normalize) → matched/ (match) → warehouse/ (load) → index/, alerts/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = Path(os.environ.get("GREENCHAIN_CONFIG_DIR", PROJECT_ROOT / "config"))
# Real data sits beside the project, read-only, and may be absent on a user's machine.
SHARED_REALDATA = Path(os.environ.get("GREENCHAIN_REALDATA", PROJECT_ROOT.parent / "shared" / "realdata"))


@dataclass(frozen=True)
class DataPaths:
    """The data directory layout. Everything under `root` is produced by the pipeline."""

    root: Path

    @classmethod
    def default(cls) -> DataPaths:
        return cls(Path(os.environ.get("GREENCHAIN_DATA_DIR", PROJECT_ROOT / "data")).resolve())

    # crawl
    def landing_run(self, run_id: str) -> Path:
        return self.root / "landing" / run_id

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def crawl_state(self) -> Path:
        return self.root / "state" / "crawl"

    # normalize
    def normalized_run(self, run_id: str) -> Path:
        return self.root / "normalized" / run_id

    # reference inputs (company registry, brand supplier lists)
    @property
    def reference(self) -> Path:
        return self.root / "reference"

    # match
    def matched_run(self, run_id: str) -> Path:
        return self.root / "matched" / run_id

    @property
    def review(self) -> Path:
        return self.root / "review"

    # warehouse
    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def warehouse(self) -> Path:
        """The published, read-only-for-analysts warehouse file."""
        return self.warehouse_dir / "warehouse.duckdb"

    # index / alerts
    def index_period(self, period: str) -> Path:
        return self.root / "index" / period

    @property
    def alerts(self) -> Path:
        return self.root / "alerts"

    @property
    def runs(self) -> Path:
        return self.root / "runs"
