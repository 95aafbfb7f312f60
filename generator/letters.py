"""The Dutch wording of every letter the secretariat sends, in one place.

Signature packages (art. 21.2): the cover letter and the party's own signature page, and the
reminder to a party that has not returned its signed page.
Accession (art. 20): the notice in advance to every party (20.3) and the notice that the
accession took place, with the right to leave (20.4, 21.3).
Withdrawal (art. 21.3, 23.1, 23.2): the notice to every other party that a party leaves, with
what survives its membership (23.3).

Each function builds a generator.model.letter.Letter (or SignaturePage) from the registry and
a region's Document; generator.render.letters_pdf sets it, and an e-mail carries its text.
"""

from __future__ import annotations

import datetime as dt

from .dates import dutch_date
from .model.blocks import Paragraph, SignatureBlocks
from .model.document import Document, block_text
from .model.parties import running_name
from .model.letter import (Letter, Lines, SignaturePage, addressee, contact_sentence, date_line,
                           kenmerk, salutation, signature_code)

# ------------------------------------------------------------------ signature packages


def version_words(version) -> str:
    """"versie 2026-1" or "werkversie (nog niet vastgesteld)"."""
    return f"versie {version.name}" if version else "werkversie (nog niet vastgesteld)"


def version_line(version) -> str:
    if version is None:
        return "Werkversie: deze tekst is (nog) niet als versie vastgesteld door de Stuurgroep"
    if version.decided is None:
        return f"Versie {version.name}, vastgesteld door de Stuurgroep (datum niet vastgelegd)"
    return f"Versie {version.name}, vastgesteld door de Stuurgroep op {dutch_date(version.decided)}"


def signing_intro(doc: Document) -> str:
    """The convenant's own words before the signature blocks ("Aldus overeengekomen:")."""
    blocks = (block for section in (doc.slot.sections if doc.slot else []) for block in section.blocks)
    first = next((block for block in blocks if isinstance(block, (SignatureBlocks, Paragraph))), None)
    return " ".join(block_text(first)).strip() if isinstance(first, Paragraph) else ""


def signature_page(plan, row) -> SignaturePage:
    """One party's page to sign and return (a package's last page)."""
    doc = plan.doc
    return SignaturePage(
        key=row.party.id, title=doc.title, zvh=doc.zvh, version=version_line(plan.version),
        fingerprint=doc.fingerprint, intro=signing_intro(doc), block=row.block,
        return_address=plan.secretariat.adres,
        footer=f"{doc.version_label} · tekenblad {row.block.organisation}",
        code=signature_code(doc.region, plan.version.name if plan.version else "werkversie",
                            doc.fingerprint))


def cover_letter(plan, row) -> Letter:
    """The letter on top of a party's signature package (art. 21.2)."""
    doc, sec, party, version = plan.doc, plan.secretariat, row.party, plan.version
    resign = doc.cite("wijzigingen", "ondertekening", "artikel 21.2")
    name = party.text_name(plan.region)
    if version is not None:
        when = f"Op {dutch_date(version.decided)}" if version.decided else "Eerder"
        opening = (f"{when} heeft de Stuurgroep versie "
                   f"{version.name} van het {doc.title} vastgesteld. Op grond van "
                   f"{resign} wordt het convenant door alle Partijen (opnieuw) ondertekend. "
                   f"Hierbij ontvangt u deze versie ter ondertekening namens {name}.")
    else:
        opening = (f"Hierbij ontvangt u het {doc.title} ter ondertekening namens {name}. "
                   "De Stuurgroep heeft deze tekst nog niet als versie vastgesteld; het "
                   "tekenblad en iedere pagina noemen daarom de vingerafdruk van de tekst.")
    signer = (f"{row.block.aanhef} {row.block.name}".strip() if row.block.has_representative
              else "de bevoegde vertegenwoordiger van uw organisatie")
    body: list[str | Lines] = [
        opening,
        (f"Na deze brief volgt het volledige convenant ({plan.pages} pagina's), en als laatste "
         f"pagina het tekenblad van {name}. Alleen het tekenblad hoeft te worden ondertekend, "
         f"door {signer}, met vermelding van datum en plaats."),
        (f"Het tekenblad noemt de vingerafdruk van de tekst, {doc.fingerprint[:12]}; dezelfde "
         "vingerafdruk staat onderaan iedere pagina van het convenant. Zo staat vast welke "
         "tekst u ondertekent."),
        ("Wij verzoeken u het ondertekende tekenblad "
         + (f"vóór {dutch_date(plan.return_by)} " if plan.return_by else "")
         + "terug te sturen naar:"),
        Lines(sec.adres),
    ]
    if sec.email:
        body.append(f"Een scan van het ondertekende tekenblad mag ook per e-mail naar "
                    f"{sec.email}; stuurt u dan het origineel per post na.")
    body.append("Heeft u vragen over deze versie of over de ondertekening, "
                f"{contact_sentence(sec)}.")
    # The version names the text; its fingerprint is in the letter (12 characters) and whole
    # on the signature page, so no row of its own here: the letter stays on one page.
    references = [("Versie", version.name if version else "werkversie")]
    return Letter(
        key=party.id, sender=sec, zvh=doc.zvh, addressee=addressee(party, plan.region),
        date_line=date_line(sec, plan.letter_date),
        subject=f"Ondertekening {doc.title}, {version_words(version)}",
        kenmerk=kenmerk(plan.region, "pakket", plan.folder, party.id, plan.letter_date),
        salutation=salutation(party, plan.region), body=body, references=references,
        enclosures=[f"{doc.title}, {version_words(version)}",
                    f"Tekenblad van {name}"],
        footer=doc.version_label)


