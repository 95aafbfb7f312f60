"""README.md documents every command and every option (like sqlite-utils' test_docs.py).

The click group is walked, subcommands included: each command has a section in the README
(a heading naming `convenant COMMAND ...`), and each of its options appears in that section;
--root, which every command has, is explained once before the sections, and so are the
group's own options (`convenant --version`).
"""

from __future__ import annotations

import re

import click
import pytest

from generator.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
EVERYWHERE = {"--root"}
"""Options every command has, described once for all."""


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from commands(command, prefix + (name,))


def options(command: click.Command) -> list[str]:
    return [opt for param in command.params if isinstance(param, click.Option) and not param.hidden
            for opt in param.opts if opt.startswith("--")]


def section(path: tuple[str, ...]) -> str | None:
    """The README's text under the heading that names `convenant PATH`, up to the next heading
    of the same or a higher level."""
    heading = re.compile(rf"^(#+) .*`convenant {' '.join(path)}[ `]", re.M)
    found = heading.search(README)
    if found is None:
        return None
    level = len(found.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(README, found.end())
    return README[found.start():end.start() if end else len(README)]


LEAVES = [(path, command) for path, command in commands(main) if not isinstance(command, click.Group)]


@pytest.mark.parametrize("path,command", LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_command_has_a_section_naming_each_option(path, command):
    text = section(path)
    assert text is not None, f"README.md has no heading naming `convenant {' '.join(path)}`"
    missing = [opt for opt in options(command) if opt not in EVERYWHERE and opt not in text]
    assert not missing, f"`convenant {' '.join(path)}`: {missing} not in its README section"


def test_every_group_and_shared_option_is_in_the_readme():
    groups = [" ".join(path) for path, command in commands(main) if isinstance(command, click.Group)]
    assert groups and all(f"convenant {group} " in README for group in groups)
    assert all(opt in README for opt in EVERYWHERE)
    assert "CONVENANT_ROOT" in README
    assert options(main) and all(f"convenant {opt}" in README for opt in options(main))


def test_the_walk_finds_every_command():
    names = {" ".join(path) for path, _ in commands(main)}
    assert {"build", "pakket", "toetreding", "toetreding besluit", "lint"} <= names
    assert all(options(command) == ["--root"] for path, command in LEAVES
               if path in {("regions",), ("versions",)})
