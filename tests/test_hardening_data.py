"""Odd data input, as classes and for every file kind: each is one clear ``path:line: message``
problem, exit status 1, no traceback, nothing written; never a silent skip or a wrong result.

File kinds: manifest, party file, register, accession file, clause front matter (all read by
``load_project``), and the application form ``--organisatie`` of ``toetreding aanvraag``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.dates import parse_date
from generator.errors import Problems, shown
from generator.model.accession import id_from_name, slug

from .conftest import TINY_FILES, accession_files, write_files
from .gitrepo import init_repo, repo_state

REGISTER = "register/noord.yaml"
ACCESSION = "toetredingen/noord/x.yaml"
CLAUSE = "clauses/artikelen/begrippen.md"

VALID_REGISTER = """\
versies:
  - naam: "v1"
    besluit: 2025-01-10
    revisie: 0123456789abcdef0123456789abcdef01234567
    vingerafdruk: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ondertekeningen:
  - partij: stad
    versie: "v1"
    datum: 2025-02-01
    plaats: "Stad"
"""
VALID_ACCESSION = """\
organisatie:
  id: x
  naam: "Stichting X"
  statutaire_zetel: "Assen"
  adres: "Markt 1, 9401 GS Assen"
  email: "bestuur@x.example"
  vertegenwoordiger:
    aanhef: "mevrouw"
    naam: "A. de Vries"
    functie: "directeur"
  bijdrage: "Opvang."
aanvraag:
  via: stad
  datum: 2026-11-23
  reageren_voor: 2026-12-21
reacties:
  - partij: stad
    datum: 2026-11-30
    akkoord: true
"""
FRONT = "---\n{}---\n\nHet {{{{overleg}}}} is het overleg van artikel {{{{ref:overleg}}}}.\n"
"""A clause file around front matter: the front matter's first line is line 2 of the file."""

KINDS = {"manifest": "convenants/noord.yaml", "party": "parties/stad.yaml",
         "register": REGISTER, "accession": ACCESSION, "front matter": CLAUSE}
OFFSET = {"front matter": 1}


@pytest.fixture
def root(tmp_path) -> Path:
    """The tiny project with a valid register and accession file for noord."""
    return write_files(tmp_path / "repo", {**TINY_FILES, REGISTER: VALID_REGISTER,
                                           ACCESSION: VALID_ACCESSION})


def put(root: Path, kind: str, text: str | bytes) -> str:
    """Write ``text`` as the whole YAML of one file kind; the file's path."""
    name = KINDS[kind]
    if kind == "front matter" and isinstance(text, str):
        text = FRONT.format(text)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return name


def run(root: Path, *command: str):
    """Run the CLI; the result carries the folder's state before and after (files, and git's
    index, HEAD and status where there is a repository)."""
    before = repo_state(root)
    result = CliRunner().invoke(main, [*command, "--root", str(root)])
    result.unchanged = repo_state(root) == before
    return result


BUILD = ("build", "--all", "--format", "html")
COMMANDS = [BUILD, ("lint",), ("regions",)]


def assert_refused(result, root: Path, *lines: str, limit: int = 2000) -> None:
    """Exit 1 through SystemExit, each of ``lines`` printed as a whole line, no traceback,
    a short output, no build/ written and (for a run through ``run``) every file as it was."""
    output = result.output
    assert result.exit_code == 1, output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    printed = output.splitlines()
    for line in lines:
        assert line in printed, f"{line!r} not in:\n{output}"
    assert len(output.encode("utf-8")) < limit, output[:3000]
    assert not (root / "build").exists()
    assert getattr(result, "unchanged", True), "the refused command changed files"


def where(kind: str, name: str, line: int | None) -> str:
    return name if line is None else f"{name}:{line + OFFSET.get(kind, 0)}"


def test_the_valid_files_build(root):
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.output
    assert run(root, "regions").exit_code == 0


