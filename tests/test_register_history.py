"""The register as history: a covenant's life of ten steps on a real git repository.

Version 1 signed by all; a new representative; amendment 2 decided; half the parties sign; a
party leaves under 21.3; an organisation accedes while 2 is pending; the rest sign; 2 takes
effect; a party is excluded under 23.2; the register asked about five dates. After every step
`status`, `versions`, `build --op` and `diff` are checked against the table written out here by
hand, and the history only grows: no commit is ever amended or removed.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from click.testing import CliRunner

from generator import console
from generator.cli import main
from generator.commands.build import build, version_of
from generator.commands.diff import make_redline
from generator.commands.pakket import prepare
from generator.commands.register import region_status, sign, status, vaststellen, versions
from generator.commands import toetreding, uittreding as leave
from generator.errors import UsageError
from generator.project import load_project

from .conftest import FORM, ORG, accession_files, flat, pdf_texts, write_files
from .gitrepo import changed_files, commit_all, edit, git, init_repo, repo_state

D = dt.date

DUUR = """\
---
titel: Duur, opzegging, beëindiging
---

## looptijd

Dit Convenant treedt in werking op de dag van ondertekening door Partijen en wordt aangegaan voor een periode van 4 jaar.

## uitsluiting

De Stuurgroep kan, na ingebrekestelling, een Partij met onmiddellijke ingang uitsluiten.

## nawerking

Verplichtingen die naar hun aard zijn bestemd om ook na beëindiging voort te duren, blijven bestaan. Tot deze verplichtingen behoren onder meer die ter zake van geheimhouding.
"""
GEHEIMHOUDING = """\
---
titel: Geheimhouding
---

