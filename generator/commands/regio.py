"""`convenant regio`: a new region on the basis of another (``nieuw``), and where each lid of
a region's text comes from (``toon``).

``nieuw`` writes convenants/ID.yaml and nothing else: the base's terms copied as a starting
point, each marked to fill in, and an empty ``partijen:`` with a commented example. It commits
nothing: the manifest is not finished yet. Until parties are listed the manifest loads with one
problem at its ``partijen`` line, which ``build`` (and every command that loads the data)
reports; ``toon`` shows the region's text and that problem without refusing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..assemble import assemble, lid_sources
from ..errors import DataError, Problems, UsageError, shown
from ..i18n import _
from ..model.manifests import Duration, Manifest
from ..project import CONVENANTS_DIR, Project, collect_project
from ..yamlfile import control_character
from .common import select_regions
from .init import check_region

SHARED = "gedeeld"
"""The source of a lid every region shares (assemble.variant_source)."""


# ---------------------------------------------------------------- regio nieuw

@dataclass
class NewRegion:
    """What ``nieuw`` wrote, and what is left to fill in."""

    region: str
    basis: str
    path: Path
    rel: str
    """The manifest's path relative to the root: convenants/ID.yaml."""
    terms: dict[str, str]
    """The terms copied from the base (its own and those it inherits), in its order."""
    duur: Duration | None
    """The base's duur, which applies until the new manifest gives its own."""


