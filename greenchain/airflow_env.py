"""Environment for running greenchain's DAGs on the embedded defaults: SQLite metadata under
.airflow/, the project's dags/ folder, and every server Airflow might start bound to 127.0.0.1."""

from __future__ import annotations

import os

from greenchain.paths import PROJECT_ROOT


def airflow_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    home = env.get("AIRFLOW_HOME") or str(PROJECT_ROOT / ".airflow")
    env.setdefault("AIRFLOW_HOME", home)
    defaults = {
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__MAX_MAP_LENGTH": "2048",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__BASE_URL": "http://127.0.0.1:8080",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://127.0.0.1:8080/execution/",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST": "127.0.0.1",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": env.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING"),
    }
    for k, v in defaults.items():
        env.setdefault(k, v)
    return env


def apply_airflow_env() -> None:
    """Set the defaults in this process (before airflow is imported), e.g. for dag.test() in tests."""
    os.makedirs(airflow_env()["AIRFLOW_HOME"], exist_ok=True)
    os.environ.update(airflow_env())
