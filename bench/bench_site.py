"""Benchmark: `convenant site` for both regions with five versions each, against `build --all`,
in one run.

A real git repository holds the real data and a history made with the real commands (the
tests' helpers): each region's first version decided and signed by every party, then four
amendments, each a change of a clause the region uses, committed and decided as a version;
the first two signed by every party, the third by three parties, the fourth by none.

Timed, a fresh process each time as a user runs it (`python -m generator ...`):
1. `build --all --force`: the full build (HTML, PDF and DOCX), the reference;
2. `site` with nothing cached (build/ removed first: neither build's cache nor the site's);
3. `site` again with nothing changed.
The bars (issue: the site): (2) at most 3 times (1), (3) at most 0.2 times (1), medians of
--repeat runs. Also shown: `site` after one party's signature was recorded (a partial update).

    python bench/bench_site.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.register import vaststellen  # noqa: E402
from tests.gitrepo import init_repo  # noqa: E402
from tests.sitehistory import amend, first_versions, sign_all  # noqa: E402

TODAY = dt.date(2026, 12, 1)
FULL_BAR = 3.0
AGAIN_BAR = 0.2
SIGNERS = ("alblasserdam", "dordrecht", "politie-eenheid-rotterdam")
CASUSREGISSEUR = "clauses/artikelen/casusregisseur.md"
STUURGROEP = "clauses/artikelen/besluitvorming-stuurgroep.md"
CONTACT = "clauses/artikelen/contactpersonen.md"

# Per region: (version, decided, signed by every party / by SIGNERS / None, clause, old, new).
AMENDMENTS = {
    "zhz": [
        ("2", dt.date(2025, 6, 2), "all", CASUSREGISSEUR, "In sommige casussen",
         "In enkele casussen"),
        ("3", dt.date(2025, 11, 3), "all", STUURGROEP, "jaarljiks", "jaarlijks"),
        ("4", dt.date(2026, 5, 11), "some", CONTACT, "c.q. het RTO,",
         "c.q. het RTO en de ketenregisseur,"),
        ("5", dt.date(2026, 10, 5), None, STUURGROEP, "daarover is beslissend.",
         "daarover is doorslaggevend."),
    ],
    "haaglanden": [
        ("2020", dt.date(2020, 3, 2), "all", CASUSREGISSEUR, "voorleggen aan het Partneroverleg.",
         "voorleggen aan de Stuurgroep."),
        ("2021", dt.date(2021, 3, 1), "all", STUURGROEP, "informeert indien nodig",
         "informeert zo nodig"),
        ("2022", dt.date(2022, 3, 7), "some", CONTACT, "van toepassing, de Casusregisseur.",
         "van toepassing, de Casuscoördinator."),
        ("2023", dt.date(2023, 3, 6), None, STUURGROEP, "tot die Partij gehoord is.",
         "totdat die Partij is gehoord."),
    ],
}
SOME = {"zhz": SIGNERS, "haaglanden": ("den-haag", "delft", "politie-eenheid-den-haag")}


def make_history(root: Path) -> None:
    """Both regions' first versions in force, then four amendments each (see the docstring)."""
    init_repo(root, ROOT)
    first_versions(root, TODAY)
    for region, amendments in AMENDMENTS.items():
        for name, decided, signers, clause, old, new in amendments:
            amend(root, clause, old, new, f"{region}: wijziging voor versie {name}")
            vaststellen(root, region, name, decided, today=TODAY)
            if signers is not None:
                only = None if signers == "all" else SOME[region]
                sign_all(root, region, name, decided + dt.timedelta(days=14), only=only)


def timed(root: Path, *command: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *command, "--root", str(root)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        root = Path(folder) / "repo"
        make_history(root)
        full, fresh, again = [], [], []
        for _ in range(args.repeat):
            full.append(timed(root, "build", "--all", "--force"))
            shutil.rmtree(root / "build")
            fresh.append(timed(root, "site"))
            again.append(timed(root, "site"))
        sign_all(root, "zhz", "5", dt.date(2026, 11, 2), only=("dordrecht",))
        signed = timed(root, "site")
    reference = statistics.median(full)
    fresh_ratio = statistics.median(fresh) / reference
    again_ratio = statistics.median(again) / reference
    print(f"full build --all:          {reference:6.2f} s (median of {args.repeat})")
    print(f"site, nothing cached:      {statistics.median(fresh):6.2f} s  ratio {fresh_ratio:.3f} "
          f"(bar: at most {FULL_BAR})")
    print(f"site, second run:          {statistics.median(again):6.2f} s  ratio {again_ratio:.3f} "
          f"(bar: at most {AGAIN_BAR})")
    print(f"site, after one signature: {signed:6.2f} s (informative)")
    for label, times in (("full build", full), ("site, nothing cached", fresh),
                         ("site, second run", again)):
        print(f"  {label + ':':22} " + "  ".join(f"{t:.2f}" for t in times))
    return 0 if fresh_ratio <= FULL_BAR and again_ratio <= AGAIN_BAR else 1


if __name__ == "__main__":
    sys.exit(main())