def nieuw(root: Path, region: str, basis: str, titel: str, zvh: str) -> NewRegion:
    """Write convenants/REGION.yaml with ``basis`` and the base's terms; commit nothing.

    UsageError (nothing written) for an invalid or existing region id, an unknown base or an
    empty title; DataError when the base's manifest (or one of its bases) has problems.
    """
    root = Path(root)
    check_region(region)
    titel, zvh = _text("--titel", titel), _text("--zvh", zvh)
    path = root / CONVENANTS_DIR / f"{region}.yaml"
    if os.path.lexists(path):
        raise UsageError(_("region {region} exists already: {path}").format(
            region=shown(region), path=f"{CONVENANTS_DIR}/{region}.yaml"))
    project, problems = collect_project(root)
    base = _base(project, problems, basis)
    text = manifest_text(region, base, titel, zvh, project)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise UsageError(_("region {region} exists already: {path}").format(
            region=shown(region), path=f"{CONVENANTS_DIR}/{region}.yaml")) from None
    except FileNotFoundError:
        raise UsageError(_("{folder}: folder missing: is this a convenant repository?").format(
            folder=root / CONVENANTS_DIR)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return NewRegion(region, basis, path, project.rel(path), dict(base.termen), base.duur)


def _text(option: str, value: str) -> str:
    """``value`` of a one-line option; UsageError when it is empty or holds a control character."""
    if not value.strip():
        raise UsageError(_("{option} is empty: give the text to print").format(option=option))
    found = control_character(value) or (_("a line break") if "\n" in value or "\t" in value else None)
    if found:
        raise UsageError(_("{option} contains {found}: give one line of text").format(
                             option=option, found=found))
    return value.strip()


def _base(project: Project, problems: Problems, basis: str) -> Manifest:
    """The base's manifest, loaded with its own bases; UsageError when there is no such region,
    DataError when it (or a base of it) has problems or the data cannot be read at all."""
    if not project.region_files:
        problems.raise_if_any()
    if basis not in project.region_files:
        known = ", ".join(sorted(project.region_files)) or _("none")
        raise UsageError(_("unknown base {basis}: known regions are {known}").format(
                             basis=shown(basis), known=known))
    base = project.manifests.get(basis)
    chain = base.chain if base is not None else [basis]
    files = {f"{CONVENANTS_DIR}/{r}.yaml" for r in chain}
    found = [p for p in problems.items if p.path in files]
    if base is None or found:
        raise DataError(found or problems.items)
    return base


def _scalar(key: str, value: str) -> str:
    """``key: value`` as YAML reads it back to the same text (quoted where needed)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False,
                          width=float("inf")).rstrip("\n")


def _commented(line: str, comment: str, width: int) -> str:
    """``line`` with ``comment`` after it (aligned at ``width``), or above it when the value
    takes more than one line."""
    if "\n" in line:
        indent = line[:len(line) - len(line.lstrip())]
        return f"{indent}# {comment}\n{line}\n"
    return f"{line.ljust(width)}  # {comment}\n"


def manifest_text(region: str, base: Manifest, titel: str, zvh: str, project: Project) -> str:
    """The new manifest: title, zvh, basis, the base's terms marked to fill in, comments on
    ``weglaten``, an empty ``partijen`` with an example, and duur and secretariaat to give."""
    b = base.region
    terms = [(f"  {_scalar(name, value)}", f"overgenomen van {b}: vul in")
             for name, value in base.termen.items()]
    width = min(max((len(line) for line, _term in terms), default=0), 48)
    example = (base.partijen[0].id if base.partijen else "gemeente-x")
    return "".join([
        f"# Manifest van regio '{region}', gemaakt met `convenant regio nieuw {region} --basis {b}`.\n"
        "# De bestandsnaam is de id van de regio. Nog niet vastgelegd in git: commit het zelf als\n"
        f"# `convenant build {region}` het convenant maakt.\n",
        _scalar("titel", titel) + "\n",
        _commented(_scalar("zvh", zvh), "in de kopregel van elke pagina", 0),
        "\n"
        f"# De tekst van {b} is de basis: elk artikel, lid en onderdeel waarvan {region} geen eigen\n"
        f"# variant heeft ('## id @{region}' in clauses/), neemt {region} over van {b}. Zo ook\n"
        f"# artikelen, bijlagen, stijl en duur: geef ze hier alleen als {region} ervan afwijkt.\n"
        f"# `convenant regio toon {region}` laat per lid zien waar de tekst vandaan komt.\n",
        f"basis: {b}\n",
        "\n"
        f"# De woorden van {{{{...}}}} in de teksten, overgenomen van {b}: controleer elke term en\n"
        f"# geef de woorden van {region}. Een term die hier ontbreekt, neemt {region} over van {b}.\n",
        "termen:\n" if terms else "termen: {}\n",
        *(_commented(line, comment, width) for line, comment in terms),
        "\n"
        f"# Wat {region} van {b} niet overneemt: een heel artikel (de bestandsnaam in clauses/,\n"
        "# zonder .md) of één lid (artikel-id.lid-id). Bijvoorbeeld:\n"
        "# weglaten:\n"
        "#   - communicatie           # het hele artikel\n"
        "#   - stuurgroep.mandaat     # alleen het lid 'mandaat' van artikel Stuurgroep\n",
        "\n"
        "# De partijen, in volgorde van ondertekening: de bestandsnamen in parties/ (zonder .yaml).\n"
        f"# Het bestand van elke partij heeft onder 'deelname:' een regel '{region}:'; een nieuwe\n"
        f"# partij krijgt een nieuw bestand. `convenant build {region}` weigert tot hier partijen staan.\n",
        "partijen:\n",
        f"#   - {example}\n",
        "\n"
        f"# Duur (artikel 23): die van {b} geldt. Wijkt {region} af, geef dan:\n"
        "# duur:\n"
        "#   inwerkingtreding: ondertekening   # of een datum: 2027-01-01\n"
        "#   looptijd_jaren: 4\n"
        "#   verlenging_jaren: 1\n",
        "\n"
        "# Nodig voor de brieven van `convenant pakket` en `convenant toetreding`:\n"
        "# secretariaat:\n"
        "#   functie: secretaris van de Stuurgroep\n"
        "#   adres:\n"
        f"#     - {zvh}\n"
        "#     - Postbus [nummer]\n"
        "#     - \"[postcode] [plaats]\"\n"
        "#   plaats: \"[plaats]\"\n",
    ])


# ---------------------------------------------------------------- regio toon

@dataclass
class LidRow:
    """One lid of an article: its number in the region, its id and where its text comes from."""

    id: str
    number: str
    """"4.2" ("24" for an article's only, unnumbered lid; "" when left out)."""
    source: str
    """The region itself, one of its bases, or "gedeeld" (assemble.variant_source)."""
    also: list[str] = field(default_factory=list)
    """For the region's own variant: the other regions it is written for (``@zhz @noord``)."""
    dropped: bool = False


@dataclass
class ArticleRow:
    id: str
    number: int | None
    """None for an article left out with ``weglaten``."""
    title: str
    leden: list[LidRow]


@dataclass
class RegionSources:
    """Where the text of a region comes from, lid by lid."""

    region: str
    titel: str
    chain: list[str]
    """The region, then its bases."""
    articles: list[ArticleRow]
    weglaten: list[str]
    counts: dict[str, int]
    """Leden by source (the region, each base, "gedeeld"), as assemble.lid_sources gives them."""
    own_terms: int
    inherited_terms: list[str]
    """Terms the region takes from its base (it does not give them itself)."""
    terms_as_base: list[str]
    """Terms the region gives with the same words as its base (as `nieuw` copied them)."""
    problems: list[str]
    """What `convenant build REGION` would refuse (every problem of the data and the region)."""


def toon(root: Path, region: str) -> RegionSources:
    """Per article and lid of ``region``, where its text comes from; the data's problems are
    returned, not raised, as long as the region's manifest loads."""
    project, problems = collect_project(Path(root))
    select_regions(project, [region], problems)
    manifest = project.manifests.get(region)
    if manifest is None:  # its file did not load: its problems say why
        problems.raise_if_any()
    doc = assemble(project, region, problems)
    chain = manifest.chain or [region]
    numbers = {(a.id, lid.id): lid.number or str(a.number) for a in doc.articles for lid in a.leden}
    titles = {a.id: (a.number, a.title) for a in doc.articles}
    dropped = {ref.id for ref in manifest.weglaten}
    rows: dict[str, list[LidRow]] = {}
    for clause_id, lid, source in lid_sources(project, region, with_dropped=True):
        left_out = clause_id in dropped or f"{clause_id}.{lid}" in dropped
        rows.setdefault(clause_id, []).append(LidRow(
            lid, "" if left_out else numbers.get((clause_id, lid), ""), source,
            _also(project, clause_id, lid, region) if source == region else [], left_out))
    articles = [ArticleRow(ref.id, *titles.get(ref.id, (None, _title(project, ref.id, manifest))),
                           rows.get(ref.id, []))
                for ref in manifest.artikelen
                if ref.id in titles or (ref.id in dropped and ref.id in project.clauses)]
    counts: dict[str, int] = {}
    for _clause, _lid, source in lid_sources(project, region):
        counts[source] = counts.get(source, 0) + 1
    order = [*chain, SHARED]
    base = project.manifests.get(chain[1]) if len(chain) > 1 else None
    return RegionSources(
        region, manifest.titel, chain, articles, [ref.id for ref in manifest.weglaten],
        dict(sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)),
        len(manifest.own_terms), [t for t in manifest.termen if t not in manifest.own_terms],
        sorted(t for t, v in manifest.own_terms.items() if base is not None and base.termen.get(t) == v),
        [str(p) for p in DataError(problems.items).problems] if problems else [])


def _also(project: Project, clause_id: str, lid: str, region: str) -> list[str]:
    """The other regions the region's own variant of a lid is written for."""
    for unit in project.clauses[clause_id].segments:
        if unit.id == lid and unit.regions and region in unit.regions:
            return sorted(r for r in unit.regions if r != region)
    return []


def _title(project: Project, clause_id: str, manifest: Manifest) -> str:
    """The title of an article left out, with the region's terms filled in."""
    runs = project.clauses[clause_id].title_runs(manifest.chain or [manifest.region]) or []
    return "".join(manifest.termen.get(r.term, r.text) if r.term else r.text for r in runs)
