"""Benchmark: signature packages for every party against one full convenant build, in one run.

A package run renders the convenant once and then makes one package per party (cover letter,
the convenant, own signature page), plus the signature pages for a ceremony and the overview.
It is timed against a full build of the same convenant (HTML, PDF and DOCX), on

  * the real data: every party of both regions (31 + 34);
  * a generated registry: ZHZ with 200 parties (169 generated organisations added).

The bars: the ratio stays below 1.3 in both, and does not grow with the number of parties:
the 200-party ratio is at most 15% above the real one (both sides grow with the parties, since
every party adds a signature block and an entry among the ondergetekenden to the convenant
itself; run-to-run noise of weasyprint is several percent). Also printed: what a package
costs beyond the one convenant render, per party; it stays a few milliseconds whatever the
number of parties, because no package copies or re-renders the convenant.

    python bench/bench_pakket.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.assemble import assemble_regions  # noqa: E402
from generator.commands.common import render_convenant as render  # noqa: E402
from generator.commands.pakket import prepare, render_plan  # noqa: E402
from generator.project import load_project  # noqa: E402
from generator.render.html import render_html  # noqa: E402
from generator.render.pdf import render_pdf_from_html  # noqa: E402

BAR = 1.3
GROWTH = 1.15
LETTER_DATE = dt.date(2026, 11, 23)


def full_build(root: Path, regions: list[str]) -> None:
    project = load_project(root)
    for doc in assemble_regions(project, regions).values():
        render(doc, ["html", "pdf", "docx"])


def convenant_pdfs(root: Path, regions: list[str]) -> None:
    """The part of a package run that is shared by all parties: one PDF of the convenant."""
    project = load_project(root)
    for doc in assemble_regions(project, regions).values():
        render_pdf_from_html(render_html(doc))


def packages(root: Path, regions: list[str]) -> int:
    made = 0
    for region in regions:
        plan = prepare(root, region, everyone=True, letter_date=LETTER_DATE)
        files = render_plan(plan)
        made += sum(1 for name in files if name.endswith(".pdf")) - 1
    return made


def generated(folder: Path, parties: int = 200) -> Path:
    """A copy of the data (no register: every party outstanding) with ZHZ grown to ``parties``."""
    for sub in ("clauses", "parties", "convenants"):
        shutil.copytree(ROOT / sub, folder / sub)
    manifest = folder / "convenants" / "zhz.yaml"
    text = manifest.read_text(encoding="utf-8")
    have = len(load_project(ROOT).manifests["zhz"].partijen)
    ids = []
    for n in range(parties - have):
        party_id = f"organisatie-{n:03d}"
        ids.append(party_id)
        (folder / "parties" / f"{party_id}.yaml").write_text(
            f"naam: Stichting Zorgpartner {n:03d}\nsoort: organisatie\nstatutaire_zetel: Dordrecht\n"
            f"adres: Voorstraat {n + 1}, 3311 ER Dordrecht\ndeelname:\n  zhz:\n"
            f"    vertegenwoordiger:\n      aanhef: mevrouw\n      naam: A.B. de Boer-{n:03d}\n"
            f"      functie: directeur-bestuurder\n", encoding="utf-8")
    anchor = "\n  - de-waag\n"
    text = text.replace(anchor, anchor + "".join(f"  - {i}\n" for i in ids), 1)
    manifest.write_text(text, encoding="utf-8")
    assert len(load_project(folder).manifests["zhz"].partijen) == parties
    return folder


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def measure(root: Path, regions: list[str], repeat: int) -> tuple[float, float, float, int]:
    made = packages(root, regions)  # warm up imports, fonts and caches for all
    full_build(root, regions)
    builds, runs, shared = [], [], []
    for _ in range(repeat):  # interleaved, so all see the same machine state
        builds.append(timed(full_build, root, regions))
        runs.append(timed(packages, root, regions))
        shared.append(timed(convenant_pdfs, root, regions))
    return (statistics.median(builds), statistics.median(runs), statistics.median(shared), made)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ok = True
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("real data, zhz + haaglanden", ROOT, ["zhz", "haaglanden"]),
                 ("generated: zhz with 200 parties", generated(Path(tmp) / "data"), ["zhz"])]
        for label, root, regions in cases:
            build, run, shared, made = measure(root, regions, args.repeat)
            ratio = run / build
            ratios.append(ratio)
            ok &= ratio < BAR
            print(f"{label}: {made} packages in {run:.2f} s; full build {build:.2f} s; "
                  f"ratio {ratio:.2f} (bar: < {BAR})")
            print(f"  beyond the one convenant render ({shared:.2f} s): "
                  f"{(run - shared) / made * 1000:.1f} ms per package")
    growth = ratios[1] / ratios[0]
    ok &= growth <= GROWTH
    print(f"ratio with 200 parties / ratio with the real parties: {growth:.2f} (bar: <= {GROWTH:.2f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
