"""The background thread that moves time forward: one scheduler step for every service, every step-seconds.

Steps happen here and never inside a request, so a client sees the same state however often it polls, and
state changes at a steady pace whether anyone looks or not. Backends are looked up afresh each step: a
``/moto-api/reset`` replaces them, and whatever the runtime knew lived on them. The thread never dies of an
error: it logs it and steps again.
"""

from __future__ import annotations

import logging
import threading

from moto.ecs.models import ecs_backends

from .locking import RUNTIME_LOCK
from .scheduler import step_backend

log = logging.getLogger(__name__)


class Ticker:
    def __init__(self, step_seconds: float):
        if step_seconds <= 0:
            raise ValueError(f"step seconds must be positive, got {step_seconds}")
        self.step_seconds = step_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ecs-runtime-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping.wait(self.step_seconds):
            step_all()


def step_all() -> None:
    """One step of every ECS backend (every account and region in use)."""
    try:
        with RUNTIME_LOCK:
            for account_backends in list(ecs_backends.values()):
                for backend in list(account_backends.values()):
                    step_backend(backend)
    except Exception:  # the thread outlives any bug; the next step tries again
        log.exception("ecs runtime: step failed")
