"""Golden values: the canonical text of both real covenants and its SHA-256 fingerprint.

The fingerprint is recorded in register/REGION.yaml for every decided version and printed on
every signed page. A change of the canonical form (generator/canonical.py: separators, order,
normalisation, what is left out) changes every fingerprint, and no recorded version would
match its text any more. So the form is pinned here: changing it must be a deliberate,
reviewed update of tests/golden/ with a migration note (see tests/golden/README.md).

Regenerate deliberately (prints old -> new fingerprints for the migration note):

    .venv/bin/python -m tests.test_golden --update
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sys
from pathlib import Path

import pytest

from generator.canonical import canonical_text, fingerprint

GOLDEN = Path(__file__).resolve().parent / "golden"
REGIONS = ("zhz", "haaglanden")
FINGERPRINTS = GOLDEN / "fingerprints.json"

ADVICE = (
    "\nThe canonical text is what the fingerprint in register/REGION.yaml hashes.\n"
    "- If generator/ changed it (canonical.py, assembly, the model): every recorded version\n"
    "  would be orphaned. Revert, or make it a deliberate migration (tests/golden/README.md).\n"
    "- If you amended the real text (clauses/, convenants/): regenerate with\n"
    "  `.venv/bin/python -m tests.test_golden --update` and commit tests/golden/ with it.\n"
)


def golden_path(region: str) -> Path:
    return GOLDEN / f"{region}.canonical.txt"


def read_golden(region: str) -> str:
    # bytes decoded as they are: a "\r\n" must not be folded into "\n" on reading
    return golden_path(region).read_bytes().decode("utf-8")


def readable_diff(expected: str, actual: str, region: str, limit: int = 60) -> str:
    if expected.splitlines() == actual.splitlines():  # same lines: line ends or final newline
        return (f"same lines, different line ends: the golden file ends {expected[-12:]!r}, "
                f"the text now ends {actual[-12:]!r}\n")
    lines = list(difflib.unified_diff(expected.splitlines(keepends=True),
                                      actual.splitlines(keepends=True),
                                      f"tests/golden/{region}.canonical.txt",
                                      f"canonical_text({region}) now", n=1))
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:limit])
    if len(lines) > limit:
        shown += f"... ({len(lines) - limit} more diff lines)\n"
    return shown


@pytest.mark.parametrize("region", REGIONS)
def test_canonical_text_matches_golden(real_documents, region):
    actual = canonical_text(real_documents[region])
    expected = read_golden(region)
    if actual != expected:
        pytest.fail(f"canonical text of {region} differs from tests/golden/:\n"
                    + readable_diff(expected, actual, region) + ADVICE, pytrace=False)


@pytest.mark.parametrize("region", REGIONS)
def test_fingerprint_is_sha256_of_the_golden_text(real_documents, region):
    pinned = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))[region]
    digest = hashlib.sha256(read_golden(region).encode("utf-8")).hexdigest()
    assert digest == pinned, f"tests/golden/fingerprints.json[{region!r}] is not the SHA-256 of " \
                             f"tests/golden/{region}.canonical.txt"
    doc = real_documents[region]
    assert fingerprint(doc) == pinned, ADVICE
    assert doc.fingerprint == pinned, "assembly must set doc.fingerprint = fingerprint(doc)"
    # What the footer and the register print: the first 12 hex digits of that hash.
    assert doc.version_label.endswith(f"vingerafdruk {pinned[:12]}")


def test_golden_files_are_plain_utf8_lines():
    """The golden texts themselves: LF line ends, one final newline, NFC, and the one trailing
    blanks the form has (an untitled part, overwegingen or slot, has the heading "# "): an editor or hook that
    strips trailing blanks or converts line ends would break them (see .gitattributes)."""
    import unicodedata

    for region in REGIONS:
        text = read_golden(region)
        assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
        assert unicodedata.normalize("NFC", text) == text
        assert {line for line in text.splitlines() if line != line.rstrip()} == {"# "}


def update() -> None:
    """Rewrite tests/golden/ from the current code and data; print old -> new fingerprints."""
    from generator.assemble import assemble_regions
    from generator.project import load_project
    from tests.conftest import REPO

    project = load_project(REPO)
    docs = assemble_regions(project, list(REGIONS))
    old = json.loads(FINGERPRINTS.read_text(encoding="utf-8")) if FINGERPRINTS.exists() else {}
    new = {}
    for region in REGIONS:
        text = canonical_text(docs[region])
        golden_path(region).write_bytes(text.encode("utf-8"))
        new[region] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert new[region] == docs[region].fingerprint
        mark = "unchanged" if old.get(region) == new[region] else "CHANGED"
        print(f"{region}: {old.get(region, '(none)')} -> {new[region]}  {mark}")
    FINGERPRINTS.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.test_golden --update")
    update()
