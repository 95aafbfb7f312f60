"""`convenant uittreding`: the command line, e-mail through a real SMTP server, the register's
checks of withdrawals, and the real covenants' register (dates 'onbekend')."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from email import message_from_bytes, policy

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import uittreding as leave
from generator.commands.register import region_status, sign, vaststellen
from generator.errors import DataError, UsageError
from generator.model.timeline import EARLY
from generator.project import load_project

from .conftest import REPO, Inbox, write_files
from .gitrepo import changed_files, git, init_repo, repo_state
from .test_register_history import ORIGINAL, life_files

D = dt.date


@pytest.fixture
def signed(tmp_path):
    """The five-party project with version v1 signed by all (in force from 2025-02-01)."""
    root = init_repo(write_files(tmp_path / "repo", life_files()))
    vaststellen(root, "noord", "v1", D(2025, 1, 10), today=D(2025, 1, 10))
    for i, party in enumerate(ORIGINAL):
        sign(root, "noord", party, "v1", D(2025, 1, 20) + dt.timedelta(days=3 * i), "Assen")
    return root


def cli(root, *args):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def register_text(root) -> str:
    return (root / "register" / "noord.yaml").read_text(encoding="utf-8")


def test_the_command_line_records_and_prints(signed):
    result = cli(signed, "uittreding", "noord", "politie", "--grond", "23.2", "--date", "2026-05-01",
                 "--ingebrekestelling", "2026-04-01", "--reden", "herhaald niet nagekomen afspraken")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("recorded: politie leaves noord under 23.2 (notice of 2026-05-01); "
                        "a party until 2026-04-30, no longer from 2026-05-01")
    folder = "build/noord/uittreding/politie/mededeling"
    assert lines[1:5] == [f"{folder}/brieven/{p}.pdf" for p in ("stad", "zorg-en-co", "ggd", "dorp")] \
        or sorted(lines[1:7]) == sorted([str(signed / folder / "brieven" / f"{p}.pdf")
                                         for p in ("stad", "zorg-en-co", "ggd", "dorp")]
                                        + [str(signed / folder / "berichten" / f"{p}.eml")
                                           for p in ("zorg-en-co", "ggd")])
    assert lines[-1] == "no e-mail address, send the letter by post (2): stad, dorp"
    assert changed_files(signed) == ["register/noord.yaml"]
    assert git(signed, "log", "-1", "--format=%s").strip() == \
        "uittreding: Politie Eenheid Noord treedt uit noord (uitsluiting door de Stuurgroep, artikel 23.2)"
    assert "  - partij: politie\n    grond: '23.2'\n    ingebrekestelling: 2026-04-01\n" \
           "    datum: 2026-05-01\n    per: 2026-05-01\n    reden: herhaald niet nagekomen afspraken\n" \
           in register_text(signed)
    # The e-mail carries the letter; its text names the exclusion and what survives.
    message = message_from_bytes((signed / folder / "berichten" / "ggd.eml").read_bytes(),
                                 policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "met onmiddellijke ingang uit te sluiten" in body and "omdat herhaald niet nagekomen afspraken" in body
    assert "geheimhouding" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "uittreding-politie.pdf"


def test_refusals_on_the_command_line_are_one_line_and_change_nothing(signed):
    before = repo_state(signed)
    for args, message in [
        (["--grond", "23.1"], "give --grond 21.3|23.1|23.2 and --date DATE"),
        (["--grond", "23.2", "--date", "2026-13-01"], "'2026-13-01' is not a real date"),
        (["--grond", "23.1", "--date", "2026-05-01", "--versie", "v1"],
         "--versie does not belong to a withdrawal under 23.1"),
        (["--grond", "21.3", "--date", "2026-05-01", "--versie", "v1", "--toetreding", "x"],
         "give --versie or --toetreding, not both"),
        (["--grond", "21.3", "--date", "2026-05-01", "--versie", "v1"],
         "version 'v1' took effect on 2025-02-01"),
        (["--grond", "21.3", "--date", "2026-05-01", "--toetreding", "nieuw"],
         "no request to accede by 'nieuw' in noord"),
        (["--verzenden"], "--verzenden needs --smtp HOST:PORT"),
        (["--verzenden", "--smtp", "127.0.0.1:25"], "no withdrawal of 'politie' is recorded in noord"),
    ]:
        result = cli(signed, "uittreding", "noord", "politie", *args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 4  # click: usage, hint, blank, error
    assert repo_state(signed) == before


def test_e_mails_are_sent_recorded_and_the_rest_sent_later(signed, smtp_server):
    refusing = Inbox(refuse={"info@zorg-en-co.example"})
    result = cli(signed, "uittreding", "noord", "politie", "--grond", "23.1", "--date", "2026-05-01",
                 "--smtp", smtp_server(refusing))
    assert result.exit_code == 1
    assert "e-mail to ggd <ggd@ggd.example>: sent" in result.output
    assert ("1 e-mail sent, 1 failed; `convenant uittreding noord politie --verzenden` sends the rest"
            in result.output)
    # Two commits: the withdrawal, then what became of the e-mails, in the register alone.
    assert changed_files(signed) == changed_files(signed, "HEAD~1") == ["register/noord.yaml"]
    assert git(signed, "status", "--porcelain").strip() == ""
    withdrawal = load_project(signed).register("noord").withdrawal("politie")
    assert withdrawal.effective == D(2029, 2, 1)          # v1 in effect 2025-02-01, 4 years
    state = {m.party: m for m in withdrawal.messages}
    assert state["ggd"].sent and state["zorg-en-co"].reason.startswith("550 5.1.1")
    inbox = Inbox()
    again = cli(signed, "uittreding", "noord", "politie", "--verzenden", "--smtp", smtp_server(inbox))
    assert again.exit_code == 0, again.output
    assert [r for r, _ in inbox.received] == [["info@zorg-en-co.example"]]   # ggd not twice
    assert all(m.sent for m in load_project(signed).register("noord").withdrawal("politie").messages)
    assert "uittreding: mededeling politie (noord) per e-mail: 1 verzonden, 0 mislukt" in \
        git(signed, "log", "-1", "--format=%s")


def test_a_bad_smtp_setting_is_refused_before_anything_is_recorded(signed):
    before = repo_state(signed)
    result = cli(signed, "uittreding", "noord", "politie", "--grond", "23.1", "--date", "2026-05-01",
                 "--smtp", "nergens")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert repo_state(signed) == before


WITHDRAWALS = {
    "grond: '24.1'\n    datum: 2026-01-01\n    per: 2026-02-01":
        "'grond' '24.1' is not one of 21.3, 23.1, 23.2",
    "grond: '23.1'\n    datum: 2026-01-01":
        "'per' is missing: the date a withdrawal under 23.1 takes effect",
    "grond: '21.3'\n    datum: 2026-01-01":
        "a withdrawal under 21.3 names either the 'versie' or the 'toetreding' it objects to",
    "grond: '21.3'\n    versie: v9\n    datum: 2026-01-01":
        "version 'v9' is not recorded under 'versies'",
    "grond: '23.2'\n    ingebrekestelling: 2026-02-01\n    datum: 2026-01-01\n    per: 2026-01-01":
        "the ingebrekestelling (2026-02-01) must come before the Stuurgroep's decision (2026-01-01)",
    "grond: '23.1'\n    versie: v1\n    datum: 2026-01-01\n    per: 2026-02-01":
        "'versie' and 'toetreding' belong to a withdrawal under 21.3, not 23.1",
    "grond: '23.1'\n    datum: 2026-01-01\n    per: 2025-12-01":
        "takes effect on 2025-12-01, before the notice or decision (2026-01-01)",
}


@pytest.mark.parametrize("fields", WITHDRAWALS, ids=range(len(WITHDRAWALS)))
def test_a_withdrawal_in_the_register_is_checked_with_file_and_line(signed, fields):
    path = signed / "register" / "noord.yaml"
    text = path.read_text(encoding="utf-8") + f"uittredingen:\n  - partij: politie\n    {fields}\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index("uittredingen:")) + 2
    with pytest.raises(DataError) as caught:
        load_project(signed)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith("register/noord.yaml:") and WITHDRAWALS[fields] in p for p in found), found
    lines = {f"register/noord.yaml:{n}:" for n in range(line, line + fields.count("\n") + 2)}
    assert any(p.split(" ")[0] in lines for p in found), (lines, found)   # a line of the record


def test_a_withdrawal_twice_and_of_an_unknown_party_are_problems(signed):
    path = signed / "register" / "noord.yaml"
    one = "  - partij: {}\n    grond: '23.1'\n    datum: 2026-01-01\n    per: 2029-02-01\n"
    path.write_text(path.read_text(encoding="utf-8") + "uittredingen:\n" + one.format("politie")
                    + one.format("politie") + one.format("stad-x"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(signed)
    text = " | ".join(str(p) for p in caught.value.problems)
    assert "'politie' withdraws twice (also line" in text
    assert "withdrawal of 'stad-x', which is not in 'partijen' of convenants/noord.yaml" in text


# ---------------------------------------------------------------- the real covenants

def test_the_real_register_records_both_covenants_as_in_force_without_inventing_dates():
    project = load_project(REPO)
    zhz, haaglanden = (project.timeline(r) for r in ("zhz", "haaglanden"))
    (one,), (nineteen,) = zhz.versions, haaglanden.versions
    assert (one.name, one.decided, one.in_force) == ("1", None, None)
    assert (nineteen.name, nineteen.decided, nineteen.in_force) == ("2019", None, D(2019, 1, 1))
    assert zhz.effective(one) == EARLY and zhz.in_force(D(2026, 12, 4)) is one
    assert haaglanden.in_force(D(2018, 12, 31)) is None and haaglanden.in_force(D(2019, 1, 1)) is nineteen
    for timeline, version, region in ((zhz, one, "zhz"), (haaglanden, nineteen, "haaglanden")):
        signatures = timeline.signed(version)
        assert sorted(signatures) == sorted(r.id for r in project.manifests[region].partijen)
        assert {(s.date, s.place) for s in signatures.values()} == {(None, "onbekend")}
        assert version.fingerprint == project.register(region).version(version.name).fingerprint
        assert version.source.startswith("Het ") and "noemt geen datum van besluit" in version.source
    # The term: Haaglanden's runs from its fixed date; ZHZ's start is not known.
    term = haaglanden.term(D(2026, 12, 4))
    assert (term.start, term.end, term.next_end) == (D(2019, 1, 1), D(2024, 1, 1), D(2027, 1, 1))
    assert zhz.term(D(2026, 12, 4)) is None
    text = (REPO / "register" / "zhz.yaml").read_text(encoding="utf-8")
    assert "besluit: onbekend" in text and "datum: onbekend" in text and "plaats: onbekend" in text


def test_a_notice_in_zhz_needs_the_end_of_the_term(tmp_path):
    root = init_repo(tmp_path / "repo", REPO)
    git(root, "checkout", "--quiet", "-b", "work")
    (root / "register").mkdir()
    for region in ("zhz", "haaglanden"):
        (root / "register" / f"{region}.yaml").write_bytes((REPO / "register" / f"{region}.yaml").read_bytes())
    git(root, "add", "register")
    git(root, "commit", "--quiet", "-m", "register")
    with pytest.raises(UsageError, match="give --per DATE"):
        leave.uittreding(root, "zhz", "de-waag", "23.1", D(2026, 12, 4), today=D(2026, 12, 4))
    with pytest.raises(UsageError, match="the current term of haaglanden ends on 2027-01-01"):
        leave.uittreding(root, "haaglanden", "jit", "23.1", D(2026, 12, 4), per=D(2028, 1, 1),
                         today=D(2026, 12, 4))
    result = leave.uittreding(root, "zhz", "de-waag", "23.1", D(2026, 12, 4), per=D(2027, 6, 1),
                              today=D(2026, 12, 4))
    assert result.end == D(2027, 6, 1) and len(result.mailing.pdfs) == 30
    report = region_status(root, "zhz", D(2027, 6, 1))
    assert report.leaving == [("de-waag", "treedt uit per 1 juni 2027 (artikel 23.1)")]
    assert len(report.in_force.parties) == 31        # de-waag keeps its signature of version 1


def test_output_cut_off_by_the_reader_is_no_error(tmp_path):
    """`convenant status zhz | head -1`: the reader closes the pipe; the command says nothing
    more and exits with its own status, not "error: Broken pipe; nothing was recorded"."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "status", "zhz", "--root", str(REPO)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_a_signed_party_cannot_be_taken_out_by_hand(signed):
    """The way to leave is `uittreding`: taking a party that signed out of the manifest and the
    registry by hand is a data problem naming the register's line, so history is never lost."""
    from .gitrepo import edit

    edit(signed, "convenants/noord.yaml", "  - politie\n", "")
    (signed / "parties" / "politie.yaml").unlink()
    with pytest.raises(DataError, match=r"register/noord.yaml:\d+: signature of unknown party 'politie'"):
        load_project(signed)
    # The timeline would keep it anyway: a version's parties include everyone who signed it.
    project = load_project(REPO)
    timeline = project.timeline("zhz")
    timeline.parties.remove("de-waag")
    assert "de-waag" in timeline.bound(timeline.versions[0], D(2026, 12, 4))


