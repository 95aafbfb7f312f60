"""`convenant init DIR`: a new data repository of its own.

A secretariat keeps its convenant in a git repository whose history holds only its own
decisions; every command works on it with ``--root DIR``. ``init`` makes one: by default an
empty skeleton with one region to fill in (a manifest with commented placeholders, a few
starter clauses and two example parties, so that it builds at once); with ``example``
(``--voorbeeld``) a copy of the covenants of a data repository (this source checkout, or
``source``), whose registers are carried over with every version's revision replaced by the
new repository's commit holding that version's text.

Nothing is half-made: everything is checked first, the repository is made in a temporary
folder (beside DIR, or inside DIR when DIR is an existing empty folder) and moved into place
only when both commits stand; on any failure the temporary folder is removed and DIR is as it
was. No lock is taken: until it is moved into place the repository is the command's own.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from ..assemble import assemble_regions
from ..errors import ConvenantError, UsageError, shown
from ..history import commit_files
from ..model.manifests import REGION_RE
from ..model.register import Register, dump_register
from ..project import (ACCESSIONS_DIR, CLAUSES_DIR, CONVENANTS_DIR, PARTIES_DIR, REGISTER_DIR,
                       load_project)
from .register import fingerprint_at
from ..i18n import _

AMENDMENTS_DIR = "wijzigingen"
"""Papers about amendments; copied as they are when the example has them."""
FOLDERS = (CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR, REGISTER_DIR, ACCESSIONS_DIR, AMENDMENTS_DIR)
"""Every data folder a new repository has (an empty one holds a KEEP file, for git)."""
COPIED = (CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR, AMENDMENTS_DIR, ACCESSIONS_DIR)
"""What --voorbeeld copies file by file; registers are rewritten, build/ is never copied."""
REQUIRED = (CLAUSES_DIR, PARTIES_DIR, CONVENANTS_DIR)
KEEP = ".gitkeep"
DEFAULT_REGION = "regio"
MAX_REGION = 40


@dataclass
class Created:
    """What ``init`` made."""

    path: Path
    regions: list[str]
    commits: list[tuple[str, str]]
    """(sha, subject) of each commit, oldest first."""
    registers: dict[str, list[str]] = field(default_factory=dict)
    """Per region whose register was copied: the names of its versions."""
    source: Path | None = None
    """The data repository copied (--voorbeeld), or None for the skeleton."""


@dataclass
class _Plan:
    """What goes into the new repository, all read and checked before anything is written."""

    files: dict[str, bytes]
    """The first commit: path relative to the repository, content."""
    message: str
    regions: list[str]
    registers: dict[str, Register] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Per region with a register: the fingerprint of its text as copied."""
    titles: dict[str, str] = field(default_factory=dict)
    source: Path | None = None


def package_root() -> Path:
    """The folder this package runs from: a source checkout holds the real data there."""
    import generator

    return Path(generator.__file__).resolve().parent.parent


def init(target: Path, region: str | None = None, example: bool = False,
         source: Path | None = None) -> Created:
    """Make a new convenant repository at ``target`` (a new or an empty folder).

    The skeleton has region ``region`` (default "regio"); ``example`` copies the data of
    ``source`` (default: this source checkout) instead.
    """
    target = Path(target)
    if example and region is not None:
        raise UsageError(_("--regio names the region of the empty skeleton; --voorbeeld "
                           "copies the regions of the example: give one of the two"))
    if source is not None and not example:
        raise UsageError(_("--van names the data repository that --voorbeeld copies: give "
                           "--voorbeeld too"))
    region = DEFAULT_REGION if region is None else region
    if not example:
        check_region(region)
    check_target(target)
    plan = _example(Path(source) if source else package_root()) if example else _skeleton(region)
    return _create(target, plan)


def check_region(region: str) -> None:
    if not REGION_RE.fullmatch(region) or len(region) > MAX_REGION:
        raise UsageError(_("invalid region id {region}: use lower-case letters, digits and "
                           "'-', starting with a letter, at most {n} characters").format(
            region=shown(region), n=MAX_REGION))