# ----------------------------------------------------------------- 1. YAML that loads oddly

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""
QUOTES = "; put the key in quotes if it is meant as text"
ODD_YAML = [
    pytest.param("[a, b]: x\n", 1, "keys must be text, not a list", id="list-key"),
    pytest.param("? [a, b]\n: x\n", 1, "keys must be text, not a list", id="explicit-list-key"),
    pytest.param("{x: 1}: y\n", 1, "keys must be text, not a mapping", id="mapping-key"),
    pytest.param("titel: x\n1: x\n", 2, f"keys must be text, not a number: 1{QUOTES}", id="number-key"),
    pytest.param("true: x\n", 1, f"keys must be text, not a yes/no value: true{QUOTES}", id="bool-key"),
    pytest.param("null: x\n", 1, f"keys must be text, not null: null{QUOTES}", id="null-key"),
    pytest.param("2025-01-01: x\n", 1, f"keys must be text, not a date: 2025-01-01{QUOTES}", id="date-key"),
    pytest.param("a: 1\n<<: {b: 2}\n", 2, "merge keys ('<<') are not allowed: write the fields out",
                 id="merge-key"),
    pytest.param("a: &x Stad\nb: *x\n", 1, "anchors and aliases are not allowed (&x): write the value out",
                 id="anchor"),
    pytest.param("a: *x\n", 1, "anchors and aliases are not allowed (*x): write the value out", id="alias"),
    pytest.param(BOMB, 1, "anchors and aliases are not allowed (&a): write the value out", id="billion-laughs"),
    pytest.param("a: !!python/object:os.system x\n", 1,
                 "tags are not allowed (!!python/object:os.system): write the plain value", id="python-tag"),
    pytest.param("a: !!binary aGVsbG8=\n", 1, "tags are not allowed (!!binary): write the plain value",
                 id="binary-tag"),
    pytest.param("a: !!set {x, y}\n", 1, "tags are not allowed (!!set): write the plain value", id="set-tag"),
    pytest.param("a: !!str 5\n", 1, "tags are not allowed (!!str): write the plain value", id="str-tag"),
    pytest.param("a:\n  b: !foo x\n", 2, "tags are not allowed (!foo): write the plain value", id="local-tag"),
    pytest.param("a: !!omap [x: 1]\n", 1, "tags are not allowed (!!omap): write the plain value", id="omap-tag"),
    pytest.param("a: 1\na: 2\n", 2, "duplicate key 'a'", id="duplicate-key"),
    pytest.param("a: 1\n---\na: 2\n", 2, "a second YAML document ('---'): a file holds one document",
                 id="two-documents"),
    pytest.param("a: " + "[" * 60 + "]" * 60 + "\n", 1, "nested more than 50 levels deep", id="deep"),
    pytest.param("a: " + "9" * 5000 + "\n", 1, "cannot read the value " + "9" * 39 + "…", id="huge-number"),
    pytest.param('a: "A\\x07B"\n', 1, "control character U+0007 in 'a'", id="escaped-bell"),
    pytest.param('a:\n  - "\\0"\n', 2, "control character U+0000 in 'a'", id="escaped-nul"),
    pytest.param('a: "x\\ry"\n', 1, "control character U+000D in 'a'", id="escaped-cr"),
    pytest.param('a: "\\x7f"\n', 1, "control character U+007F in 'a'", id="escaped-del"),
    pytest.param('a: "\\e[31m"\n', 1, "control character U+001B in 'a'", id="escaped-escape"),
    pytest.param('"k\\x01": x\n', 1, "control character U+0001 in the key 'k\\x01'", id="control-in-key"),
    pytest.param("a: 2025-02-30\n", 1, "'a': no such date: 2025-02-30", id="no-such-date"),
    pytest.param("a: 2025-02-30 10:00:00\n", 1, "'a': no such date: 2025-02-30 10:00:00",
                 id="no-such-datetime"),
]


# In a clause file a second '---' closes the front matter (the rest is Markdown), so the
# two-documents case does not apply to front matter.
ODD_YAML_CASES = [pytest.param(kind, *case.values, id=f"{case.id}-{kind}")
                  for case in ODD_YAML for kind in KINDS
                  if not (kind == "front matter" and case.values[0].count("---"))]


@pytest.mark.parametrize("kind, text, line, message", ODD_YAML_CASES)
def test_odd_yaml_is_one_problem_in_every_file_kind(root, kind, text, line, message):
    name = put(root, kind, text)
    assert_refused(run(root, *BUILD), root, f"{where(kind, name, line)}: {message}")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["manifest", "party"])
