"""Whether a task's images can be pulled, and whether its container will crash.

Nothing is pulled or run. An image in this emulator's own ECR (``<account>.dkr.ecr.<region>.amazonaws.com/
<repo>[:tag|@digest]``) is looked up in moto's ECR backend, so a tag that was never pushed fails the task the way
Fargate does (CannotPullContainerError). Any other image (Docker Hub, public ECR, a private registry) cannot be
checked and is taken as pullable.

A tag ending in ``-crash`` is the test convention for an image whose essential container starts and then exits
with code 1 (EssentialContainerExited), as a broken build would. A tag ending in ``-slow`` is one whose pull
takes ``SLOW_PULL_STEPS`` steps (a large image on a slow link): its rollout stays in progress that long.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from moto.ecr.models import ecr_backends

CRASH_TAG_SUFFIX = "-crash"
SLOW_TAG_SUFFIX = "-slow"
SLOW_PULL_STEPS = int(os.environ.get("ECS_RUNTIME_SLOW_PULL_STEPS", "50"))

_ECR_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/"
    r"(?P<repository>[^:@]+)(?::(?P<tag>[^@]+))?(?:@(?P<digest>sha256:[0-9a-fA-F]+))?$")


@dataclass(frozen=True)
class EcrReference:
    account: str
    region: str
    repository: str
    tag: str | None
    digest: str | None


def parse_ecr_image(image: str) -> EcrReference | None:
    match = _ECR_IMAGE.match(image or "")
    if not match:
        return None
    tag = match["tag"] if match["tag"] or match["digest"] else "latest"
    return EcrReference(match["account"], match["region"], match["repository"], tag, match["digest"])


def is_pullable(image: str) -> bool:
    reference = parse_ecr_image(image)
    if reference is None:
        return True  # not this emulator's registry: nothing to check it against
    repositories = ecr_backends[reference.account][reference.region].repositories
    repository = repositories.get(reference.repository)
    if repository is None:
        return False
    return any(_matches(image_model, reference) for image_model in repository.images)


def _matches(image_model, reference: EcrReference) -> bool:
    if reference.digest and image_model.image_digest != reference.digest:
        return False
    return reference.tag is None or reference.tag in image_model.image_tags


def crashes(image: str) -> bool:
    tag = _tag_of(image)
    return tag is not None and tag.endswith(CRASH_TAG_SUFFIX)


def pulls_slowly(image: str) -> bool:
    tag = _tag_of(image)
    return tag is not None and tag.endswith(SLOW_TAG_SUFFIX)


def _tag_of(image: str) -> str | None:
    name = (image or "").split("@", 1)[0]
    last_part = name.rsplit("/", 1)[-1]
    return last_part.split(":", 1)[1] if ":" in last_part else None