def check_target(target: Path) -> None:
    """UsageError unless ``target`` is a new or an empty folder, in a folder that exists and
    is not inside the work tree of another git repository."""
    if target.is_symlink():
        raise UsageError(_("{target} is a symbolic link: give a new or an empty folder").format(
            target=target))
    if target.exists():
        if not target.is_dir():
            raise UsageError(_("{target} is a file, not a folder: give a new or an empty "
                               "folder").format(target=target))
        if next(target.iterdir(), None) is not None:
            raise UsageError(_("{target} is not empty: give a new or an empty folder").format(
                target=target))
    parent = target.absolute().parent
    if not parent.is_dir():
        raise UsageError(_("{parent} does not exist: make that folder first").format(
            parent=parent))
    top = _work_tree_holding(target if target.exists() else parent)
    if top is not None:
        raise UsageError(_("{target} is inside the git repository {top}: make the new "
                           "repository outside it, so that its history holds only its own "
                           "commits").format(target=target, top=top))


def _work_tree_holding(path: Path) -> str | None:
    """The work tree of the git repository ``path`` is in, or None."""
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    try:
        return None if repo.bare else repo.working_tree_dir
    finally:
        repo.close()


# ---------------------------------------------------------------- what goes in

def _skeleton(region: str) -> _Plan:
    files = {Template(rel).substitute(regio=region): Template(text).substitute(regio=region).encode("utf-8")
             for rel, text in SKELETON.items()}
    files.update(_common_files(files))
    return _Plan(files, f"Nieuwe convenantrepository: regio {region}\n\n"
                 "Leeg skelet gemaakt met `convenant init`: een manifest, een paar startartikelen "
                 "en twee\nvoorbeeldpartijen om in te vullen.\n", [region])


def _common_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """README.md, .gitignore and a KEEP file in each data folder that has no file."""
    out = {"README.md": README.encode("utf-8"), ".gitignore": b"build/\n"}
    for folder in FOLDERS:
        if not any(rel.startswith(f"{folder}/") for rel in files):
            out[f"{folder}/{KEEP}"] = b""
    return out


def _example(source: Path) -> _Plan:
    """The data of ``source`` to copy, its registers, and the fingerprint of each region with
    a register; UsageError for a version whose text is not the text copied."""
    missing = [f"{name}/" for name in REQUIRED if not (source / name).is_dir()]
    if missing:
        raise UsageError(_("{source} has no {missing}: --voorbeeld copies the data of a "
                           "convenant repository (a source checkout of convenant, not an "
                           "installed package); name one with --van ROOT").format(
            source=source, missing=", ".join(missing)))
    project = load_project(source)
    files: dict[str, bytes] = {}
    for folder in COPIED:
        files.update(_read_folder(source, folder))
    registers = dict(sorted(project.registers.items()))
    documents = assemble_regions(project, list(registers)) if registers else {}
    fingerprints = {region: documents[region].fingerprint for region in registers}
    for region, register in registers.items():
        _check_versions(project, register, fingerprints[region])
    files.update(_common_files(files))
    regions = project.regions
    message = (f"Nieuwe convenantrepository met het voorbeeld: {', '.join(regions)}\n\n"
               f"Teksten, partijen en manifesten overgenomen uit {source}{_at(source)} met\n"
               "`convenant init --voorbeeld`.\n")
    return _Plan(files, message, regions, registers, fingerprints,
                 {region: project.manifests[region].titel for region in registers}, source)


def _check_versions(project, register: Register, fingerprint: str) -> None:
    """UsageError for the first version whose fingerprint is not that of the text copied."""
    for version in register.versions:
        if version.fingerprint != fingerprint:
            raise UsageError(
                _("{path}:{line}: version {name} of {region} has fingerprint {fingerprint}, "
                  "but the text copied has {copied}: the new repository starts with the "
                  "current text only, so only a version of that text can be carried over; "
                  "nothing was created").format(
                    path=project.rel(register.path), line=version.line, name=shown(version.name),
                    region=register.region, fingerprint=version.fingerprint[:12],
                    copied=fingerprint[:12]))


