"""Benchmark: a `build --all` that has nothing to do against a full one, in one run.

The real data is copied to a temporary folder. `convenant build --all` (HTML, PDF and DOCX; a
fresh process each time, as a user runs it) is timed with nothing built yet (`--force`), then
again with every output up to date. The bar (issue 20): the no-op build takes at most 0.1 of
the full build's time. Also shown: the build after one region's manifest changed.

    python bench/bench_incremental.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ("clauses", "parties", "convenants", "register")
BAR = 0.1


def timed(root: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--all", *extra, "--root", str(root)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as folder:
        root = Path(folder)
        for name in DATA:
            if (ROOT / name).exists():
                shutil.copytree(ROOT / name, root / name)
        full, nothing = [], []
        for _ in range(args.repeat):
            full.append(timed(root, "--force"))
            nothing.append(timed(root))
        manifest = root / "convenants" / "zhz.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# gewijzigd\n",
                            encoding="utf-8")
        changed = timed(root)
    ratio = statistics.median(nothing) / statistics.median(full)
    print(f"full build --all:      {statistics.median(full):6.2f} s (median of {args.repeat})")
    print(f"nothing to do:         {statistics.median(nothing):6.2f} s  ratio {ratio:.3f} "
          f"(bar: at most {BAR})")
    print(f"after a manifest edit: {changed:6.2f} s (the data is loaded and checked again)")
    return 0 if ratio <= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
