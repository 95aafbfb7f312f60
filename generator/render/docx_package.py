"""The DOCX package around the text: document properties and reproducible bytes.

python-docx starts from its own template, whose package carries the template's history: core
properties of 2013, "Microsoft Macintosh Word" as the application, and a stock thumbnail of an
empty page. Every DOCX this project writes replaces them (``set_properties``) and is saved by
``package_bytes``: without the thumbnail, with an extended-properties part that names this
generator, and with every zip entry dated the document's date, so that the same document on
the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT

APPLICATION = "convenant"
"""The application named in docProps/app.xml."""
APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>{app}</Application><DocSecurity>0</DocSecurity>'
           "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold."""


def build_day(value=None) -> dt.datetime:
    """The document's date as midnight UTC: ``value`` (a date or datetime) when given, else the
    day of SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            value = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        else:
            value = dt.datetime.now(dt.timezone.utc)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day)


def set_properties(document, *, title: str, subject: str, author: str, day=None) -> None:
    """Core properties of the document: its title, subject and author (the secretariaat), and
    created/modified set to ``day`` (build_day); nothing left from the template."""
    props = document.core_properties
    when = build_day(day)
    props.title, props.subject, props.author = title, subject, author
    props.last_modified_by = author
    props.created = props.modified = when
    props.revision = 1
    props.comments = props.keywords = props.category = ""


def _drop_thumbnail(document) -> None:
    """Remove the template's stock thumbnail: its relationship, so the part is not saved."""
    rels = document.part.package.rels
    for rel_id in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rel_id]


def _zip_date(document) -> tuple:
    modified = document.core_properties.modified
    if modified is None or modified.year < 1980:
        return ZIP_EPOCH
    return (modified.year, modified.month, modified.day, 0, 0, 0)


def package_bytes(document) -> bytes:
    """The saved DOCX: no thumbnail, this generator's app.xml, every entry dated the
    document's modified day (in the order python-docx writes them)."""
    _drop_thumbnail(document)
    saved = io.BytesIO()
    document.save(saved)
    stamp = _zip_date(document)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = APP_XML.format(app=APPLICATION).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


__all__ = ["build_day", "package_bytes", "set_properties"]