def _read_folder(source: Path, folder: str) -> dict[str, bytes]:
    """Every file under ``source/folder`` by its path relative to ``source``; UsageError for a
    symbolic link or anything else that is not a plain file or folder."""
    top = source / folder
    if top.is_symlink() or (top.exists() and not top.is_dir()):
        raise UsageError(_("{path}: is not a folder: only plain files and folders are "
                           "copied").format(path=top))
    out: dict[str, bytes] = {}
    for base, dirs, names in os.walk(top):
        for name in sorted(dirs + names):
            path = Path(base) / name
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if stat.S_ISREG(mode):
                out[path.relative_to(source).as_posix()] = path.read_bytes()
                continue
            what = (_("{path}: is a symbolic link: only plain files and folders are copied")
                    if stat.S_ISLNK(mode) else
                    _("{path}: is not a plain file: only plain files and folders are copied"))
            raise UsageError(what.format(path=path))
    return out


def _at(source: Path) -> str:
    """" (commit abc1234567)" when ``source`` is the work tree of a git repository."""
    import git

    try:
        repo = git.Repo(source, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return ""
    try:
        return f" (commit {repo.head.commit.hexsha[:10]})"
    except ValueError:  # no commit yet
        return ""
    finally:
        repo.close()


# ---------------------------------------------------------------- making it

def _create(target: Path, plan: _Plan) -> Created:
    """Make the repository in a temporary folder, then move it to ``target``."""
    import git

    existed = target.exists()
    tmp = (target if existed else target.absolute().parent) / f".init-{secrets.token_hex(6)}"
    os.mkdir(tmp)
    repo = None
    try:
        repo = _first_commit(tmp, plan)
        first = repo.head.commit
        commits = [(first.hexsha, first.summary)]
        if plan.registers:
            commits.append(_copy_registers(repo, tmp, plan, first))
        repo.close()
        _move(tmp, target, existed)
    except BaseException as exc:
        if repo is not None:
            repo.close()
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, git.GitCommandError):
            detail = " ".join(str(exc.stderr or exc).replace("stderr:", "").split()).strip(" '")
            raise ConvenantError(_("git failed, nothing was created: {detail}").format(
                detail=detail)) from None
        raise
    return Created(target, plan.regions, commits,
                   {region: [v.name for v in register.versions]
                    for region, register in plan.registers.items()}, plan.source)


def _first_commit(tmp: Path, plan: _Plan):
    """Write the files, check that they load, and commit exactly them in a new repository."""
    import git

    for rel, data in plan.files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    load_project(tmp)
    repo = git.Repo.init(tmp)
    # --force: a file the user's global ignore rules name is data all the same
    repo.git.add("--all", "--force", "--", ".")
    repo.git.commit("--quiet", "-m", plan.message)
    held = set(filter(None, repo.git.ls_files("-z").split("\0")))
    if held != set(plan.files) or repo.is_dirty(untracked_files=True):
        raise ConvenantError(_("the first commit does not hold exactly the files written"))
    return repo


def _copy_registers(repo, tmp: Path, plan: _Plan, first) -> tuple[str, str]:
    """Commit the registers, every version's revision replaced by the commit of its text."""
    files, lines = {}, []
    for region, register in plan.registers.items():
        fingerprint = fingerprint_at(repo, tmp, region, first)
        if fingerprint != plan.fingerprints[region]:
            raise ConvenantError(_("the text of {region} as committed has fingerprint "
                                   "{fingerprint}, not {expected} as in {source}; nothing was "
                                   "created").format(
                region=region, fingerprint=fingerprint[:12],
                expected=plan.fingerprints[region][:12], source=plan.source))
        versions = [dataclasses.replace(v, revision=first.hexsha) for v in register.versions]
        copy = dataclasses.replace(register, path=tmp / REGISTER_DIR / register.path.name,
                                   versions=versions)
        files[copy.path] = dump_register(copy, plan.titles[region])
        lines += [f"{region} {old.name}: revisie {old.revision[:10]} in het voorbeeld, "
                  f"{first.hexsha[:10]} hier" for old in register.versions]
    regions = ", ".join(plan.registers)
    sha = commit_files(repo, files, f"Register: {regions} overgenomen uit het voorbeeld\n\n"
                       f"Overgenomen uit {plan.source}; elke versie met de commit van deze "
                       "repository\ndie haar tekst (vingerafdruk) heeft:\n" + "\n".join(lines) + "\n")
    return sha, repo.commit(sha).summary


