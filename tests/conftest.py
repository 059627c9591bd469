"""Test-wide set-up: Airflow points at a throwaway SQLite home before anything imports airflow,
and no test writes into the project's own data/ folder."""

from __future__ import annotations

import os
import tempfile

_AIRFLOW_HOME = tempfile.mkdtemp(prefix="greenchain-test-airflow-")
os.environ["AIRFLOW_HOME"] = _AIRFLOW_HOME
os.environ.setdefault("GREENCHAIN_DATA_DIR", tempfile.mkdtemp(prefix="greenchain-test-data-"))
os.environ.setdefault("GREENCHAIN_PROGRESS", "0")

from greenchain.airflow_env import apply_airflow_env  # noqa: E402

apply_airflow_env()
