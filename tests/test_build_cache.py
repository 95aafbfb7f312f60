"""Incremental builds (issue 20): `build` makes an output again only when what it is made of
changed (generator/commands/cache.py); `--force` makes everything again. Real builds of the
tiny project (HTML: fast) in a temporary folder."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main
from generator.commands import cache

UP_TO_DATE = "Every output is up to date: nothing written (--force makes them again).\n"


def build(root, *args: str):
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html", *args,
                                       "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def stamps(root) -> dict[str, int]:
    """Each output's modification time (ns): a file written again gets a new one."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns
            for p in sorted((root / "build").rglob("convenant.*"))}


def test_a_second_build_writes_nothing(tiny):
    first = build(tiny)
    assert first.count("convenant.html") == 2
    before = stamps(tiny)
    assert build(tiny) == UP_TO_DATE
    assert stamps(tiny) == before


def test_only_the_region_whose_text_changed_is_made_again(tiny):
    build(tiny)
    before = stamps(tiny)
    manifest = tiny / "convenants/zuid.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "titel: ", "titel: Nieuw ", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html", "--root", str(tiny)])
    assert result.stdout.strip().splitlines() == [str(tiny / "build/zuid/convenant.html")]
    assert result.stderr.strip().splitlines() == ["rendering zuid html ..."]  # noord is not
    after = stamps(tiny)
    assert after["build/noord/convenant.html"] == before["build/noord/convenant.html"]
    assert after["build/zuid/convenant.html"] != before["build/zuid/convenant.html"]
    assert "Nieuw" in (tiny / "build/zuid/convenant.html").read_text(encoding="utf-8")


def test_an_output_changed_by_hand_is_made_again(tiny):
    build(tiny)
    page = tiny / "build/noord/convenant.html"
    made = page.read_text(encoding="utf-8")
    page.write_text(made.replace("<body", "<body data-hand", 1), encoding="utf-8")
    assert build(tiny).strip() == str(page)
    assert page.read_text(encoding="utf-8") == made
    (tiny / "build/zuid/convenant.html").unlink()
    assert build(tiny).strip() == str(tiny / "build/zuid/convenant.html")


def test_other_code_or_options_make_it_again(tiny, monkeypatch):
    build(tiny)
    monkeypatch.setattr(cache, "code_version", lambda: "a newer version of the program")
    assert build(tiny).count("convenant.html") == 2
    assert build(tiny) == UP_TO_DATE
    assert build(tiny, "--force").count("convenant.html") == 2


def test_a_broken_data_file_is_reported_whatever_was_built(tiny):
    build(tiny)
    party = tiny / "parties/stad.yaml"
    party.write_text(party.read_text(encoding="utf-8").replace("naam: Stad", "naam: 12"),
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html", "--root", str(tiny)])
    assert result.exit_code == 1
    assert "parties/stad.yaml:1: 'naam' must be text" in result.output


def test_the_keys_do_not_depend_on_the_order_of_sets(tiny):
    """stable(): sets and dicts in a fixed order, so a key is the same in every process."""
    assert cache.stable({"b": frozenset({"y", "x"}), "a": [1, None]}) == \
        cache.stable({"a": [1, None], "b": frozenset({"x", "y"})})


def test_a_link_put_into_the_data_after_a_build_is_still_refused(tiny, tmp_path):
    build(tiny)
    secret = tmp_path / "geheim.yaml"
    secret.write_text("naam: Geheim\n", encoding="utf-8")
    (tiny / "parties" / "geheim.yaml").symlink_to(secret)
    result = CliRunner().invoke(main, ["build", "--all", "--format", "html", "--root", str(tiny)])
    assert result.exit_code == 1
    assert "parties/geheim.yaml: is a symbolic link" in result.output