def reminder_letter(plan, row, sent: dt.date | None, return_by: dt.date | None) -> Letter:
    """The reminder to a party that has not returned its signed page of ``plan.version``
    (``sent``: the date of the package's letter, ``return_by``: the date that passed; either
    may be unknown); its package goes with it again."""
    doc, sec, party, version = plan.doc, plan.secretariat, row.party, plan.version
    name = party.text_name(plan.region)
    resign = doc.cite("wijzigingen", "ondertekening", "artikel 21.2")
    asked = (f"met het verzoek het ondertekende tekenblad vóór {dutch_date(return_by)} terug te "
             "sturen" if return_by else "met het verzoek het ondertekende tekenblad terug te sturen")
    signer = (f"{row.block.aanhef} {row.block.name}".strip() if row.block.has_representative
              else "de bevoegde vertegenwoordiger van uw organisatie")
    missing = f"het ondertekende tekenblad van {name} nog niet ontvangen"
    # Only a recorded round says when the package was sent; without one, no claim is made.
    first = (f"Op {dutch_date(sent)} hebben wij u {version_words(version)} van het {doc.title} "
             f"ter ondertekening namens {name} toegezonden, {asked}. Volgens onze administratie "
             f"hebben wij {missing}." if sent else
             f"Volgens onze administratie hebben wij van {version_words(version)} van het "
             f"{doc.title} {missing}.")
    body: list[str | Lines] = [
        first,
        (f"Op grond van {resign} wordt het convenant door alle Partijen ondertekend. Wij "
         f"verzoeken u daarom vriendelijk het tekenblad alsnog te laten ondertekenen door "
         f"{signer}, met vermelding van datum en plaats, en het zo spoedig mogelijk terug te "
         "sturen naar:"),
        Lines(sec.adres),
    ]
    if sec.email:
        body.append(f"Een scan van het ondertekende tekenblad mag ook per e-mail naar "
                    f"{sec.email}; stuurt u dan het origineel per post na.")
    body.append("Het tekenpakket (de begeleidende brief, het convenant en het tekenblad) sturen "
                "wij u hierbij nogmaals toe. Heeft u het tekenblad inmiddels teruggestuurd, dan "
                "kunt u deze herinnering als niet verzonden beschouwen. Heeft u vragen, "
                f"{contact_sentence(sec)}.")
    references = [("Versie", version.name)]
    if return_by:
        references.append(("Terugsturen vóór", dutch_date(return_by)))
    return Letter(
        key=party.id, sender=sec, zvh=doc.zvh, addressee=addressee(party, plan.region),
        date_line=date_line(sec, plan.letter_date),
        subject=f"Herinnering aan de ondertekening van het {doc.title}, {version_words(version)}",
        kenmerk=kenmerk(plan.region, "herinnering", version.name, party.id, plan.letter_date),
        salutation=salutation(party, plan.region), body=body, references=references,
        enclosures=[f"Tekenpakket {doc.title}, {version_words(version)}"],
        footer=doc.version_label)


# ------------------------------------------------------------------ accession