def _move(tmp: Path, target: Path, existed: bool) -> None:
    """Put the repository made in ``tmp`` at ``target``: one rename for a new folder; for an
    existing empty one (which may be someone's working folder) each entry, moved back on a
    failure."""
    if not existed:
        os.rename(tmp, target)
        return
    moved: list[str] = []
    try:
        if any(entry.name != tmp.name for entry in target.iterdir()):
            raise UsageError(_("{target} is no longer empty: nothing was created").format(
                target=target))
        for entry in sorted(os.listdir(tmp)):
            os.rename(tmp / entry, target / entry)
            moved.append(entry)
        os.rmdir(tmp)
    except BaseException:
        for entry in moved:
            os.rename(target / entry, tmp / entry)
        raise


# ---------------------------------------------------------------- the skeleton

README = """\
# Convenantrepository

Deze repository bevat het samenwerkingsconvenant van een Zorg- en Veiligheidshuis als data:
de teksten, de partijen, per regio een manifest, en de registers van vastgestelde versies en
ondertekeningen. Het programma `convenant` maakt er het convenant van (HTML, PDF, Word) en legt
elk besluit vast als één git-commit, zodat de geschiedenis alleen de besluiten van dit
secretariaat bevat. Elk bestandsformaat staat beschreven in `docs/formats.md` van `convenant`.

| map | wat erin staat |
| --- | --- |
| `clauses/` | de teksten: één Markdown-bestand per artikel (`artikelen/`) en bijlage (`bijlagen/`), en voor de ondergetekenden, de overwegingen en het slot |
| `parties/` | de partijen: één YAML-bestand per gemeente of organisatie; de bestandsnaam is de id |
| `convenants/` | per regio een manifest, `REGIO.yaml`: titel, termen, artikelen en bijlagen op volgorde, partijen in volgorde van ondertekening, duur |
| `register/` | per regio de vastgestelde versies en de ondertekeningen; geschreven door `convenant vaststellen` en `convenant sign` |
| `toetredingen/` | verzoeken tot toetreding, per regio en organisatie; geschreven door `convenant toetreding` |
| `wijzigingen/` | per regio de toelichting bij een wijziging, `wijzigingen/REGIO/NAAM.md`, voor het wijzigingsvoorstel aan de Stuurgroep |
| `build/` | wat `convenant build` maakt; niet in git |

Aan de slag, in deze map:

    convenant build --root . --all --format html
    convenant lint --root .

Bewerk de teksten met een teksteditor en leg elke wijziging vast als eigen commit, met een
bericht dat zegt wat er verandert en waarom. Het register bewerk je niet met de hand: dat doen
`convenant vaststellen` en `convenant sign`.
"""

