"""Benchmark: the generator's own overhead against weasyprint alone, in one run.

A full PDF build of every region (load and check the data, assemble, render HTML, render PDF)
is timed against weasyprint rendering the very same final HTML. The difference is the
generator's overhead; the bar is that it stays below 10% of weasyprint's time.

    python bench/bench_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.assemble import assemble_regions  # noqa: E402
from generator.project import load_project  # noqa: E402
from generator.render.html import render_html  # noqa: E402
from generator.render.pdf import render_pdf, render_pdf_from_html  # noqa: E402

BAR = 0.10


def full_build() -> None:
    project = load_project(ROOT)
    for doc in assemble_regions(project, project.regions).values():
        render_pdf(doc)


def weasyprint_only(htmls: list[str]) -> None:
    for html in htmls:
        render_pdf_from_html(html)


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = load_project(ROOT)
    htmls = [render_html(d) for d in assemble_regions(project, project.regions).values()]
    full_build()  # warm up imports, fonts and caches for both
    full, alone = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine state
        full.append(timed(full_build))
        alone.append(timed(weasyprint_only, htmls))
    t_full, t_alone = statistics.median(full), statistics.median(alone)
    overhead = (t_full - t_alone) / t_alone
    print(f"full build (load, check, assemble, HTML, PDF), {len(htmls)} regions: {t_full:.3f} s")
    print(f"weasyprint alone on the same HTML:                    {t_alone:.3f} s")
    print(f"generator overhead: {overhead:+.1%} of weasyprint's time (bar: < {BAR:.0%})")
    return 0 if overhead < BAR else 1


if __name__ == "__main__":
    sys.exit(main())
