"""The one lock between moto's request threads and the scheduler thread.

moto's server answers requests on several threads and its backends are plain dicts and lists. The scheduler
thread adds tasks, ENIs and targets to the ECS, EC2 and ELBv2 backends, so a request of those services (its
backend call and the serialization of its answer) and a scheduler step must not interleave; neither may a
``/moto-api/reset``, which rebuilds every backend. A single re-entrant lock keeps it simple: a step takes
milliseconds, and moto's requests are CPU-bound under the GIL anyway.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

RUNTIME_LOCK = threading.RLock()

F = TypeVar("F", bound=Callable[..., Any])


def holding_runtime_lock(function: F) -> F:
    @functools.wraps(function)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with RUNTIME_LOCK:
            return function(*args, **kwargs)

    return locked  # type: ignore[return-value]
