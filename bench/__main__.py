"""``python -m bench [name ...]``: run every bench/*_bench.py (or the named ones) and save results.

Each module's ``run(console)`` returns a list of result dicts; they are written to
bench/results/<name>-<YYYY-MM-DD>.json together with the machine they ran on.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

HERE = Path(__file__).parent


def discover() -> list[str]:
    return sorted(p.stem.removesuffix("_bench") for p in HERE.glob("*_bench.py"))


def main(argv: list[str]) -> int:
    console = Console()
    names = argv or discover()
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        console.print(f"no such bench: {', '.join(unknown)} (have: {', '.join(discover())})")
        return 2
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for name in names:
        console.rule(f"bench: {name}")
        module = importlib.import_module(f"bench.{name}_bench")
        results = module.run(console)
        record = {
            "bench": name,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "results": results,
        }
        path = out_dir / f"{name}-{today}.json"
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        console.print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
