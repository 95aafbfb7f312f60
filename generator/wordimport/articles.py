"""New articles typed in Word: a new ``Heading 1`` after an article, and the paragraphs under it.

Each becomes a clause file of its own (``clauses/artikelen/<fresh id>.md``: the heading's text
as its ``titel``, each paragraph a lid ``## <fresh id>``, a list item an item of the lid
before it), listed in the region's manifest after the article it follows. Other regions do not
get it: their manifests are theirs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from .clausefile import ClauseText
from .plan import HEADING, Insertion, Marked



@dataclass
class NewArticle:
    after: Marked
    """The last paragraph before it: the new article follows that paragraph's article."""
    title: str
    paragraphs: list[Insertion] = field(default_factory=list)


def split_new_articles(insertions: list[Insertion]) -> tuple[list[Insertion], list[NewArticle]]:
    """The insertions that stay in existing text, and the new articles (a ``Heading 1``
    insertion and the insertions after it, up to the next heading)."""
    kept: list[Insertion] = []
    articles: list[NewArticle] = []
    current: dict[str, NewArticle] = {}
    for insertion in sorted(insertions, key=lambda i: i.order):
        anchor = insertion.after.name
        if insertion.heading:
            title = HEADING.sub("", "".join(run.text for run in insertion.runs)).strip()
            current[anchor] = NewArticle(insertion.after, title)
            articles.append(current[anchor])
        elif anchor in current:
            current[anchor].paragraphs.append(insertion)
        else:
            kept.append(insertion)
    return kept, articles


def article_text(article: NewArticle, source) -> str:
    """The clause file of a new article; ``source(runs)`` writes a paragraph's Markdown."""
    if not article.title:
        raise UsageError(_("{where}: a new article needs a title after 'Artikel'").format(
            where=article.after.where))
    lines = ["---", f"titel: {_yaml_text(article.title)}", "---"]
    ids = ClauseText("")
    taken: set[str] = set()
    for paragraph in article.paragraphs:
        text = source(paragraph.runs)
        if paragraph.as_item and len(lines) > 3:
            lines.append(f"- {text}")
            continue
        fresh = ids.fresh_id(text, taken)
        taken.add(fresh)
        lines += ["", f"## {fresh}", "", text]
    return "\n".join(lines) + "\n"


def _yaml_text(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly it."""
    if re.fullmatch(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,()\-'’/]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_id(title: str, taken: set[str]) -> str:
    return ClauseText("").fresh_id(title, taken)


def with_article(manifest: str, path: Path, after: str, new: str) -> str:
    """The manifest's text with ``- new`` in 'artikelen' after ``- after``."""
    lines = manifest.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == f"- {after}" and line.startswith((" ", "-")):
            lines.insert(index + 1, line[:line.index("-")] + f"- {new}")
            return "\n".join(lines)
    raise UsageError(_("{path}: no line '- {after}' in 'artikelen' to add the new article "
                       "after: write 'artikelen' as a list of lines").format(path=path,
                                                                            after=after))


def retitled(lines: list[str], line: int, region: str, title: str, others: list[str],
             shared: bool) -> tuple[int, int, list[str]]:
    """The edit of a clause file's ``titel`` (at 1-based ``line``) giving ``region`` the title
    ``title``: (start, end, new lines). A title every region shares becomes one per region
    (``titel:`` with ``  zhz: ...`` and the old title for each of ``others``), unless
    ``shared``; a title per region gets this region's line."""
    start = line - 1
    head = lines[start]
    value = head[len("titel:"):].strip()
    if value and value not in ("|", ">"):
        if shared or not others:
            return start, start + 1, [f"titel: {_yaml_text(title)}"]
        return start, start + 1, ["titel:", f"  {region}: {_yaml_text(title)}",
                                  *(f"  {other}: {value}" for other in sorted(others))]
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")) and lines[end].strip():
        end += 1
    body = lines[start + 1:end]
    for index, entry in enumerate(body):
        if entry.strip().split(":", 1)[0] == region:
            indent = entry[:len(entry) - len(entry.lstrip())]
            body[index] = f"{indent}{region}: {_yaml_text(title)}"
            return start, end, [head, *body]
    return start, end, [head, f"  {region}: {_yaml_text(title)}", *body]


def without_articles(manifest: str, ids: list[str], path: Path) -> str:
    """The manifest's text without the lines ``- id`` of ``ids`` in 'artikelen'."""
    lines = manifest.split("\n")
    for article in ids:
        found = [n for n, line in enumerate(lines)
                 if line.strip() == f"- {article}" and line.startswith((" ", "-"))]
        if not found:
            raise UsageError(_("{path}: no line '- {after}' in 'artikelen' to take the deleted "
                               "article out of: write 'artikelen' as a list of lines").format(
                path=path, after=article))
        del lines[found[0]]
    return "\n".join(lines)
