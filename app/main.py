"""The `antrean` console script.

`antrean serve` runs under gevent by default: monkey-patching must happen before Flask, the
database drivers or Redis are imported, so this module imports nothing heavy at the top."""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["serve"] or args[:1] == ["scheduler"]:
        mode = os.environ.setdefault("ANTREAN_ASYNC_MODE", "gevent")
        if mode == "gevent":
            from gevent import monkey

            monkey.patch_all()
    from app.cli import cli

    cli.main(args=args, prog_name="antrean")


if __name__ == "__main__":
    main()
