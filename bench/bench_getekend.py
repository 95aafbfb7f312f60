"""Benchmark: the executed copy of a version against one full build of the region, in one run.

`convenant getekend` renders the convenant once, reads and hashes every kept scan, sets the
index (and a page for each signature without a scan) and puts it all together with pypdf. It
is timed against a full build of the same region (HTML, PDF and DOCX), on

  * a generated registry: ZHZ with 200 parties (169 generated organisations added), every
    one signed with a kept scan: a greyscale JPEG of the paper at 100 dpi (~70 KB), its own
    pixels per party, as `sign --scan` keeps a scanned page;
  * the real data: ZHZ version 1, 31 signatures recorded without a scan (a page "geen scan
    bewaard" for each).

The bar: the executed copy costs at most 1.5 times one build in both. Also printed: what it
costs beyond the one convenant render, per party.

    python bench/bench_getekend.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_pakket import full_build, generated  # noqa: E402

from generator.commands.common import render_convenant  # noqa: E402
from generator.commands.getekend import getekend, prepare  # noqa: E402
from generator.commands.register import vaststellen  # noqa: E402
from generator.model.register import Signature, dump_register, scan_path  # noqa: E402
from generator.project import load_project  # noqa: E402
from generator.render.pdf_assemble import page_count  # noqa: E402

BAR = 1.5
VERSION = "2026-1"
DECIDED = dt.date(2026, 10, 1)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def scans(parties: list[str]) -> dict[str, bytes]:
    """A scan-like signature page per party: an A4 JPEG at 100 dpi in a one-page PDF."""
    from PIL import Image, ImageDraw

    paper = Image.effect_noise((827, 1169), 12).point(lambda v: 255 - v // 6).convert("L")
    out = {}
    for party in parties:
        page = paper.copy()
        draw = ImageDraw.Draw(page)
        draw.text((90, 120), f"Tekenblad {party}", fill=0)
        draw.line((120, 900, 500, 860 + len(party)), fill=20, width=3)  # the signature
        buffer = io.BytesIO()
        page.save(buffer, "PDF", resolution=100, quality=75)
        out[party] = buffer.getvalue()
    return out


def signed_repository(folder: Path) -> Path:
    """The generated data as a git repository: version 2026-1 recorded and signed by every
    party, each with its scan kept; one commit each."""
    root = generated(folder)
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "data")
    vaststellen(root, "zhz", VERSION, DECIDED, today=DECIDED)
    project = load_project(root)
    register = project.register("zhz")
    parties = [ref.id for ref in project.manifests["zhz"].partijen]
    for day, (party, data) in enumerate(scans(parties).items()):
        path = scan_path(root / "register", "zhz", VERSION, party)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        register.signatures.append(Signature(party, VERSION, DECIDED + dt.timedelta(days=1 + day % 30),
                                             "Dordrecht", scan=hashlib.sha256(data).hexdigest()))
    register.path.write_text(dump_register(register, project.manifests["zhz"].titel), encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "ondertekeningen met scans")
    return root


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def measure(root: Path, version: str, out: Path, repeat: int):
    executed, path = getekend(root, "zhz", version, out=out)  # warm up imports, fonts, caches
    full_build(root, ["zhz"])
    doc = prepare(root, "zhz", version).doc
    builds, runs, shared = [], [], []
    for _ in range(repeat):  # interleaved, so all see the same machine state
        builds.append(timed(full_build, root, ["zhz"]))
        runs.append(timed(getekend, root, "zhz", version, False, out))
        # the part a build has too: one PDF of the convenant
        shared.append(timed(render_convenant, doc, ["pdf"]))
    return (statistics.median(builds), statistics.median(runs), statistics.median(shared),
            executed, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        data = signed_repository(Path(tmp) / "data")
        print(f"generated zhz with 200 parties, each signed with a kept scan, "
              f"in {time.perf_counter() - start:.1f} s")
        cases = [("generated: zhz with 200 scans", data, VERSION),
                 ("real data: zhz version 1, 31 signatures without scan", ROOT, "1")]
        for label, root, version in cases:
            build, run, shared, executed, path = measure(root, version, Path(tmp) / "out", args.repeat)
            ratio = run / build
            ok &= ratio <= BAR
            parties = len(executed.sheets)
            pages = page_count(path.read_bytes())
            print(f"{label}: executed copy in {run:.2f} s ({pages} pages, "
                  f"{path.stat().st_size / 1e6:.1f} MB); full build {build:.2f} s; "
                  f"ratio {ratio:.2f} (bar: <= {BAR})")
            print(f"  beyond the one convenant render ({shared:.2f} s): "
                  f"{(run - shared) / parties * 1000:.1f} ms per party")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
