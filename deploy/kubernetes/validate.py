"""Validates deploy/kubernetes offline, as kubectl would meet it, without a cluster or kubectl.

Usage: .venv/bin/python deploy/kubernetes/validate.py        (bin/test runs it before Maven)

1. Every resource of the kustomization, against the schemas kubernetes-validate bundles for one Kubernetes version,
   strictly (an unknown field is an error, as the API server's strict field validation makes it).
2. The ServiceMonitor, whose kind is a CRD of the Prometheus Operator and not in those schemas: kubernetes-validate
   only warns about it and passes, so it is checked here by hand (the fields this project sets, and that it selects
   the Service and names its port).
3. What no schema sees and kustomize would not tell either: the kustomization lists every manifest and nothing
   missing; the selectors of the Deployment, Service, PodDisruptionBudget and ServiceMonitor meet the pods' labels;
   probes and the Service name the container's port; the generated ConfigMap and Secret are the ones the pods
   read, with the keys they read; the restricted security settings the README promises are there.

kustomize itself is not run (no kubectl here, and no PyPI package renders a kustomization): the generators' hash
suffixes and the image override are kustomize's documented behaviour, left to `kubectl kustomize` on a machine
that has it.
"""

import sys
from pathlib import Path

import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
# The oldest Kubernetes in EKS standard support when this was written; the manifests use nothing newer.
KUBERNETES_VERSION = "1.34.0"
SERVICE_MONITOR = ("monitoring.coreos.com/v1", "ServiceMonitor")
KUSTOMIZATION_FIELDS = {"apiVersion", "kind", "namespace", "resources", "configMapGenerator", "secretGenerator",
                        "images"}

problems = []


def problem(text):
    problems.append(text)


def env_keys(path):
    keys = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keys.append(line.split("=", 1)[0])
    return keys


def subset(selector, labels):
    return all(labels.get(key) == value for key, value in selector.items())


def check_service_monitor(monitor, services):
    spec = monitor.get("spec", {})
    unknown = set(spec) - {"selector", "endpoints", "namespaceSelector", "jobLabel"}
    if unknown:
        problem(f"ServiceMonitor: fields this check does not know: {sorted(unknown)}")
    selector = spec.get("selector", {}).get("matchLabels", {})
    selected = [s for s in services if subset(selector, s["metadata"].get("labels", {}))]
    if len(selected) != 1:
        problem(f"ServiceMonitor selects {len(selected)} Services, not the one")
        return
    ports = {p.get("name") for p in selected[0]["spec"]["ports"]}
    for endpoint in spec.get("endpoints", []):
        if endpoint.get("port") not in ports:
            problem(f"ServiceMonitor endpoint port {endpoint.get('port')!r} is no port of the Service {sorted(ports)}")
        if endpoint.get("path") != "/actuator/prometheus":
            problem(f"ServiceMonitor scrapes {endpoint.get('path')!r}, not /actuator/prometheus")
    if not spec.get("endpoints"):
        problem("ServiceMonitor has no endpoint")


def check_pods(deployment, kustomization, config, secret_keys, accounts):
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"]["labels"]
    if not subset(spec["selector"]["matchLabels"], labels):
        problem("Deployment: selector does not match its pods' labels")
    if spec.get("replicas") != 2:
        problem("Deployment: two replicas expected")
    if config.get("RECONCILER_LEASE_TYPE") != "dynamodb":
        problem("config.env: two replicas need RECONCILER_LEASE_TYPE=dynamodb")
    if pod.get("serviceAccountName") not in accounts:
        problem(f"Deployment: service account {pod.get('serviceAccountName')!r} is not in the kustomization")
    context = pod.get("securityContext", {})
    if not context.get("runAsNonRoot") or context.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        problem("Deployment: pod must run as non-root with the RuntimeDefault seccomp profile")
    generated_config = {g["name"] for g in kustomization.get("configMapGenerator", [])}
    generated_secrets = {g["name"] for g in kustomization.get("secretGenerator", [])}
    mounts_needed = {"/tmp", str(Path(config.get("RECONCILER_SOURCE_GIT_CACHEDIR", "/tmp")).parent)}
    for container in pod["containers"]:
        name = container["name"]
        ports = {p["name"] for p in container.get("ports", [])}
        security = container.get("securityContext", {})
        if not (security.get("readOnlyRootFilesystem") and security.get("allowPrivilegeEscalation") is False
                and security.get("capabilities", {}).get("drop") == ["ALL"]):
            problem(f"{name}: read-only root, no privilege escalation and all capabilities dropped expected")
        for probe, path in (("startupProbe", "/actuator/health/liveness"),
                            ("livenessProbe", "/actuator/health/liveness"),
                            ("readinessProbe", "/actuator/health/readiness")):
            get = container.get(probe, {}).get("httpGet", {})
            if get.get("path") != path or get.get("port") not in ports:
                problem(f"{name}: {probe} should GET {path} on a named port of the container")
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef", {}).get("name")
            if ref not in generated_config:
                problem(f"{name}: envFrom ConfigMap {ref!r} is not generated by the kustomization")
        for variable in container.get("env", []):
            ref = variable.get("valueFrom", {}).get("secretKeyRef")
            if ref and (ref["name"] not in generated_secrets or ref["key"] not in secret_keys):
                problem(f"{name}: {variable['name']} reads {ref['name']}/{ref['key']}, which secret.env.example "
                        f"and the secretGenerator do not make")
        limits, requests = container["resources"]["limits"], container["resources"]["requests"]
        if limits.get("memory") != requests.get("memory"):
            problem(f"{name}: memory request and limit differ (a JVM's heap is sized from the limit)")
        mounted = {m["mountPath"] for m in container.get("volumeMounts", [])}
        if not mounts_needed <= mounted:
            problem(f"{name}: writable mounts needed at {sorted(mounts_needed - mounted)}")
    return labels, {p["name"] for c in pod["containers"] for p in c.get("ports", [])}