def test_every_command_refuses_the_alias_bomb(root, kind, command):
    name = put(root, kind, BOMB)
    assert_refused(run(root, *command), root,
                   f"{name}:1: anchors and aliases are not allowed (&a): write the value out")


def test_all_tags_of_a_file_are_reported_together(root):
    put(root, "party", "naam: !!str Stad\nsoort: !foo gemeente\ndeelname: !!map {noord: }\n")
    assert_refused(run(root, *BUILD), root, *(f"parties/stad.yaml:{n}: tags are not allowed ({t}): "
                                              "write the plain value"
                                              for n, t in ((1, "!!str"), (2, "!foo"), (3, "!!map"))))


EMPTY = [pytest.param("", id="nothing"), pytest.param("# alleen commentaar\n\n", id="comment"),
         pytest.param("  \n\n\t\n", id="whitespace"), pytest.param("---\n", id="document-marker"),
         pytest.param("~\n", id="null")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["manifest", "party", "register", "accession"])
@pytest.mark.parametrize("text", EMPTY)
def test_an_empty_file_is_a_problem_not_skipped(root, kind, text, command):
    name = put(root, kind, text)
    assert_refused(run(root, *command), root, f"{name}: is empty")


@pytest.mark.parametrize("text", EMPTY)
def test_empty_front_matter(root, text):
    name = put(root, "front matter", text)
    assert_refused(run(root, *BUILD), root, f"{name}:1: the front matter is empty (expected 'titel')")


BAD_BYTES = [
    pytest.param(b"naam: Stad\nsoort: \xff\n", 2, "not valid UTF-8 (byte 0xff): save the file as UTF-8",
                 id="invalid-utf8"),
    pytest.param(b"naam: St\x00ad\n", 1, "control character U+0000", id="nul-byte"),
    pytest.param(b"naam: Stad\nsoort: ge\x07meente\n", 2, "control character U+0007", id="raw-bell"),
    pytest.param(b"naam: Stad\rsoort: gemeente\n", 1,
                 "control character U+000D (a carriage return without a line feed)", id="lone-cr"),
    pytest.param("\ufeffnaam: Stad\n".encode(), 1,
                 "the file starts with a byte-order mark (U+FEFF): save it as UTF-8 without BOM", id="bom"),
]


@pytest.mark.parametrize("kind", ["manifest", "party", "register", "accession", "clause"])
@pytest.mark.parametrize("data, line, message", BAD_BYTES)
def test_bytes_that_are_not_clean_utf8_text(root, kind, data, line, message):
    name = CLAUSE if kind == "clause" else KINDS[kind]
    (root / name).write_bytes(data)
    assert_refused(run(root, *BUILD), root, f"{name}:{line}: {message}")


def crlf(files: dict[str, str]) -> dict[str, str]:
    return {name: textwrap.dedent(text).replace("\n", "\r\n") for name, text in files.items()}


def test_crlf_line_ends_are_accepted(tmp_path):
    root = tmp_path / "repo"
    for name, text in crlf({**TINY_FILES, REGISTER: VALID_REGISTER, ACCESSION: VALID_ACCESSION}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("utf-8"))
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.output
    html = (root / "build/noord/convenant.html").read_text(encoding="utf-8")
    assert "\r" not in html and "Regionaal Overleg" in html


