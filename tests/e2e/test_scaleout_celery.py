"""The scale-out path: greenchain_daily on the CeleryExecutor with a local Redis (bench/celery_scaleout.py).

Every task must run as a Celery workload (a Celery worker's task process is daemonic: normalize's
workers must start there) and the run's load must be published. Skipped, with the reason, only
where redis-server or the celery extra is missing; .ci/run installs both."""

from __future__ import annotations

import pytest

from bench import celery_scaleout

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_daily_dag_runs_every_task_on_celery_workers_and_publishes():
    why_not = celery_scaleout.missing_requirement()
    if why_not:
        pytest.skip(why_not)
    result = celery_scaleout.run(n_sources=12, timeout_s=1200)
    assert result["ok"], result
