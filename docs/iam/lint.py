"""Lints every policy in docs/iam with parliament (https://github.com/duo-labs/parliament), community auditors
included, and fails on any finding that parliament.yaml beside this file does not suppress with a reason.

Usage: .venv/bin/python docs/iam/lint.py        (bin/test runs it before Maven)

The files hold placeholders such as <ACCOUNT_ID>, which are no valid ARN parts: each file is linted with the
example values below filled in (they are the ones docs/iam/README.md shows). Each finding is labelled with the Sid
of the statement it is in (parliament only gives a line), so that parliament.yaml can suppress a finding of one
statement by its Sid rather than by a line number that moves with every edit.
"""

import json
import re
import sys
from pathlib import Path

import parliament

HERE = Path(__file__).resolve().parent
EXAMPLES = {
    "<ACCOUNT_ID>": "111122223333",
    "<REGION>": "eu-west-1",
    "<STACK_NAME_PATTERN>": "*",
    "<STACK_NAME>": "hello",
    "<ECR_REPOSITORY>": "hello",
    "<CONTROLLER_ECR_REPOSITORY>": "ecs-reconciler",
    "<EKS_CLUSTER_NAME>": "platform",
    "<OIDC_PROVIDER>": "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    "<NAMESPACE>": "ecs-reconciler",
    "<SERVICE_ACCOUNT>": "ecs-reconciler",
    "<GITHUB_REPOSITORY>": "acme/infra",
    "<GITLAB_HOST>": "gitlab.com",
    "<GITLAB_AUDIENCE>": "sts.amazonaws.com",
    "<GITLAB_PROJECT_PATH>": "acme/infra",
    "<PROTECTED_BRANCH>": "main",
    "<CALLER_PRINCIPAL_ARN>": "arn:aws:iam::444455556666:role/ci-deployer",
    "<EXTERNAL_ID>": "5f1c9a7e-reconciler",
}
SEVERITIES = ["MUTE", "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"]
MINIMUM_SEVERITY = "INFO"


def filled(text):
    for placeholder, value in EXAMPLES.items():
        text = text.replace(placeholder, value)
    left = sorted(set(re.findall(r"<[A-Z_]+>", text)))
    if left:
        raise SystemExit(f"lint.py: no example value for {', '.join(left)}: add it to EXAMPLES")
    return text


def sid_at(text, line):
    """The Sid of the statement this line is in: the last statement opened at or before it ("    {")."""
    lines = text.splitlines()
    starts = [number for number, content in enumerate(lines, start=1) if content.startswith("    {")]
    opened = [number for number in starts if number <= line]
    if not opened:
        return ""
    for content in lines[opened[-1] - 1:]:
        found = re.search(r'"Sid":\s*"([^"]+)"', content)
        if found:
            return found.group(1)
    return ""


def suppressed(finding):
    """parliament's ignore_locations rule (every key of an entry matches, any value of a list, regex fullmatch,
    case-insensitive), applied here: parliament 1.6.4's own is_finding_filtered passes the values through
    make_list, which expects jsoncfg nodes and turns a plain YAML string or list into nothing, so no entry of a
    config file ever matched there."""
    for entry in finding.ignore_locations or []:
        if all(any(re.fullmatch(str(value).lower(), str(finding.location.get(key, "")).lower())
                   for value in (values if isinstance(values, list) else [values]))
               for key, values in entry.items()):
            return True
    return False


def main():
    # As parliament's CLI does with --include-community-auditors: their findings' titles and severities first.
    parliament.override_config(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")
    parliament.override_config(HERE / "parliament.yaml")
    files = sorted(HERE.glob("*.json"))
    shown = 0
    for file in files:
        text = filled(file.read_text())
        json.loads(text)  # a syntax error is reported plainly before parliament's own parser sees it
        policy = parliament.analyze_policy_string(text, file.name, include_community_auditors=True,
                                                  config=parliament.config)
        for finding in policy.findings:
            finding = parliament.enhance_finding(finding)
            location = dict(finding.location)
            location["filepath"] = file.name
            if "line" in location:
                location["sid"] = sid_at(text, location["line"])
            location["detail"] = str(finding.detail or "")
            finding.location = location
            if SEVERITIES.index(finding.severity) >= SEVERITIES.index(MINIMUM_SEVERITY) and not suppressed(finding):
                shown += 1
                print(f"{finding.severity} {finding.issue} in {file.name}: {finding.title} - {finding.detail} - "
                      f"{location}")
    print(f"parliament {parliament.__version__}: {len(files)} policies, "
          f"{'no unexplained finding' if shown == 0 else f'{shown} unexplained finding(s)'}")
    return 1 if shown else 0


if __name__ == "__main__":
    sys.exit(main())