# Values of the wrong kind, field by field: (file kind, old, new, line, message).
TEXT = "must be text, not"
WRONG_VALUES = [
    ("manifest", "titel: Samenwerkingsconvenant Noord", "titel: 123", 1,
     f"'titel' {TEXT} a number (123); put it in quotes"),
    ("manifest", "zvh: Zorg- en Veiligheidshuis Noord", "zvh: [a, b]", 2, f"'zvh' {TEXT} a list"),
    ("manifest", "zvh: Zorg- en Veiligheidshuis Noord", "zvh: {a: b}", 2, f"'zvh' {TEXT} a mapping"),
    ("manifest", "titel: Samenwerkingsconvenant Noord", "titel: 2024-01-01", 1,
     f"'titel' {TEXT} a date (2024-01-01); put it in quotes"),
    ("manifest", "  overleg: Regionaal Overleg", "  overleg: yes", 4,
     f"term 'overleg' {TEXT} a yes/no value; put it in quotes"),
    ("manifest", "termen:\n  overleg: Regionaal Overleg", "termen: Regionaal Overleg", 3,
     "'termen' must map term names to text, not 'Regionaal Overleg'"),
    ("manifest", '  artikelkop: "."', "  artikelkop: 5", 6, f"'artikelkop' {TEXT} a number (5); put it in quotes"),
    ("manifest", "stijl:\n", "stijl: [a]\nx:\n", 5, "'stijl' must be a mapping, not a list"),
    ("manifest", "slot: slot", "slot: [slot]", 12, "'slot' must be one clause id, not a list"),
    ("manifest", "partijen:\n  - stad\n  - zorg-en-co", "partijen: stad", 15,
     "'partijen' must be a list of ids, not 'stad'"),
    ("manifest", "  - stad", "  - 12", 16, "invalid entry in 'partijen': a number (12) (expected an id)"),
    ("manifest", "duur:\n  inwerkingtreding: ondertekening\n  looptijd_jaren: 4\n  verlenging_jaren: 1",
     "duur: 5", 18, "'duur' must be a mapping, not a number (5)"),
    ("manifest", "  looptijd_jaren: 4", "  looptijd_jaren: vier", 20,
     "'looptijd_jaren' must be a whole number of years, not 'vier'"),
    ("party", "naam: Stad", "naam: 123", 1, f"'naam' {TEXT} a number (123); put it in quotes"),
    ("party", "naam: Stad", "naam: 2024-01-01", 1, f"'naam' {TEXT} a date (2024-01-01); put it in quotes"),
    ("party", "soort: gemeente", "soort: [gemeente]", 2, f"'soort' {TEXT} a list"),
    ("party", "deelname:\n  noord:", "deelname:\n  - noord\nx:\n  noord:", 3,
     "'deelname' must map each region to its details, not a list"),
    ("party", "  noord:\n    vertegenwoordiger:", "  noord: ja\n  x:\n    vertegenwoordiger:", 4,
     "deelname 'noord' must be a mapping or empty, not 'ja'"),
    ("party", "    vertegenwoordiger:\n      aanhef: de heer\n      naam: A. Burger\n      functie: burgemeester",
     "    vertegenwoordiger: A. Burger", 5,
     "'vertegenwoordiger' must be a mapping (aanhef, naam, functie), not 'A. Burger'"),
    ("party", "      functie: burgemeester", "      functie: true", 8, f"'functie' {TEXT} a yes/no value; put it in quotes"),
    ("register", '    plaats: "Stad"', "    plaats: yes", 10, f"'plaats' {TEXT} a yes/no value; put it in quotes"),
    ("register", '    versie: "v1"', "    versie: 1", 8, f"'versie' {TEXT} a number (1); put it in quotes"),
    ("register", '    plaats: "Stad"', '    plaats: "Stad"\n    door: [a]', 11, f"'door' {TEXT} a list"),
    ("register", "ondertekeningen:", "ondertekeningen: geen\nx:", 6,
     "'ondertekeningen' must be a list, not 'geen'"),
    ("register", "  - partij: stad", "  - stad\n  - partij: stad", 7,
     "each entry of 'ondertekeningen' must be a mapping, not 'stad'"),
    ("accession", '  naam: "Stichting X"', "  naam: [Stichting, X]", 3, f"organisatie: 'naam' {TEXT} a list"),
    ("accession", '  statutaire_zetel: "Assen"', "  statutaire_zetel: 1234", 4,
     f"organisatie: 'statutaire_zetel' {TEXT} a number (1234); put it in quotes"),
    ("accession", "  via: stad", "  via: {a: 1}", 13, f"aanvraag: 'via' {TEXT} a mapping"),
    ("accession", "    akkoord: true", "    akkoord: ja", 19,
     "reactie: 'akkoord' must be true (an objection is given as 'bezwaar'), not 'ja'"),
    ("accession", "organisatie:\n  id: x", "organisatie: x\nx:\n  id: x", 1,
     "the organisation must be a mapping (naam, statutaire_zetel, adres, ...), not 'x'"),
    ("front matter", "titel: Begrippen\n", "titel: [a, b]\n", 2,
     "'titel' must be text or a mapping region: text, not a list"),
    ("front matter", "titel: Begrippen\n", "titel:\n  noord: 5\n", 3, f"title for 'noord' {TEXT} a number (5); put it in quotes"),
    ("front matter", "titel: Begrippen\n", "- titel\n", 2, "front matter must be a mapping with 'titel', not a list"),
]