SKELETON = {
    "convenants/$regio.yaml": """\
# Manifest van regio '$regio': wat er in het convenant staat, in welke volgorde, en wie tekent.
# De bestandsnaam is de id van de regio. Vervang alles tussen [ ] en vul de partijen aan.
titel: Samenwerkingsconvenant Zorg- en Veiligheidshuis [naam van de regio]
zvh: Zorg- en Veiligheidshuis [naam van de regio]   # in de kopregel van elke pagina
termen:                       # de waarden van {{...}} in de teksten in clauses/
  zvh: Zorg- en Veiligheidshuis
stijl:
  artikelkop: "."             # "Artikel 1. Definities" (":" geeft "Artikel 1: Definities")
  enkel_lid_nummeren: true    # een artikel met één lid: "2.1." (false: zonder nummer)
ondergetekenden: ondergetekenden   # id's van teksten in clauses/ (de bestandsnaam)
overwegingen: overwegingen
artikelen:                    # op volgorde: de eerste is Artikel 1
  - definities
  - doel
  - stuurgroep
  - toetreding-en-wijzigingen
  - duur
slot: slot
bijlagen:                     # op volgorde: de eerste is Bijlage 1
  - toetredingsformulier
partijen:                     # id's van bestanden in parties/, in volgorde van ondertekening
  - voorbeeldstad
  - stichting-voorbeeld
duur:
  inwerkingtreding: ondertekening   # of een datum: 2026-01-01
  looptijd_jaren: 4
  verlenging_jaren: 1
# Nodig voor de brieven van `convenant pakket` en `convenant toetreding`:
# secretariaat:
#   functie: secretaris van de Stuurgroep
#   naam: [naam]
#   adres:
#     - Zorg- en Veiligheidshuis [naam van de regio]
#     - Postbus [nummer]
#     - "[postcode] [plaats]"
#   plaats: "[plaats]"
#   email: secretariaat@example.nl
""",
    "parties/voorbeeldstad.yaml": """\
# Een partij: één bestand per gemeente of organisatie; de bestandsnaam is haar id.
# Vervang dit voorbeeld door een echte partij en noem het bestand naar haar.
naam: Voorbeeldstad
soort: gemeente               # of: organisatie
deelname:                     # de regio's waarvan zij het convenant ondertekent
  $regio:
    vertegenwoordiger:        # wie tekent (mag ontbreken)
      aanhef: de heer         # of: mevrouw
      naam: A. Jansen
      functie: burgemeester
""",
    "parties/stichting-voorbeeld.yaml": """\
# Een partij: één bestand per gemeente of organisatie; de bestandsnaam is haar id.
naam: Stichting Voorbeeld
soort: organisatie
statutaire_zetel: Voorbeeldstad          # mag ontbreken
adres: Voorstraat 1, 1234 AB Voorbeeldstad   # mag ontbreken
deelname:
  $regio:
    vertegenwoordiger:
      aanhef: mevrouw
      naam: B. de Vries
      functie: directeur-bestuurder
""",
    "clauses/ondergetekenden.md": """\
### De ondergetekenden:

De colleges van burgemeester en wethouders van de gemeenten:

{{partijen:gemeenten}}

en

{{partijen:organisaties}}

hierna afzonderlijk te noemen ‘Partij’ en gezamenlijk te noemen ‘Partijen’,
""",
    "clauses/overwegingen.md": """\
### Nemen de volgende overwegingen in aanmerking:

* Partijen werken samen in het {{zvh}} aan de aanpak van complexe problematiek;
* Partijen willen hun afspraken over die samenwerking vastleggen in dit samenwerkingsconvenant, hierna te noemen ‘het Convenant’.

### verklaren te zijn overeengekomen:
""",
    "clauses/slot.md": """\
**Aldus overeengekomen:**

{{handtekeningen}}
""",
    "clauses/artikelen/definities.md": """\
---
titel: Definities
---

In dit Convenant wordt verstaan onder:

## stuurgroep

*Stuurgroep*: het bestuur van het {{zvh}}, bedoeld in artikel {{ref:stuurgroep}}.
""",
    "clauses/artikelen/doel.md": """\
---
titel: Doel
---

## doel

Partijen werken in het {{zvh}} samen om complexe problematiek van personen en gezinnen gezamenlijk aan te pakken.
""",
    "clauses/artikelen/stuurgroep.md": """\
---
titel: Stuurgroep
---

## bestuur

Het {{zvh}} heeft een Stuurgroep die fungeert als het bestuur van het {{zvh}}.

## frequentie

De Stuurgroep komt ten minste twee keer per jaar bij elkaar.
""",
    "clauses/artikelen/toetreding-en-wijzigingen.md": """\
---
titel: Toetreding en wijzigingen
---

## toetreding

Een organisatie kan tot het Convenant toetreden met het formulier van Bijlage {{ref:toetredingsformulier}}; de Stuurgroep besluit over de toetreding.

## ondertekening

Een wijziging van het Convenant wordt door de Stuurgroep vastgesteld en door alle Partijen ondertekend.

## opzegging

Een Partij kan haar deelname aan het Convenant schriftelijk opzeggen.
""",
    "clauses/artikelen/duur.md": """\
---
titel: Duur
---

## looptijd

Het Convenant treedt in werking op de dag waarop de laatste Partij het ondertekent en geldt voor vier jaar; daarna wordt het telkens met een jaar verlengd.
""",
    "clauses/bijlagen/toetredingsformulier.md": """\
---
titel: Toetredingsformulier
---

{{veld:organisatie|[naam organisatie]}}, statutair gevestigd te {{veld:statutaire_zetel|[…]}} en kantoorhoudend aan {{veld:adres|[…]}}, hierbij vertegenwoordigd door {{veld:vertegenwoordiger|[naam, functie]}}, treedt toe tot het Convenant en verplicht zich de bepalingen ervan na te leven.

Aldus ondertekend te […], op datum […]

Naam organisatie: {{veld:organisatie|}}

Naam bevoegde functionaris: {{veld:functionaris|}}

Namens de Stuurgroep:

Naam:
""",
}
