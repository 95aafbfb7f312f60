"""What `convenant import` prints (generator.console holds the other commands' printed forms)."""

from __future__ import annotations

from .console import Output
from .i18n import _, ngettext


def import_result(result) -> Output:
    """What `import` changed, what it kept as text, and what to do next."""
    ignored = [_("  ignored (only bold, italic and lists are kept): {formatting}").format(
        formatting=result.ignored)] if result.ignored else []
    if not (result.files or result.comments):
        return Output([_("{docx}: no change to the text of {region}; nothing written.").format(
            docx=result.docx, region=result.region), *ignored])
    lines = [_("{region}: {changed} changed, {inserted} inserted, {deleted} deleted "
               "(paragraphs and list items)").format(
        region=result.region, changed=result.changed, inserted=result.inserted,
        deleted=result.deleted)]
    lines += [_("  written: {path}").format(path=path) for path in result.files]
    lines += [_("  {where}: a variant for {region} only; the other regions keep the shared "
                "text").format(where=where, region=result.region) for where in result.variants]
    lines += [_("  new article {id}: clauses/artikelen/{id}.md, listed in the manifest of "
                "{region} only").format(id=article, region=result.region)
              for article in result.articles]
    lines += [_("  article {id} deleted: taken out of the manifest of {region} (its clause file "
                "stays for the other regions)").format(id=article, region=result.region)
              for article in result.removed]
    lines += [_("  {lid}: left out for {region} only ('weglaten' in its manifest); the other "
                "regions keep it").format(lid=lid, region=result.region) for lid in result.left_out]
    lines += [_("  {where}: {placeholder} printed text that was edited; it is now plain text")
              .format(where=where, placeholder=placeholder)
              for where, placeholder in result.literal]
    if result.review is not None:
        lines.append(ngettext("  {n} comment: {path}", "  {n} comments: {path}",
                              result.comments).format(n=result.comments, path=result.review))
    lines += ignored
    if result.files:
        lines.append(_("Nothing committed: see the change with `git diff` or `convenant diff "
                       "{region}`, then commit it with the amendment's toelichting.").format(
            region=result.region))
    return Output(lines)