def base(kind: str) -> str:
    if kind == "front matter":
        return textwrap.dedent(TINY_FILES[CLAUSE])
    if kind in ("register", "accession"):
        return VALID_REGISTER if kind == "register" else VALID_ACCESSION
    return textwrap.dedent(TINY_FILES[KINDS[kind]])


@pytest.mark.parametrize("kind, old, new, line, message", WRONG_VALUES,
                         ids=[f"{w[0]}:{w[2][:24].strip()}" for w in WRONG_VALUES])
def test_a_value_of_the_wrong_kind(root, kind, old, new, line, message):
    text = base(kind)
    assert text.count(old) == 1, old
    name = KINDS[kind]
    (root / name).write_text(text.replace(old, new), encoding="utf-8")
    assert_refused(run(root, *BUILD), root, f"{name}:{line}: {message}")


def test_a_long_value_is_quoted_short(root):
    text = base("party").replace("soort: gemeente", "soort: " + "g" * 5000)
    (root / "parties/stad.yaml").write_text(text, encoding="utf-8")
    result = run(root, *BUILD)
    assert_refused(result, root, "parties/stad.yaml:2: soort " + shown("g" * 5000)
                   + " must be 'gemeente' or 'organisatie'")
    assert max(len(line) for line in result.output.splitlines()) < 200


def test_messages_are_capped():
    problems = Problems()
    problems.add("x.yaml", 1, "y" * 10_000)
    assert len(problems.items[0].message) == 300 and problems.items[0].message.endswith("…")
    assert shown("z" * 1000) == "'" + "z" * 78 + "…" and shown("kort") == "'kort'"


# ----------------------------------------------------------------- 2. dates

BAD_DATES = [
    pytest.param("2026-13-45", "no such date: 2026-13-45", id="month-13"),
    pytest.param("2025-02-30", "no such date: 2025-02-30", id="feb-30"),
    pytest.param("gisteren", "not 'gisteren'", id="word"),
    pytest.param("2025-1-5", "not '2025-1-5'", id="short"),
    pytest.param("2025-01-01 10:00", "not '2025-01-01 10:00'", id="with-minutes"),
    pytest.param("2025-01-01 10:00:00", "not a date and time (2025-01-01 10:00:00)", id="datetime"),
    pytest.param('"2025-02-30"', "not '2025-02-30'", id="quoted-no-such-date"),
    pytest.param("20250105", "not a number (20250105)", id="basic-format"),
    pytest.param("[2025-01-05]", "not a list", id="list"),
]
# (file kind, the valid date as it is in the file, line, the field as the message names it)
DATE_FIELDS = [
    ("manifest", "  inwerkingtreding: ondertekening", 19, "'inwerkingtreding'",
     "must be 'ondertekening' or a date written YYYY-MM-DD"),
    ("register", "    besluit: 2025-01-10", 3, "'besluit'",
     "must be a date written YYYY-MM-DD or 'onbekend'"),   # a date the sources do not give
    ("register", "    datum: 2025-02-01", 9, "'datum'", "must be a date written YYYY-MM-DD or 'onbekend'"),
    ("accession", "  datum: 2026-11-23", 14, "aanvraag: 'datum'", "must be a date written YYYY-MM-DD"),
    ("accession", "  reageren_voor: 2026-12-21", 15, "aanvraag: 'reageren_voor'", "must be a date written YYYY-MM-DD"),
    ("accession", "    datum: 2026-11-30", 18, "reactie: 'datum'", "must be a date written YYYY-MM-DD"),
]


