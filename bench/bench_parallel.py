"""Benchmark: `build --all` in parallel processes against the serial build, in one run.

12 regions are generated in a temporary copy of the data: six copies of the zhz manifest and
six of the haaglanden manifest under new ids (zhz-01 ... haaglanden-06), each with its real
region as `basis` (so its text is the real one) and the real region's parties (each party's
participation copied); with the two real regions that is 14 regions. The wall time of
`convenant build --all` (HTML, PDF and DOCX; a fresh process each time, as a user runs it)
with one process per core is timed against the same build with CONVENANT_JOBS=1,
interleaved. The bar: the parallel build takes at most 0.1 more than the ideal share of
the serial time, ceil(regions / processes) / regions: on two cores, 0.6 times the serial
build (an ideal split would be 0.5).

    python bench/bench_parallel.py [--repeat N] [--copies N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.parallel import JOBS_VARIABLE, available_cores  # noqa: E402
from generator.assemble import assemble_regions  # noqa: E402
from generator.project import load_project  # noqa: E402

MARGIN = 0.1
BASES = ("zhz", "haaglanden")


def copies(base: str, count: int) -> list[str]:
    return [f"{base}-{n:02d}" for n in range(1, count + 1)]


def _participation(text: str, ids: dict[str, list[str]]) -> str:
    """A party file's participation in a real region (`  zhz:` under `deelname` and the
    lines indented under it) is repeated for every copy of that region, under its id."""
    lines, out, index = text.splitlines(keepends=True), [], 0
    key = re.compile(r"^(  )(" + "|".join(ids) + r"):(.*)$", re.DOTALL)
    while index < len(lines):
        m = key.match(lines[index])
        end = index + 1
        while m and end < len(lines) and (not lines[end].strip() or lines[end].startswith("   ")):
            end += 1
        out.extend(lines[index:end])
        for copy in ids[m.group(2)] if m else ():
            out.append(f"{m.group(1)}{copy}:{m.group(3)}")
            out.extend(lines[index + 1:end])
        index = end
    return "".join(out)


def generated(folder: Path, per_base: int = 6) -> list[str]:
    """A copy of the data (no register) with ``per_base`` copies of each real region: its
    manifest under a new id with `basis: REGION` (so every variant of the real region is
    the copy's), and every party of the real region a party of the copies. Returns every
    region: the copies and the two real ones (their bases)."""
    ids = {base: copies(base, per_base) for base in BASES}
    shutil.copytree(ROOT / "clauses", folder / "clauses")
    shutil.copytree(ROOT / "convenants", folder / "convenants")
    (folder / "parties").mkdir()
    for path in sorted((ROOT / "parties").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        (folder / "parties" / path.name).write_text(_participation(text, ids), encoding="utf-8")
    for base, names in ids.items():
        manifest = (ROOT / "convenants" / f"{base}.yaml").read_text(encoding="utf-8")
        for name in names:
            (folder / "convenants" / f"{name}.yaml").write_text(
                f"basis: {base}\n{manifest}", encoding="utf-8")
    project = load_project(folder)
    assert project.regions == sorted([*BASES, *(n for names in ids.values() for n in names)])
    assemble_regions(project, project.regions)  # DataError if the copies are not whole
    return project.regions


def build_all(root: Path, jobs: int | None) -> float:
    """Wall time of `convenant build --all` in a fresh process (jobs None: the default)."""
    env = {k: v for k, v in os.environ.items() if k != JOBS_VARIABLE}
    if jobs is not None:
        env[JOBS_VARIABLE] = str(jobs)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--all", "--root", str(root),
                    "--out", str(root / "build")], check=True, env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=6, help="copies of each real region")
    args = parser.parse_args()
    cores = available_cores()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        regions = generated(root, args.copies)
        made = [region for region in regions if region not in BASES]
        print(f"{len(made)} generated regions ({', '.join(made[:2])}, ...) "
              f"and their bases {' and '.join(BASES)}: {len(regions)} regions; {cores} cores")
        parallel, serial = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine state
            parallel.append(build_all(root, None))
            serial.append(build_all(root, 1))
    t_parallel, t_serial = statistics.median(parallel), statistics.median(serial)
    ratio = t_parallel / t_serial
    processes = min(cores, len(regions))
    print(f"build --all, serial ({JOBS_VARIABLE}=1):       {t_serial:.2f} s")
    print(f"build --all, parallel ({processes} processes): {t_parallel:.2f} s")
    if processes == 1:
        print(f"ratio parallel / serial: {ratio:.2f} (one core: no bar)")
        return 0
    bar = -(-len(regions) // processes) / len(regions) + MARGIN
    print(f"ratio parallel / serial: {ratio:.2f} (bar on {cores} cores: <= {bar:.2f})")
    return 0 if ratio <= bar else 1


if __name__ == "__main__":
    sys.exit(main())