Partijen zijn verplicht tot geheimhouding van de informatie die zij ontvangen.
"""


def party(name: str, soort: str = "organisatie") -> str:
    return textwrap.dedent(f"""\
        naam: {name}
        soort: {soort}
        adres: Markt 1, 9401 AA Assen
        deelname:
          noord:
        """)


def life_files() -> dict[str, str]:
    """The small project of the accession tests, five parties, articles on duration and secrecy."""
    files = accession_files()
    files["convenants/noord.yaml"] = files["convenants/noord.yaml"].replace(
        "  - ggd\n", "  - ggd\n  - dorp\n  - politie\n", 1).replace(
        "  - wijzigingen\n", "  - wijzigingen\n  - geheimhouding\n  - duur\n", 1)
    files["clauses/artikelen/duur.md"] = DUUR
    files["clauses/artikelen/geheimhouding.md"] = GEHEIMHOUDING
    files["parties/dorp.yaml"] = party("Dorp", "gemeente")
    files["parties/politie.yaml"] = party("Politie Eenheid Noord")
    return files


ORIGINAL = ["stad", "zorg-en-co", "ggd", "dorp", "politie"]


class Life:
    """The repository, the commits so far (which must only grow) and the checks of a step."""

    def __init__(self, root):
        self.root = root
        self.commits = self.history()

    def history(self) -> list[str]:
        return git(self.root, "rev-list", "--reverse", "HEAD").split()

    def grew(self, by: int) -> None:
        """The history is the old one plus ``by`` new commits: nothing amended or removed."""
        now = self.history()
        assert now[:len(self.commits)] == self.commits and len(now) == len(self.commits) + by
        self.commits = now

    def check(self, day, in_force, pending, leaving, members, registry):
        """status, versions, build --op and diff against what the table says for ``day``.

        in_force: (name, signed, bound) or None; pending: [(name, signed, bound)];
        leaving: {party: phrase}; members: the parties of build --op day (None: nothing in
        force); registry: the party registry lines of diff v1..werkversie (as of ``day``)."""
        report = region_status(self.root, "noord", day)
        counted = lambda s: (s.version.name, len(s.parties) - len(s.outstanding), len(s.parties))
        assert (counted(report.in_force) if report.in_force else None) == in_force, day
        assert [counted(p) for p in report.pending] == pending, day
        assert dict(report.leaving) == leaving, day
        rows = {r.version.name: (r.signed, r.parties) for r in versions(self.root, "noord", day).rows}
        for name, signed, bound in ([in_force] if in_force else []) + pending:
            assert rows[name] == (signed, bound), (day, name)
        project = load_project(self.root)
        if members is None:
            with pytest.raises(UsageError, match=f"no version of noord was in force on {day}"):
                build(self.root, ["noord"], ["html"], day=day)
        else:
            doc = version_of(self.root, project, "noord", day, None)
            assert doc.party_ids == members, day
            assert doc.version == in_force[0] and doc.fingerprint == \
                project.register("noord").version(in_force[0]).fingerprint
            (html,) = build(self.root, ["noord"], ["html"], day=day)   # what build --op writes
            assert html == self.root / "build" / "noord" / f"op-{day}" / "convenant.html"
            assert f"Versie {in_force[0]} · vingerafdruk {doc.fingerprint[:12]}" in html.read_text("utf-8")
        redline = make_redline(self.root, "noord", "v1", None)
        assert redline.registry == registry, day


@pytest.fixture(scope="module")
def life(tmp_path_factory):
    root = init_repo(write_files(tmp_path_factory.mktemp("life") / "repo", life_files()))
    return Life(root)


def test_1_version_1_signed_by_all(life):
    vaststellen(life.root, "noord", "v1", D(2025, 1, 10), today=D(2025, 1, 10))
    for i, p in enumerate(ORIGINAL):
        sign(life.root, "noord", p, "v1", D(2025, 1, 20) + dt.timedelta(days=3 * i), "Assen")
    life.grew(1 + 5)
    # Before the last signature, v1 was pending (4 of 5); from it on, in force.
    life.check(D(2025, 1, 31), None, [("v1", 4, 5)], {}, None, [])
    life.check(D(2025, 2, 1), ("v1", 5, 5), [], {}, ORIGINAL, [])
    assert status(life.root, "noord", "v1", D(2025, 2, 1)).effective == D(2025, 2, 1)


def test_2_a_new_representative_is_no_amendment(life):
    edit(life.root, "parties/stad.yaml", "naam: A. Burger", "naam: B. Nieuwe")
    commit_all(life.root, "Stad: nieuwe burgemeester")
    life.grew(1)
    life.check(D(2025, 6, 1), ("v1", 5, 5), [], {}, ORIGINAL,
               ["Gemeente Stad: vertegenwoordiger de heer A. Burger, burgemeester → "
                "de heer B. Nieuwe, burgemeester"])


REP = "Gemeente Stad: vertegenwoordiger de heer A. Burger, burgemeester → de heer B. Nieuwe, burgemeester"


def test_3_amendment_2_decided(life):
    edit(life.root, "clauses/artikelen/overleg.md", "heeft de taken", "heeft alle taken")
    commit_all(life.root, "Art. 2: alle taken")
    vaststellen(life.root, "noord", "v2", D(2026, 1, 15), today=D(2026, 1, 15))
    life.grew(2)
    life.check(D(2026, 1, 15), ("v1", 5, 5), [("v2", 0, 5)], {}, ORIGINAL, [REP])


def test_4_half_the_parties_sign(life):
    sign(life.root, "noord", "stad", "v2", D(2026, 1, 20), "Assen")
    sign(life.root, "noord", "dorp", "v2", D(2026, 1, 22), "Dorp")
    life.grew(2)
    life.check(D(2026, 1, 22), ("v1", 5, 5), [("v2", 2, 5)], {}, ORIGINAL, [REP])


LEAVES_21 = "treedt uit bij de inwerkingtreding van versie v2 (artikel 21.3)"


def test_5_a_party_leaves_under_21_3(life):
    with pytest.raises(UsageError, match="stad signed version 'v2' on 2026-01-20: it accepted"):
        leave.uittreding(life.root, "noord", "stad", "21.3", D(2026, 1, 25), today=D(2026, 1, 25))
    result = leave.uittreding(life.root, "noord", "politie", "21.3", D(2026, 1, 25),
                              reason="de nieuwe taakverdeling", today=D(2026, 1, 25))
    life.grew(1)
    assert changed_files(life.root) == ["register/noord.yaml"]
    assert result.withdrawal.version == "v2" and result.end is None
    # Every other party gets a letter; the one by post is listed as such.
    assert sorted(result.mailing.pdfs) == ["dorp", "ggd", "stad", "zorg-en-co"]
    letter = flat(" ".join(pdf_texts(result.mailing.pdfs["stad"])))
    assert "Politie Eenheid Noord heeft op 25 januari 2026 schriftelijk laten weten" in letter
    assert "Artikel 5.3 van het convenant luidt" in letter and "geheimhouding (artikel 4)" in letter
    assert "Tot deze verplichtingen behoren onder meer die ter zake van geheimhouding" in letter
    # Politie is no longer bound by v2 (2 of 4), still a party until v2 takes effect.
    life.check(D(2026, 1, 25), ("v1", 5, 5), [("v2", 2, 4)], {"politie": LEAVES_21}, ORIGINAL,
               [f"Politie Eenheid Noord: {LEAVES_21}", REP])
    with pytest.raises(UsageError, match="politie already leaves noord under 21.3"):
        leave.uittreding(life.root, "noord", "politie", "23.1", D(2026, 1, 26), today=D(2026, 1, 26))


def test_6_an_organisation_accedes_while_2_is_pending(life, tmp_path):
    form = tmp_path / "form.yaml"
    form.write_text(FORM, encoding="utf-8")
    toetreding.aanvraag(life.root, "noord", form, "stad", D(2026, 2, 1), today=D(2026, 2, 1))
    for p in ORIGINAL:
        toetreding.akkoord(life.root, "noord", ORG, p, D(2026, 2, 10))
    result = toetreding.besluit(life.root, "noord", ORG, D(2026, 2, 20), place="Assen",
                                chair="mevrouw A. Voorzitter")
    life.grew(1 + 5 + 1)
    assert result.pending == ["v2"]
    assert f"{ORG} signs pending version v2 too: `convenant pakket noord --version v2 --party {ORG}`" \
        in console.accession_decision("noord", result).lines
    register = load_project(life.root).register("noord")
    acceded = register.signed("v1")[ORG]
    assert acceded.accession and acceded.decided == D(2026, 2, 20)   # under the version in force
    # v1 counts the Bijlage 1 (6 of 6); v2 now waits also for the new party (2 of 5).
    life.check(D(2026, 2, 20), ("v1", 6, 6), [("v2", 2, 5)], {"politie": LEAVES_21},
               ORIGINAL + [ORG],
               [f"{NAME_ORG}: toegevoegd als Partij", f"Politie Eenheid Noord: {LEAVES_21}", REP])
    assert status(life.root, "noord", "v2", D(2026, 2, 20)).outstanding == ["zorg-en-co", "ggd", ORG]
    # The signature packages of v2 go to the new party too, and not to politie.
    plan = prepare(life.root, "noord", "v2", letter_date=D(2026, 2, 21))
    assert [row.party.id for row in plan.rows] == ["stad", "zorg-en-co", "ggd", "dorp", ORG]
    assert [row.party.id for row in plan.selected] == ["zorg-en-co", "ggd", ORG]
    before = repo_state(life.root)
    with pytest.raises(UsageError, match="politie withdrew from version 'v2' under 21.3"):
        sign(life.root, "noord", "politie", "v2", D(2026, 2, 21), "Assen")
    with pytest.raises(UsageError, match=f"{ORG} acceded to noord on 2026-02-20, after 2026-02-19"):
        sign(life.root, "noord", ORG, "v2", D(2026, 2, 19), "Assen")
    assert repo_state(life.root) == before


NAME_ORG = 'Stichting Ça & Zo <Nieuw> "Het Anker"'


def test_7_and_8_the_rest_sign_and_2_takes_effect(life):
    sign(life.root, "noord", "zorg-en-co", "v2", D(2026, 3, 1), "Assen")
    sign(life.root, "noord", "ggd", "v2", D(2026, 3, 2), "Assen")
    life.grew(2)
    life.check(D(2026, 3, 2), ("v1", 6, 6), [("v2", 4, 5)], {"politie": LEAVES_21},
               ORIGINAL + [ORG],
               [f"{NAME_ORG}: toegevoegd als Partij", f"Politie Eenheid Noord: {LEAVES_21}", REP])
    sign(life.root, "noord", ORG, "v2", D(2026, 3, 5), "Assen")
    life.grew(1)
    left = "treedt uit per 5 maart 2026 (artikel 21.3)"
    members = ["stad", "zorg-en-co", "ggd", "dorp", ORG]
    life.check(D(2026, 3, 5), ("v2", 5, 5), [], {"politie": left}, members,
               [f"{NAME_ORG}: toegevoegd als Partij", f"Politie Eenheid Noord: {left}", REP])
    assert status(life.root, "noord", "v2", D(2026, 3, 5)).effective == D(2026, 3, 5)
    # The day before, v1 was in force with politie and the new party.
    doc = version_of(life.root, load_project(life.root), "noord", D(2026, 3, 4), None)
    assert doc.version == "v1" and doc.party_ids == ORIGINAL + [ORG]
    # Politie keeps its place in v1: its signature and the count.
    assert status(life.root, "noord", "v1", D(2026, 3, 5)).parties[4].signature.date == D(2025, 2, 1)


def test_9_a_party_is_excluded_under_23_2(life):
    with pytest.raises(UsageError, match="needs --ingebrekestelling"):
        leave.uittreding(life.root, "noord", "ggd", "23.2", D(2026, 5, 1), today=D(2026, 5, 1))
    result = leave.uittreding(life.root, "noord", "ggd", "23.2", D(2026, 5, 1),
                              notice=D(2026, 4, 1), today=D(2026, 5, 1))
    life.grew(1)
    assert result.end == D(2026, 5, 1)
    with pytest.raises(UsageError, match=r"ggd is no party of noord since 2026-05-01 \(artikel 23.2\)"):
        sign(life.root, "noord", "ggd", "v2", D(2026, 5, 2), "Assen")
    letter = flat(" ".join(pdf_texts(result.mailing.pdfs["stad"])))
    assert "na ingebrekestelling op 1 april 2026" in letter and "met onmiddellijke ingang" in letter
    left = {"politie": "treedt uit per 5 maart 2026 (artikel 21.3)",
            "ggd": "treedt uit per 1 mei 2026 (artikel 23.2)"}
    life.check(D(2026, 5, 1), ("v2", 5, 5), [], left, ["stad", "zorg-en-co", "dorp", ORG],
               [f"{NAME_ORG}: toegevoegd als Partij", f"{GGD_NAME}: {left['ggd']}",
                f"Politie Eenheid Noord: {left['politie']}", REP])


GGD_NAME = "GGD Één & Co <Regio>"


def test_10_status_on_five_dates(life):
    """The whole history asked about afterwards: each day as the register stood then."""
    table = {  # day: (in force, pending, leaving)
        D(2025, 1, 25): (None, [("v1", 2, 5)], {}),
        D(2025, 2, 1): (("v1", 5, 5), [], {}),
        D(2026, 1, 25): (("v1", 5, 5), [("v2", 2, 4)], {"politie": LEAVES_21}),
        D(2026, 3, 4): (("v1", 6, 6), [("v2", 4, 5)], {"politie": LEAVES_21}),
        D(2026, 6, 1): (("v2", 5, 5), [], {"politie": "treedt uit per 5 maart 2026 (artikel 21.3)",
                                           "ggd": "treedt uit per 1 mei 2026 (artikel 23.2)"}),
    }
    counted = lambda s: (s.version.name, len(s.parties) - len(s.outstanding), len(s.parties))
    for day, (in_force, pending, leaving) in table.items():
        report = region_status(life.root, "noord", day)
        assert (counted(report.in_force) if report.in_force else None) == in_force, day
        assert [counted(p) for p in report.pending] == pending, day
        assert dict(report.leaving) == leaving, day
    result = CliRunner().invoke(main, ["status", "noord", "--op", "2026-03-04", "--root", str(life.root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("noord on 2026-03-04: in force: version v1; pending: version "
                                    "v2 (4 of 5 signed).\n")
    assert "politie: treedt uit bij de inwerkingtreding van versie v2 (artikel 21.3)" in result.output
    result = CliRunner().invoke(main, ["versions", "noord", "--root", str(life.root)])
    assert "signed 6/6  superseded" in result.output and "signed 5/5  in force (in effect from 2026-03-05)" in result.output


def test_build_op_and_version_write_their_own_folders(life):
    written = build(life.root, ["noord"], ["html"], day=D(2026, 3, 4))
    assert [p.relative_to(life.root).as_posix() for p in written] == ["build/noord/op-2026-03-04/convenant.html"]
    html = written[0].read_text(encoding="utf-8")
    assert "Politie Eenheid Noord" in html and "heeft de taken" in html   # v1's text
    written = build(life.root, ["noord"], ["html"], version="v2")
    html = written[0].read_text(encoding="utf-8")
    assert "heeft alle taken" in html and "Politie Eenheid Noord" not in html
    with pytest.raises(UsageError, match="no version of noord was in force on 2025-01-01"):
        build(life.root, ["noord"], ["html"], day=D(2025, 1, 1))


def test_refused_withdrawals_change_nothing(life):
    before = repo_state(life.root)
    cases = [
        (("stad", "24.1", D(2026, 6, 1)), {}, "--grond '24.1'"),
        (("onbekend", "23.1", D(2026, 6, 1)), {}, "'onbekend' is not a party of noord"),
        (("stad", "23.1", D(2030, 6, 1)), {}, "in the future"),
        (("stad", "23.2", D(2026, 6, 1)), {"notice": D(2026, 6, 2)}, "must come before"),
        (("stad", "23.1", D(2026, 6, 1)), {"notice": D(2026, 5, 1)}, "--ingebrekestelling does not belong"),
        (("stad", "21.3", D(2026, 6, 1)), {}, "no amendment of noord is pending"),
        (("stad", "23.1", D(2026, 6, 1)), {"per": D(2027, 1, 1)}, "ends on 2030-03-05"),
    ]
    for args, options, message in cases:
        with pytest.raises(UsageError, match=message):
            leave.uittreding(life.root, "noord", *args, today=D(2026, 11, 1), **options)
    assert repo_state(life.root) == before
    result = CliRunner().invoke(main, ["uittreding", "noord", "stad", "--grond", "23.1", "--root",
                                       str(life.root)])
    assert result.exit_code == 2 and "give --grond 21.3|23.1|23.2 and --date DATE" in result.output


def test_notice_under_23_1_ends_with_the_term(life):
    result = leave.uittreding(life.root, "noord", "dorp", "23.1", D(2026, 11, 1), today=D(2026, 11, 1))
    life.grew(1)
    assert result.end == D(2030, 3, 5)     # v2 in effect from 2026-03-05, a term of 4 years
    text = git(life.root, "show", "HEAD:register/noord.yaml")
    assert "  - partij: dorp\n    grond: '23.1'\n    datum: 2026-11-01\n    per: 2030-03-05\n" in text
    leaving = dict(region_status(life.root, "noord", D(2030, 3, 5)).leaving)
    assert leaving["dorp"] == "treedt uit per 5 maart 2030 (artikel 23.1)"
    project = load_project(life.root)
    assert "dorp" in version_of(life.root, project, "noord", D(2030, 3, 4), None).party_ids
    assert "dorp" not in version_of(life.root, project, "noord", D(2030, 3, 5), None).party_ids


def test_after_the_exclusion_a_new_request_is_not_sent_to_the_parties_that_left(life, tmp_path):
    """Runs after test_9: politie and ggd are no parties now; a request goes to the others,
    and only they are asked."""
    form = tmp_path / "form.yaml"
    form.write_text(FORM.replace(f"naam: '{NAME_ORG}'", "naam: 'Stichting Later'"), encoding="utf-8")
    with pytest.raises(UsageError, match="ggd is no party of noord since 2026-05-01: an organisation "
                                         "applies through a party"):
        toetreding.aanvraag(life.root, "noord", form, "ggd", D(2026, 6, 1), today=D(2026, 6, 1))
    result = toetreding.aanvraag(life.root, "noord", form, "stad", D(2026, 6, 1), today=D(2026, 6, 1))
    life.grew(1)
    assert sorted(result.mailing.pdfs) == sorted(["stad", "zorg-en-co", "dorp", ORG])
    before = repo_state(life.root)
    with pytest.raises(UsageError, match="ggd is not asked about this request: it was no party of "
                                         "noord on 2026-06-01"):
        toetreding.akkoord(life.root, "noord", "stichting-later", "ggd", D(2026, 6, 2))
    assert repo_state(life.root) == before
    waiting = toetreding.status(life.root, "noord", "stichting-later")[0].waiting
    assert waiting == ["stad", "zorg-en-co", "dorp", ORG]
