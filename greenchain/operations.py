"""How the DAGs run (config/operations.yaml): time limits, Airflow pools, operator failure notices."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alerts.config import EmailSettings
from greenchain.configfile import load_yaml_model
from greenchain.paths import CONFIG_DIR

TASKS = ("prepare_reference", "plan_shards", "crawl", "normalize", "match", "load", "alerts", "health_summary",
         "compute_index")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Timeouts(_Strict):
    daily_run_hours: float = Field(gt=0, le=72)
    index_run_hours: float = Field(gt=0, le=72)
    task_minutes: dict[str, float]

    @model_validator(mode="after")
    def _every_task(self) -> Timeouts:
        missing, unknown = set(TASKS) - set(self.task_minutes), set(self.task_minutes) - set(TASKS)
        if missing or unknown:
            raise ValueError(f"task_minutes must name exactly {', '.join(TASKS)}; "
                             f"missing {sorted(missing)}, unknown {sorted(unknown)}")
        if any(m <= 0 for m in self.task_minutes.values()):
            raise ValueError("every task limit must be more than 0 minutes")
        return self

    def task(self, task_id: str) -> timedelta:
        return timedelta(minutes=self.task_minutes[task_id])


class Pool(_Strict):
    slots: int = Field(ge=1, le=1024)
    description: str


class NotifyWebhook(_Strict):
    """A JSON POST per notice to the operator's own endpoint (a chat or incident tool's incoming webhook)."""

    url: str = Field(pattern=r"^https?://[^\s/]+\S*$")
    # env var holding a `whsec_…` secret: the POST is then signed the Standard Webhooks way
    secret_env: str | None = Field(default=None, pattern=r"^[A-Z_][A-Z0-9_]*$")
    timeout_s: float = Field(default=10.0, gt=0, le=120)


class Notify(_Strict):
    email: list[str] = Field(default_factory=list)
    smtp: EmailSettings | None = None
    webhook: NotifyWebhook | None = None
    sender: str = Field(default="greenchain-ops@greenchain.invalid", pattern=r"^[^@\s]+@[^@\s]+$")

    @model_validator(mode="after")
    def _addresses(self) -> Notify:
        bad = [a for a in self.email if "@" not in a or any(c.isspace() for c in a)]
        if bad:
            raise ValueError(f"not an e-mail address: {', '.join(bad)}")
        return self


class OperationsConfig(_Strict):
    timeouts: Timeouts
    pools: dict[str, Pool]
    notify: Notify = Field(default_factory=Notify)

    @model_validator(mode="after")
    def _dag_pools(self) -> OperationsConfig:
        missing = {"crawl", "warehouse_writer"} - set(self.pools)
        if missing:
            raise ValueError(f"the DAGs use pools {sorted(missing)}: declare them")
        return self


def load_operations_config(config_dir: Path | None = None) -> OperationsConfig:
    return load_yaml_model((config_dir or CONFIG_DIR) / "operations.yaml", OperationsConfig)


def pools_json(cfg: OperationsConfig) -> str:
    """The pools in the format `airflow pools import FILE` reads."""
    pools: dict[str, Any] = {name: {"slots": p.slots, "description": p.description, "include_deferred": False}
                             for name, p in sorted(cfg.pools.items())}
    return json.dumps(pools, indent=2)


def import_pools(env: dict[str, str] | None = None) -> str:
    """Create or update the pools the DAGs use with `airflow pools import`; return what was imported."""
    text = pools_json(load_operations_config())
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="greenchain-pools-", delete=False) as f:
        f.write(text)
    try:
        airflow = Path(sys.executable).parent / "airflow"
        out = subprocess.run([str(airflow), "pools", "import", f.name], env=env, capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(f"`airflow pools import` failed ({out.returncode}): {(out.stdout + out.stderr)[-2000:]}")
    finally:
        Path(f.name).unlink(missing_ok=True)
    return text