def main():
    kustomization = yaml.safe_load((HERE / "kustomization.yaml").read_text())
    unknown = set(kustomization) - KUSTOMIZATION_FIELDS
    if unknown:
        problem(f"kustomization.yaml: fields this check does not know: {sorted(unknown)}")
    listed = kustomization.get("resources", [])
    on_disk = sorted(p.name for p in HERE.glob("*.yaml") if p.name != "kustomization.yaml")
    for name in sorted(set(on_disk) - set(listed)):
        problem(f"{name} is not listed in kustomization.yaml's resources")
    generated = [Path(env) for g in kustomization.get("configMapGenerator", []) + kustomization.get(
        "secretGenerator", []) for env in g.get("envs", [])]
    config = dict(line.split("=", 1) for line in (HERE / "config.env").read_text().splitlines()
                  if line and not line.startswith("#"))
    secret_keys = env_keys(HERE / "secret.env.example")
    if Path("secret.env") in generated and not (HERE / "secret.env.example").exists():
        problem("secret.env.example is missing")

    resources = []
    for name in listed:
        path = HERE / name
        if not path.exists():
            problem(f"{name} is listed in kustomization.yaml but missing")
            continue
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                resources.append((name, document))

    validated = 0
    for name, resource in resources:
        if (resource.get("apiVersion"), resource.get("kind")) == SERVICE_MONITOR:
            continue
        try:
            kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
            validated += 1
        except kubernetes_validate.ValidationError as e:
            problem(f"{name}: {'.'.join(str(p) for p in e.path)}: {e.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problem(f"{name}: no schema for {resource.get('apiVersion')} {resource.get('kind')}: check it by hand "
                    f"here as the ServiceMonitor is")

    by_kind = {}
    for _, resource in resources:
        by_kind.setdefault(resource["kind"], []).append(resource)
    accounts = {a["metadata"]["name"] for a in by_kind.get("ServiceAccount", [])}
    deployments = by_kind.get("Deployment", [])
    if len(deployments) != 1:
        problem(f"{len(deployments)} Deployments, one expected")
    else:
        labels, ports = check_pods(deployments[0], kustomization, config, secret_keys, accounts)
        for service in by_kind.get("Service", []):
            if not subset(service["spec"]["selector"], labels):
                problem(f"Service {service['metadata']['name']}: selector does not match the pods")
            for port in service["spec"]["ports"]:
                if port.get("targetPort") not in ports:
                    problem(f"Service port {port.get('name')}: targetPort {port.get('targetPort')!r} is not a "
                            f"container port name")
        for budget in by_kind.get("PodDisruptionBudget", []):
            if not subset(budget["spec"]["selector"]["matchLabels"], labels):
                problem("PodDisruptionBudget: selector does not match the pods")
    monitors = by_kind.get("ServiceMonitor", [])
    for monitor in monitors:
        check_service_monitor(monitor, by_kind.get("Service", []))

    for text in problems:
        print(f"deploy/kubernetes: {text}")
    print(f"deploy/kubernetes: {validated} resources valid against Kubernetes {KUBERNETES_VERSION} (strict), "
          f"{len(monitors)} ServiceMonitor checked by hand, "
          f"{'kustomization consistent' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
