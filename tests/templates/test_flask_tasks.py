"""Flask with ``tasks=celery`` on a real Redis: the generated suite with its integration test
(Celery's test worker runs ``ping`` and the real-work task through the broker), and the
Procfile's ``worker:`` command as a separate process, answering ``ping`` sent with
``celery call`` and stopping cleanly on SIGTERM.

The Celery representatives are the non-serverless representatives of the Flask matrix
(``tests/templates/test_flask_template.py``), so they share its installed venvs: no extra
dependency sets. Every combination with ``tasks`` is rendered and statically checked there.
Redis databases: 4 and 5 (one per xdist worker, so two projects never share a queue).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import fresh_redis_url
from tests.support.environments import ProjectEnvironments
from tests.support.workers import call_through_broker, procfile_worker
from tests.templates.conftest import Renderer
from tests.templates.test_flask_template import (
    PACKAGE,
    PRODUCTION_SECRET,
    REPRESENTATIVES,
    _check_ok,
    _ids,
    _migrated_database,
    generated_suite,
)

pytestmark = pytest.mark.slow

CELERY_REPRESENTATIVES = [data for data in REPRESENTATIVES if data.get("tasks") == "celery"]
# The Procfile round trip: without a database (heartbeat) and on PostgreSQL (item summary).
ROUND_TRIP = [data for data in CELERY_REPRESENTATIVES if data["database"] in ("none", "postgresql")]
INTEGRATION_TEST = "tests/test_tasks.py::test_a_real_worker_runs_the_tasks_through_the_broker"


def _broker_url() -> str:
    """An emptied Redis database for this xdist worker: 4 or 5."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    return fresh_redis_url(4 + int(worker) % 2)


def test_every_database_has_a_celery_representative() -> None:
    assert {data["database"] for data in CELERY_REPRESENTATIVES} == {
        data["database"] for data in REPRESENTATIVES
    }


@pytest.mark.parametrize("data", CELERY_REPRESENTATIVES, ids=_ids(CELERY_REPRESENTATIVES))
def test_project_tests_pass_with_a_real_worker(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    """With CELERY_BROKER_URL set the generated suite runs its integration test, and it passes."""
    project = rendered(data)
    with project_environments.installed(project) as venv:
        broker = _broker_url()
        result = generated_suite(venv, project, data, "celery", tmp_path, CELERY_BROKER_URL=broker)
        assert f"PASSED {INTEGRATION_TEST}" in result.stdout, result.stdout[-3000:]
    record_property("matrix", f"flask:tested-celery:{data['database']}")


@pytest.mark.parametrize("data", ROUND_TRIP, ids=_ids(ROUND_TRIP))
def test_procfile_worker_answers_through_the_broker_and_stops_on_sigterm(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    project = rendered(data)
    with project_environments.installed(project) as venv:
        # Production settings, as on a server: no .env, a real secret, a migrated database.
        database = _migrated_database(venv, project, data, "worker", tmp_path)
        settings = {
            "APP_ENV": "production",
            "SECRET_KEY": PRODUCTION_SECRET,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "LOG_FORMAT": "text",
            **database,
        }
        real_work = "summarise_items" if data["database"] != "none" else "record_heartbeat"
        with procfile_worker(project, venv, _broker_url(), tmp_path, **settings) as worker:
            pinged = worker.celery("inspect", "ping", "--timeout", "10")
            _check_ok(pinged, "celery inspect ping")
            task_id, answer = call_through_broker(worker, f"{PACKAGE}.tasks.ping")
            assert answer == "pong"
            _, work = call_through_broker(worker, f"{PACKAGE}.tasks.{real_work}")
            if real_work == "summarise_items":
                assert re.fullmatch(r"\{.*'items': 0, 'quantity': 0, 'out_of_stock': 0.*\}", work)
            else:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*\+00:00", work), work
        log = worker.log()
        assert f"Task {PACKAGE}.tasks.ping[{task_id}] succeeded" in log, log
        record_property("celery_round_trip", f"{data['database']}: ping -> {answer}; {work}")
    record_property("matrix", f"flask:celery-worker:{data['database']}")