def notification(project, doc: Document, accession, party_id: str, date: dt.date) -> Letter:
    """The letter of 20.3 to one party: who applies, what it contributes, how to answer."""
    sec = project.manifests[doc.region].secretariaat
    org, party = accession.organisation, project.parties[party_id]
    name = running_name(org.naam)
    via = project.parties[accession.via].text_name(doc.region)
    notify = doc.cite("toetreding", "kennisgeving", "artikel 20.3")
    apply_ = doc.cite("toetreding", "aanvraag", "artikel 20.2")
    decide = doc.cite("toetreding", "besluit", "artikel 20.4")
    rep = org.vertegenwoordiger
    answer_to = f"per e-mail aan {sec.email} of per post aan:" if sec.email else "per post aan:"
    body: list[str | Lines] = [
        (f"Op grond van {notify} van het {doc.title} informeer ik u vooraf over de voorgenomen "
         f"toetreding van {name}, statutair gevestigd te {org.statutaire_zetel}, met "
         f"kantooradres {org.adres}. {_capital(name)} heeft op {dutch_date(accession.requested)} "
         f"via {via} verzocht om toe te treden ({apply_}); {name} wordt daarbij "
         f"vertegenwoordigd door {rep.aanhef} {rep.naam}, {rep.functie}."),
        f"{_capital(name)} beschrijft haar bijdrage aan de doelstelling van artikel 2 van het convenant als volgt:",
        Lines([org.bijdrage]),
        (f"De Stuurgroep beslist over het verzoek nadat alle Partijen akkoord hebben gegeven "
         f"({decide}). Ik verzoek u mij vóór {dutch_date(accession.reply_by)} te laten weten of "
         f"{party.text_name(doc.region)} instemt met de toetreding, of welk bezwaar u heeft, "
         f"met opgave van redenen, {answer_to}"),
        Lines(sec.adres),
        "Na het besluit van de Stuurgroep ontvangt u bericht over de toetreding. Heeft u "
        f"vragen, {contact_sentence(sec)}.",
    ]
    return _accession_letter(sec, party, doc, accession, date, "kennisgeving",
                             f"Voorgenomen toetreding van {name} tot het {doc.title}", body,
                             [("Aanvrager", org.naam), ("Reageren vóór", dutch_date(accession.reply_by))])


def announcement(project, doc: Document, accession, party_id: str, signed: dt.date) -> Letter:
    """The letter to a party that the accession took place, with its right under 21.3."""
    sec = project.manifests[doc.region].secretariaat
    org, party = accession.organisation, project.parties[party_id]
    name = running_name(org.naam)
    decide = doc.cite("toetreding", "besluit", "artikel 20.4")
    leave = doc.cite("wijzigingen", "opzegging", "artikel 21.3")
    body: list[str | Lines] = [
        (f"Hierbij bericht ik u dat {name}, statutair gevestigd te {org.statutaire_zetel}, is "
         f"toegetreden tot het {doc.title}. Alle Partijen hebben met de toetreding ingestemd; de "
         f"Stuurgroep heeft op {dutch_date(accession.decided)} positief besloten op het verzoek "
         f"en op {dutch_date(signed)} hebben {name} en de voorzitter van de Stuurgroep "
         f"Bijlage 1 bij het convenant ondertekend ({decide})."),
        (f"{_capital(name)} is daarmee Partij bij het convenant. De tekst van het convenant is niet "
         f"gewijzigd (vingerafdruk {doc.fingerprint[:12]}); de lijst van Partijen en de "
         f"tekenbladen zijn aangevuld. De bestaande Partijen hoeven het convenant voor deze "
         f"toetreding niet opnieuw te ondertekenen: de toetreding komt tot stand door "
         f"ondertekening van Bijlage 1 ({decide})."),
    ]
    quoted = lid_text(doc, "wijzigingen", "opzegging")
    if quoted:
        body += [f"Ik wijs u op {leave} van het convenant, dat luidt:", Lines([f"“{quoted}”"])]
    body.append(f"Acht {party.text_name(doc.region)} de toetreding onaanvaardbaar, dan kan zij "
                f"op grond van {leave} haar deelname schriftelijk opzeggen. Een opzegging kunt u "
                "richten aan:")
    # The address on one line (it also stands beside the address block): the letter, with
    # its quotation of 21.3, then keeps its greeting on the first page.
    body += [Lines([", ".join(sec.adres)]),
             f"Heeft u vragen over de toetreding, {contact_sentence(sec)}."]
    return _accession_letter(sec, party, doc, accession, signed, "mededeling",
                             f"Toetreding van {name} tot het {doc.title}", body,
                             [("Nieuwe Partij", org.naam),
                              ("Besluit Stuurgroep", dutch_date(accession.decided))])


def _accession_letter(sec, party, doc: Document, accession, date: dt.date, kind: str,
                      subject: str, body: list, references: list) -> Letter:
    """A letter about an accession from the secretary (``sec``) of the Stuurgroep to ``party``
    (``kind``: "kennisgeving" or "mededeling", for its kenmerk)."""
    return Letter(
        key=party.id, sender=sec, zvh=doc.zvh, addressee=addressee(party, doc.region),
        date_line=date_line(sec, date), subject=subject,
        kenmerk=kenmerk(doc.region, kind, accession.path.stem if accession.path else
                        accession.organisation.id, party.id, date),
        salutation=salutation(party, doc.region), body=body, references=references,
        footer=f"{doc.zvh} · toetreding {accession.organisation.naam}")


def lid_text(doc: Document, clause: str, lid: str) -> str:
    """The text of lid ``lid`` of article ``clause``, as one line ("" when there is none)."""
    item = next((item for article in doc.articles if article.id == clause
                 for item in article.leden if item.id == lid), None)
    return " ".join(t for b in item.blocks for t in block_text(b)).strip() if item is not None else ""


