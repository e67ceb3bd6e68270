"""``python -m ecs_runtime --port PORT [--host 127.0.0.1] [--step-seconds S]``: moto's server, with the ECS
runtime model applied first. Everything else (all services, ``/moto-api/``, ``/moto-api/reset``) is moto's own
server, started exactly as ``moto_server`` starts it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

DEFAULT_STEP_SECONDS = 1.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ecs_runtime", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--step-seconds", type=float,
                        default=float(os.environ.get("ECS_RUNTIME_STEP_SECONDS") or DEFAULT_STEP_SECONDS),
                        help="time between two scheduler steps (default: $ECS_RUNTIME_STEP_SECONDS or 1.0)")
    args = parser.parse_args(argv)
    if args.step_seconds <= 0:
        parser.error("--step-seconds must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # Imported here: importing moto takes a moment, and --help should not wait for it.
    from moto.server import main as moto_server_main

    from .patches import install
    from .ticker import Ticker

    install()
    Ticker(args.step_seconds).start()
    logging.getLogger("ecs_runtime").info("ECS runtime model on, one scheduler step every %s s", args.step_seconds)
    moto_server_main(["-H", args.host, "-p", str(args.port)])


if __name__ == "__main__":
    main()