@pytest.mark.parametrize("kind, old, line, field, rule", DATE_FIELDS, ids=[f"{d[0]}:{d[3]}" for d in DATE_FIELDS])
@pytest.mark.parametrize("value, problem", BAD_DATES)
def test_a_date_field_takes_only_real_dates(root, kind, old, line, field, rule, value, problem):
    text = base(kind)
    key = old.split(":")[0]
    assert text.count(old) == 1
    name = KINDS[kind]
    (root / name).write_text(text.replace(old, f"{key}: {value}"), encoding="utf-8")
    if problem.startswith("no such date"):
        expected = f"{name}:{line}: '{key.strip()}': {problem}"
    else:
        expected = f"{name}:{line}: {field} {rule}, {problem}"
    assert_refused(run(root, *BUILD), root, expected)


@pytest.mark.parametrize("kind, old", [("manifest", "  inwerkingtreding: ondertekening"),
                                       ("register", "    besluit: 2025-01-10")])
def test_a_quoted_real_date_is_a_date(root, kind, old):
    text = base(kind)
    key = old.split(":")[0]
    (root / KINDS[kind]).write_text(text.replace(old, f'{key}: "2025-01-05"'), encoding="utf-8")
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.output


def test_the_decision_date_of_an_accession(root):
    (root / ACCESSION).write_text(VALID_ACCESSION + "besluit:\n  datum: 2026-02-30\n", encoding="utf-8")
    assert_refused(run(root, *BUILD), root, f"{ACCESSION}:21: 'datum': no such date: 2026-02-30")