# ------------------------------------------------------------------ withdrawal (21.3, 23.1, 23.2)


def _withdrawal_facts(doc: Document, w, name: str, end: str) -> str:
    """What happened, by ground: the notice or the decision, and from when it takes effect."""
    if w.ground == "23.2":
        exclude = doc.cite("duur", "uitsluiting", "artikel 23.2")
        return (f"De Stuurgroep heeft op {dutch_date(w.date)}, na ingebrekestelling op "
                f"{dutch_date(w.notice)}, op grond van {exclude} van het {doc.title} besloten "
                f"{name} met onmiddellijke ingang uit te sluiten van de samenwerking in het "
                f"{doc.zvh}" + (f", omdat {w.reason}" if w.reason else "") + ".")
    if w.ground == "23.1":
        notice = doc.cite("duur", "looptijd", "artikel 23.1")
        return (f"{_capital(name)} heeft op {dutch_date(w.date)} haar deelname aan het {doc.title} "
                f"schriftelijk opgezegd ({notice}). De opzegging gaat in aan het einde van de "
                f"lopende periode, {end}.")
    leave = doc.cite("wijzigingen", "opzegging", "artikel 21.3")
    what = (f"de wijziging van het convenant die de Stuurgroep als versie {w.version} heeft "
            "vastgesteld" if w.version else f"de toetreding van {w.accession} tot het convenant")
    takes = ("het gewijzigde convenant van kracht wordt" if w.version
             else "de toetreding tot stand komt")
    return (f"{_capital(name)} heeft op {dutch_date(w.date)} schriftelijk laten weten {what} "
            f"onaanvaardbaar te achten, en zegt op grond van {leave} haar deelname op met ingang "
            f"van het tijdstip waarop {takes}" + (f", {end}" if end else "") + "."
            + (f" Als reden geeft {name} op: {w.reason}." if w.reason else ""))


def withdrawal_letter(project, doc: Document, w, party_id: str, date: dt.date,
                      end: dt.date | None) -> Letter:
    """The letter to ``party_id`` that party ``w.party`` leaves the convenant (``end``: the
    day it is no longer a Party, None while that waits for a version or accession)."""
    sec = project.manifests[doc.region].secretariaat
    party, leaver = project.parties[party_id], project.parties[w.party]
    name = leaver.text_name(doc.region)
    when = f"per {dutch_date(end)}" if end else ""
    body: list[str | Lines] = [
        _withdrawal_facts(doc, w, name, when),
        (f"{_capital(name)} is {when or 'vanaf dat tijdstip'} geen Partij meer bij het convenant. De tekst "
         "van het convenant verandert daardoor niet; de overige Partijen hoeven het niet opnieuw "
         "te ondertekenen. De lijst van Partijen en de tekenbladen worden vanaf die datum "
         "zonder " + name + " opgemaakt."),
    ]
    survive = doc.cite("duur", "nawerking", "artikel 23.3")
    quoted = lid_text(doc, "duur", "nawerking")
    if quoted:
        secrecy = next((f"artikel {a.number}" for a in doc.articles if a.id == "geheimhouding"), "")
        body += [f"Niet alles eindigt met de deelname. {survive[:1].upper()}{survive[1:]} van het "
                 "convenant luidt:", Lines([f"“{quoted}”"]),
                 f"Voor {name} blijven dus onder meer de verplichtingen ter zake van geheimhouding"
                 + (f" ({secrecy})" if secrecy else "") + " bestaan, ook na het einde van haar "
                 "deelname; informatie die zij als Partij heeft ontvangen, blijft geheim."]
    body.append(f"Heeft u vragen over de uittreding, {contact_sentence(sec)}.")
    ground = {"21.3": "opzegging (artikel 21.3)", "23.1": "opzegging (artikel 23.1)",
              "23.2": "uitsluiting (artikel 23.2)"}[w.ground]
    return Letter(
        key=party.id, sender=sec, zvh=doc.zvh, addressee=addressee(party, doc.region),
        date_line=date_line(sec, date), subject=f"Uittreding van {name} uit het {doc.title}",
        kenmerk=kenmerk(doc.region, "uittreding", leaver.id, party.id, date),
        salutation=salutation(party, doc.region), body=body,
        references=[("Partij", leaver.signing_name(doc.region)), ("Grond", ground),
                    ("Einde deelname", dutch_date(end) if end else "bij inwerkingtreding")],
        footer=f"{doc.zvh} · uittreding {name}")


def _capital(text: str) -> str:
    """A name at the start of a sentence: "de gemeente Sliedrecht" → "De gemeente Sliedrecht"."""
    return text[:1].upper() + text[1:]