def test_a_server_that_cannot_be_reached_leaves_the_record_and_says_how_to_send_later(signed):
    from .conftest import free_port

    server = f"127.0.0.1:{free_port()}"
    result = cli(signed, "uittreding", "noord", "politie", "--grond", "23.1", "--date", "2026-05-01",
                 "--smtp", server)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"(the withdrawal was recorded and committed; nothing was sent: run `convenant uittreding "
            f"noord politie --verzenden --smtp {server}` later)") in result.output
    assert changed_files(signed) == ["register/noord.yaml"]
    assert load_project(signed).register("noord").withdrawal("politie").ground == "23.1"


def test_the_renvooi_from_a_real_version_does_not_invent_its_decision_date():
    """diff zhz: OLD is version 1 of the real register, read from this repository's history;
    its decision date is not known, and the renvooi says so instead of printing a date."""
    from generator.commands.diff import make_redline
    from generator.render.redline_html import render_redline_html

    redline = make_redline(REPO, "zhz")
    assert redline.old_label == "1"
    assert redline.old_doc.fingerprint == load_project(REPO).register("zhz").version("1").fingerprint
    html = render_redline_html(redline, "Renvooi")
    assert "<th>Oud</th><td>versie 1, datum van vaststelling niet vastgelegd</td>" in html
    assert "vastgesteld op" not in html.split("<th>Nieuw</th>")[0]


def test_the_overview_of_a_version_signed_on_unknown_dates(tmp_path):
    """pakket on the real register: the signatures without a date or place are shown as
    'onbekend' (it crashed on the missing date)."""
    from generator.commands.pakket import prepare
    from generator.render.overview import render_overview_csv

    root = init_repo(tmp_path / "repo", REPO)
    (root / "register").mkdir()
    (root / "register" / "zhz.yaml").write_bytes((REPO / "register" / "zhz.yaml").read_bytes())
    git(root, "add", "register")
    git(root, "commit", "--quiet", "-m", "register")
    plan = prepare(root, "zhz", "1", party_ids=["dordrecht"], letter_date=D(2026, 12, 4))
    lines = render_overview_csv(plan).splitlines()
    assert lines[1].startswith("1;alblasserdam;Gemeente Alblasserdam;")
    assert ";getekend;onbekend;onbekend;" in lines[1]
    assert plan.rows[0].status == "getekend (datum onbekend)"