@pytest.mark.parametrize("text, expected", [
    ("2025-01-05", dt.date(2025, 1, 5)), ("2024-02-29", dt.date(2024, 2, 29)),
    ("2025-02-29", None), ("2025-02-30", None), ("2026-13-45", None), ("2025-1-5", None),
    ("20250105", None), ("2025-W01-1", None), ("2025-01-05T10:00", None), ("2025-01-05 ", None),
    ("2025-01-05\n", None), ("２０２５-01-05", None), ("gisteren", None), ("", None),
    (20250105, None), (None, None), (dt.date(2025, 1, 5), None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# ----------------------------------------------------------------- 3. clause files

@pytest.mark.parametrize("text, line, message", [
    ("---\ntitel: Begrippen\n\n## overleg\n\nTekst.\n", 1,
     "the front matter is not closed: '---' on line 1 needs a closing '---' line"),
    ("---\n", 1, "the front matter is not closed: '---' on line 1 needs a closing '---' line"),
    ("\ufeff---\ntitel: Begrippen\n---\n\nTekst.\n", 1,
     "the file starts with a byte-order mark (U+FEFF): save it as UTF-8 without BOM"),
    ("", None, "is empty"),
    ("\n  \n\n", None, "is empty"),
    ("---\ntitel: Begrippen\n---\n\nHet \x07overleg.\n", 5, "control character U+0007"),
    ("---\ntitel: Begrippen\n---\n\nHet\roverleg.\n", 5,
     "control character U+000D (a carriage return without a line feed)"),
    ("---\ntitel: \"Begrip\\ben\"\n---\n\nTekst.\n", 2, "control character U+0008 in 'titel'"),
], ids=["unclosed", "only-opening", "bom", "empty", "blank", "bell-in-text", "cr-in-text", "escape-in-title"])
def test_empty_or_half_clause_files(root, text, line, message):
    (root / CLAUSE).write_bytes(text.encode("utf-8"))
    result = run(root, *BUILD)
    assert_refused(result, root, f"{CLAUSE}{'' if line is None else f':{line}'}: {message}")
    assert "no title for region" not in result.output


# ----------------------------------------------------------------- 4. control characters

@pytest.mark.parametrize("kind, old, new, line, message", [
    ("manifest", "zvh: Zorg- en Veiligheidshuis Noord", 'zvh: "Zorg\\x07huis"', 2, "control character U+0007 in 'zvh'"),
    ("manifest", "  overleg: Regionaal Overleg", '  overleg: "Regionaal\\tOverleg\\0"', 4,
     "control character U+0000 in 'overleg'"),
    ("party", "adres: Brink 1, 9401 AA Assen", 'adres: "Brink 1\\r9401 AA Assen"', 4,
     "control character U+000D in 'adres'"),
    ("party", "naam: Zorg & Co <Noord>", 'naam: "Zorg \\x1b[2J& Co"', 1, "control character U+001B in 'naam'"),
    ("register", '    plaats: "Stad"', '    plaats: "St\\x7fad"', 10, "control character U+007F in 'plaats'"),
    ("accession", '  naam: "Stichting X"', '  naam: "Stichting\\aX"', 3, "control character U+0007 in 'naam'"),
    ("accession", '  bijdrage: "Opvang."', '  bijdrage: "Op\\u0085vang."', 11, "control character U+0085 in 'bijdrage'"),
    ("accession", '  bijdrage: "Opvang."', '  bijdrage: "Op\\ud800vang."', 11, "invalid character U+D800 in 'bijdrage'"),
], ids=["manifest-zvh", "term", "party-adres-cr", "party-naam-escape", "register-del", "accession-bell",
        "accession-c1", "accession-surrogate"])
def test_control_characters_in_values(root, kind, old, new, line, message):
    name = "parties/zorg-en-co.yaml" if kind == "party" else KINDS[kind]
    text = textwrap.dedent(TINY_FILES[name]) if kind == "party" else base(kind)
    assert text.count(old) == 1, old
    (root / name).write_text(text.replace(old, new), encoding="utf-8")
    assert_refused(run(root, *BUILD), root, f"{name}:{line}: {message}")


def test_tab_and_newline_in_values_are_text(root):
    text = base("party").replace("naam: A. Burger", 'naam: "A.\\tBurger"')
    (root / "parties/stad.yaml").write_text(text, encoding="utf-8")
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.output


# ----------------------------------------------------------------- 5. terms

@pytest.mark.parametrize("value", ["'Regionaal {{zvh}}'", "'{{'", "Overleg }}"])
def test_a_term_with_braces_is_a_problem(root, value):
    text = base("manifest").replace("  overleg: Regionaal Overleg", f"  overleg: {value}")
    (root / "convenants/noord.yaml").write_text(text, encoding="utf-8")
    result = run(root, *BUILD)
    assert_refused(result, root)
    assert any(line.startswith("convenants/noord.yaml:4: term 'overleg' contains '{{' or '}}': a term "
                               "is printed as written, placeholders in it are not filled in")
               for line in result.output.splitlines()), result.output


# ----------------------------------------------------------------- the application form

def form_repo(tmp_path) -> Path:
    return init_repo(tmp_path / "repo", files=accession_files())


FORM = """\
naam: Stichting Nieuw
statutaire_zetel: Assen
adres: Brink 2, 9401 AA Assen
email: bestuur@nieuw.example
vertegenwoordiger:
  aanhef: mevrouw
  naam: B. Nieuw
  functie: directeur
bijdrage: Zorg.
"""


def apply(root: Path, form: Path):
    return run(root, "toetreding", "aanvraag", "noord", "--organisatie", str(form), "--via", "stad",
               "--date", "2026-11-23")


@pytest.fixture(scope="module")
def form_root(tmp_path_factory):
    return form_repo(tmp_path_factory.mktemp("form"))


FORM_CASES = [pytest.param(text, line, message, id=p.id) for p in ODD_YAML for text, line, message in [p.values]] + [
    pytest.param("", None, "is empty", id="empty"),
    pytest.param("# commentaar\n", None, "is empty", id="comment-only"),
    pytest.param(FORM.replace("naam: Stichting Nieuw", "naam: 2024-01-01"), 1,
                 f"organisatie: 'naam' {TEXT} a date (2024-01-01); put it in quotes", id="date-name"),
    pytest.param(FORM.replace("naam: Stichting Nieuw", "naam: 123"), 1,
                 f"organisatie: 'naam' {TEXT} a number (123); put it in quotes", id="number-name"),
    pytest.param(FORM.replace("statutaire_zetel: Assen", "statutaire_zetel: yes"), 2,
                 f"organisatie: 'statutaire_zetel' {TEXT} a yes/no value; put it in quotes", id="bool-place"),
    pytest.param(FORM.replace("vertegenwoordiger:\n  aanhef: mevrouw", "vertegenwoordiger: mevrouw\nx:\n  aanhef: mevrouw"), 5,
                 "organisatie: 'vertegenwoordiger' must give aanhef, naam and functie, not 'mevrouw'", id="text-for-mapping"),
    pytest.param("- naam: Stichting Nieuw\n", 1,
                 "the organisation must be a mapping (naam, statutaire_zetel, adres, ...), not a list", id="list"),
    pytest.param('naam: "Stichting\\x07Nieuw"\n', 1, "control character U+0007 in 'naam'", id="control"),
]


@pytest.mark.parametrize("text, line, message", FORM_CASES)
def test_a_bad_form_is_a_problem(form_root, tmp_path, text, line, message):
    form = tmp_path / "aanvraag.yaml"
    form.write_text(text, encoding="utf-8")
    before = repo_state(form_root)
    result = apply(form_root, form)
    name = Problems(Path.cwd()).rel(form)
    assert_refused(result, form_root, f"{name}{'' if line is None else f':{line}'}: {message}")
    assert repo_state(form_root) == before


@pytest.mark.parametrize("data, line, message", BAD_BYTES)
def test_a_form_that_is_not_clean_utf8_text(form_root, tmp_path, data, line, message):
    form = tmp_path / "aanvraag.yaml"
    form.write_bytes(data)
    result = apply(form_root, form)
    assert_refused(result, form_root, f"{Problems(Path.cwd()).rel(form)}:{line}: {message}")


# ----------------------------------------------------------------- 6. ids made from names

ASK = "give the organisation an 'id:' (a-z, 0-9, '-', at most 64 characters)"


@pytest.mark.parametrize("name, why", [
    ("Ωμέγα", "cannot make an id from the name 'Ωμέγα': 'Ωμεγα' cannot be written with a-z"),
    ("東京 Zorg", "cannot make an id from the name '東京 Zorg': '東京' cannot be written with a-z"),
    ("---", "cannot make an id from the name '---': it has no letters a-z or digits"),
    ("&&&", "cannot make an id from the name '&&&': it has no letters a-z or digits"),
    ("Stichting " + "Zorg " * 20, "the id made from the name is longer than 64 characters"),
])
def test_a_name_that_makes_no_id_asks_for_one(form_root, tmp_path, name, why):
    form = tmp_path / "aanvraag.yaml"
    form.write_text(FORM.replace("naam: Stichting Nieuw", f"naam: '{name}'"), encoding="utf-8")
    before = repo_state(form_root)
    result = apply(form_root, form)
    assert_refused(result, form_root, f"{Problems(Path.cwd()).rel(form)}:1: organisatie: {why}: {ASK}")
    assert repo_state(form_root) == before


def test_an_explicit_id_must_be_short(form_root, tmp_path):
    form = tmp_path / "aanvraag.yaml"
    form.write_text(FORM + "id: " + "a" * 65 + "\n", encoding="utf-8")
    result = apply(form_root, form)
    assert_refused(result, form_root, f"{Problems(Path.cwd()).rel(form)}:10: organisatie: the id is longer "
                   "than 64 characters: give a shorter 'id:'")


@pytest.mark.parametrize("name, made", [
    ("Stichting Ça & Zo", "stichting-ca-zo"),
    ('Stichting Ça & Zo <Nieuw> "Het Anker"', "stichting-ca-zo-nieuw-het-anker"),
    ("GGD Één & Co <Regio>", "ggd-een-co-regio"),
    ("Ødegård Straße Æbelø", "odegard-strasse-aebelo"),
    ("Zorg-Groep ’t Hoofd", "zorg-groep-t-hoofd"),
])
def test_latin_letters_with_accents_are_transliterated(name, made):
    assert slug(name) == made
    assert id_from_name(name) == (made, None)


def test_an_unusable_name_with_an_explicit_id_is_fine(form_root, tmp_path):
    """The id: in the form is what the ids are made of; then the name may be anything."""
    from generator.model.accession import load_organisation

    form = tmp_path / "aanvraag.yaml"
    form.write_text(FORM.replace("naam: Stichting Nieuw", "naam: Ωμέγα") + "id: omega\n", encoding="utf-8")
    problems = Problems()
    org = load_organisation(form, problems)
    assert not problems.items and org.id == "omega" and org.naam == "Ωμέγα"
