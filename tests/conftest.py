"""Test helpers in one place: the real repository's data, tiny projects in temp dirs."""

from __future__ import annotations

import io
import os
import socket
import textwrap
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from generator.assemble import assemble_regions
from generator.project import load_project

REPO = Path(__file__).resolve().parent.parent

# The command line speaks Dutch by default and English as its second language (generator.i18n).
# The suite reads its messages in English, in this process and in every program it starts;
# tests/test_i18n.py checks the Dutch.
os.environ["CONVENANT_TAAL"] = "en"

TINY_FILES = {
    "convenants/noord.yaml": """\
        titel: Samenwerkingsconvenant Noord
        zvh: Zorg- en Veiligheidshuis Noord
        termen:
          overleg: Regionaal Overleg
        stijl:
          artikelkop: "."
          enkel_lid_nummeren: false
        ondergetekenden: ondergetekenden
        artikelen:
          - begrippen
          - overleg
        slot: slot
        bijlagen:
          - formulier
        partijen:
          - stad
          - zorg-en-co
        duur:
          inwerkingtreding: ondertekening
          looptijd_jaren: 4
          verlenging_jaren: 1
        """,
    "convenants/zuid.yaml": """\
        titel: Samenwerkingsconvenant Zuid
        zvh: Zorg- en Veiligheidshuis Zuid
        termen:
          overleg: Partneroverleg
        artikelen:
          - begrippen
          - overleg
        bijlagen:
          - formulier
        partijen:
          - zorg-en-co
        duur:
          inwerkingtreding: 2019-01-01
          looptijd_jaren: 5
          ten_minste: true
        """,
    "clauses/ondergetekenden.md": """\
        ### De ondergetekenden:

        {{partijen:gemeenten}}

        en

        {{partijen:organisaties}}
        """,
    "clauses/slot.md": """\
        Aldus overeengekomen:

        {{handtekeningen}}
        """,
    "clauses/artikelen/begrippen.md": """\
        ---
        titel: Begrippen
        ---

        ## overleg

        Het {{overleg}} is het overleg van artikel {{ref:overleg}}.
        """,
    "clauses/artikelen/overleg.md": """\
        ---
        titel:
          noord: Regionaal Overleg
          zuid: Partneroverleg
        ---

        ## samenstelling

        Het {{overleg}} bestaat uit:

        - #voorzitter de voorzitter;
        - #secretaris @noord de secretaris;
        - #leden de leden.

        ## taken

        Het {{overleg}} heeft de taken van {{ref:overleg.samenstelling.leden}}.
        """,
    "clauses/bijlagen/formulier.md": """\
        ---
        titel: Toetredingsformulier
        ---

        Zie Bijlage {{ref:formulier}}.
        """,
    "parties/stad.yaml": """\
        naam: Stad
        soort: gemeente
        deelname:
          noord:
            vertegenwoordiger:
              aanhef: de heer
              naam: A. Burger
              functie: burgemeester
        """,
    "parties/zorg-en-co.yaml": """\
        naam: Zorg & Co <Noord>
        soort: organisatie
        statutaire_zetel: Assen
        adres: Brink 1, 9401 AA Assen
        deelname:
          noord:
          zuid:
        """,
}


