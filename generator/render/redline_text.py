"""A renvooi as plain text (for the terminal): deletions [-so-], insertions {+so+}."""

from __future__ import annotations

from ..proposal import side_description
from ..redline import LITERAL_HEAD, STATUS_WORDS, SYMBOLIC_HEAD, ChunkDiff, Redline, Seg, label_segs

def marked(segs: list[Seg]) -> str:
    """"ten minste [-4 x-] {+zes keer+} per jaar": a deletion and the insertion after it with a
    space between them, as the HTML and the DOCX show them (not "[-4.4-]{+4.5+}" glued)."""
    out = []
    for index, s in enumerate(segs):
        if s.op == "=":
            out.append(s.text)
        elif s.op == "-":
            out.append(f"[-{s.text}-]")
        else:
            space = " " if index and segs[index - 1].op == "-" else ""
            out.append(f"{space}{{+{s.text}+}}")
    return "".join(out)


def summary_line(chunk: ChunkDiff) -> str:
    title = chunk.chunk.title if chunk.kind in ("article", "annex") and chunk.chunk.number else ""
    what = STATUS_WORDS[chunk.status]
    details = chunk.details()
    text = f"{chunk.name} {title}".strip() + f": {what}"
    return text + (f" ({'; '.join(details)})" if details else "")


def references_text(references) -> list[str]:
    """The "Verwijzingen": symbolic references that print another number (a change of the
    text), literal ones whose target moved (to check)."""
    if not references:
        return []
    out = ["", "Verwijzingen"]
    if references.symbolic:
        out.append(f"  {SYMBOLIC_HEAD}")
        out += [f"    {c.lead} {marked(label_segs(c.old, c.new))}" for c in references.symbolic]
    if references.literal:
        out.append(f"  {LITERAL_HEAD}")
        out += [f"    {move.dutch}" for move in references.literal]
    return out


def render_redline_text(redline: Redline) -> str:
    old, new = redline.old_doc, redline.new_doc
    out = [f"Renvooi {new.title} ({redline.region})",
           f"Oud:   {side_description(redline.old_label, redline.old_meta)}; "
           f"vingerafdruk {old.fingerprint[:12]}",
           f"Nieuw: {side_description(redline.new_label, redline.new_meta)}; "
           f"vingerafdruk {new.fingerprint[:12]}", "", "Gevolg"]
    out += [f"  {p}" for p in redline.consequence()]
    out += ["", "Samenvatting"]
    out += [f"  {summary_line(c)}" for c in redline.changed()] or ["  Geen tekstwijzigingen."]
    unchanged = redline.unchanged_summary()
    if unchanged:
        out.append(f"  Ongewijzigd: {unchanged}")
    out += references_text(redline.references)
    if redline.registry:
        out += ["", "Partijenregister (geen wijziging van de tekst)"]
        out += [f"  - {change}" for change in redline.registry]
    for chunk in redline.changed():
        out += ["", marked(chunk.heading)]
        if chunk.status == "renumbered":
            out.append("  (tekst ongewijzigd; alleen de nummering is aangepast)")
            continue
        for unit in chunk.units:
            for k, line in enumerate(unit.lines):
                prefix = []
                if k == 0 and (unit.old_label or unit.new_label):
                    prefix.append(marked(label_segs(unit.old_label, unit.new_label)))
                if line.old_label or line.new_label:
                    prefix.append(marked(label_segs(line.old_label, line.new_label)))
                indent = "  " * (line.depth + 1)
                out.append(indent + " ".join(prefix + [marked(line.segs)]))
    return "\n".join(out) + "\n"