def require_tools(*tools: str) -> None:
    """Skip the calling test, with the reason, when a client program it needs (pdftoppm,
    soffice, ...) is not installed here; when the environment variable CI is set, fail
    instead: .ci/run installs them, so a missing one there is an error, not a skip."""
    import os
    import shutil

    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"not installed: {', '.join(missing)} (Debian: see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so this is an error, not a skip")
    pytest.skip(reason)


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A small valid convenant repository with two regions, to change in a test."""
    return write_files(tmp_path / "repo", TINY_FILES)


@pytest.fixture(scope="session")
def real_project():
    return load_project(REPO)


@pytest.fixture(scope="session")
def real_documents(real_project):
    return assemble_regions(real_project, real_project.regions)


def modules_imported(*runs: list[str], watch=("weasyprint", "reportlab", "pypdf")) -> list[str]:
    """Run the CLI once per argument list in one fresh interpreter (each run must exit 0) and
    return which of ``watch`` it imported: how a test shows no PDF machinery was loaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"for args in {[list(r) for r in runs]!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        f"print(sorted(m for m in {tuple(watch)!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # a printed list of str


# ---------------------------------------------------------------- letters and accessions

SECRETARIAAT = """\
secretariaat:
  functie: secretaris van de Stuurgroep
  adres:
    - Zorg- en Veiligheidshuis Noord
    - Postbus 1
    - 9400 AA Assen
  plaats: Assen
  email: secretariaat@zvh-noord.example
"""


def pdf_texts(data: bytes, pages=None) -> list[str]:
    """The text of each page of a PDF (of the pages numbered in ``pages``), read by pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=True)
    chosen = range(len(reader.pages)) if pages is None else pages
    return [reader.pages[i].extract_text() or "" for i in chosen]


def flat(text: str) -> str:
    return " ".join(text.split())


NAME = 'Stichting Ça & Zo <Nieuw> "Het Anker"'
FORM = f"""\
naam: '{NAME}'
statutaire_zetel: Assen
adres: Markt 5, 9401 GS Assen
email: bestuur@ca-en-zo.example
vertegenwoordiger:
  aanhef: mevrouw
  naam: drs. É. van Dijk
  functie: directeur-bestuurder
bijdrage: Opvang en begeleiding van jongeren met meervoudige problematiek.
"""
ORG = "stichting-ca-zo-nieuw-het-anker"
GGD = "GGD Één & Co <Regio>"
FORMULIER = """\
---
titel: Toetredingsformulier
---

{{veld:organisatie|[naam organisatie]}}, statutair gevestigd te {{veld:statutaire_zetel|[…]}} en kantoorhoudend aan {{veld:adres|[…]}}, hierbij vertegenwoordigd door {{veld:vertegenwoordiger|[naam, functie]}}, treedt toe tot het convenant van het {{overleg}}.

Aldus ondertekend te […], op datum […]

Naam organisatie: {{veld:organisatie|}}

Naam bevoegde functionaris: {{veld:functionaris|}}

Zie Bijlage {{ref:formulier}}.
"""
WIJZIGINGEN = """\
---
titel: Wijzigingen
---

## ondertekening

Iedere wijziging wordt door alle Partijen ondertekend.

## opzegging

Een Partij die een toetreding onaanvaardbaar vindt, kan haar deelname aan het {{overleg}} opzeggen.
"""


def accession_files(register: bool = False, stad_address: bool = True) -> dict[str, str]:
    """The tiny project, with a secretariaat, a form with fields, and parties with e-mail;
    stad has none (its letters go by post) and, unless ``stad_address`` is false, a postal
    address."""
    out = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    out["convenants/noord.yaml"] = out["convenants/noord.yaml"].replace(
        "  - zorg-en-co\n", "  - zorg-en-co\n  - ggd\n", 1).replace(
        "  - overleg\n", "  - overleg\n  - wijzigingen\n", 1) + SECRETARIAAT
    out["clauses/bijlagen/formulier.md"] = FORMULIER
    out["clauses/artikelen/wijzigingen.md"] = WIJZIGINGEN
    out["parties/zorg-en-co.yaml"] = out["parties/zorg-en-co.yaml"].replace(
        "deelname:", "email: info@zorg-en-co.example\ndeelname:")
    if stad_address:
        out["parties/stad.yaml"] = out["parties/stad.yaml"].replace(
            "soort: gemeente\n", "soort: gemeente\nadres: Postbus 1, 9400 AA Assen\n")
    out["parties/ggd.yaml"] = textwrap.dedent(f"""\
        naam: "{GGD.replace('"', '')}"
        soort: organisatie
        adres: Laan 2, 9402 BB Assen
        email: ggd@ggd.example
        deelname:
          noord:
            vertegenwoordiger:
              aanhef: mevrouw
              naam: M. Ødegård
              functie: directeur
        """)
    out[".gitignore"] = "build/\n"
    if register:
        out["register/noord.yaml"] = "versies: []\nondertekeningen: []\n"
    return out


# ---------------------------------------------------------------- a real SMTP server

class Inbox:
    """An aiosmtpd handler that keeps what it accepts and misbehaves when told to.

    refuse: recipients refused at RCPT with a 550; reject: recipients whose DATA is
    refused with a 554; drop: numbers (1-based) of the DATA commands on which the
    connection is dropped (the message is then not kept); how: "close" closes the
    connection without a reply, "421" replies 421 (smtplib then closes); stop: on a
    drop also stop listening, so that a reconnect is refused.
    """

    def __init__(self, refuse=(), reject=(), drop=(), how="close", stop=False):
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse, self.reject, self.drop = set(refuse), set(reject), set(drop)
        self.how, self.stop = how, stop
        self.data = 0
        self.controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data += 1
        if self.data in self.drop:
            if self.stop:
                self.controller.server.close()
            if self.how == "421":
                return "421 4.3.2 Service shutting down, closing transmission channel"
            server.transport.close()
            return "250 OK (never read)"
        if set(envelope.rcpt_tos) & self.reject:
            return "554 5.7.1 Message rejected as spam"
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK: queued"

    def keys(self) -> list[str]:
        return [rcpt.split("@")[0] for rcpts, _ in self.received for rcpt in rcpts]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start an SMTP server on 127.0.0.1: smtp_server(handler, port=None, **smtp_kwargs)
    returns "127.0.0.1:PORT"; every server is stopped after the test."""
    controllers = []

    def start(handler, port=None, **kwargs):
        controller = Controller(handler, hostname="127.0.0.1", port=port or free_port(),
                                ready_timeout=5, **kwargs)
        handler.controller = controller
        controller.start()
        controllers.append(controller)
        return f"127.0.0.1:{controller.port}"

    yield start
    for controller in controllers:
        controller.stop()
