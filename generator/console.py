"""What the commands print: each command's result as an ``Output``, which cli.py prints.

One function per command turns what generator.commands returned into lines of text; the
command line prints every ``Output`` through one function (``cli.print_output``): a report
as it is, then lines on standard output, then lines on standard error, then the exit status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .i18n import N_, _, ngettext
from .model.register import UNKNOWN
from .model.timeline import EARLY


@dataclass
class Output:
    """What one command prints, and its exit status."""

    lines: list[str] = field(default_factory=list)
    """Lines on standard output."""
    report: str | None = None
    """A text printed as it is, before the lines (a renvooi, a comparison)."""
    err: list[str] = field(default_factory=list)
    """Lines on standard error, after the others."""
    status: int = 0


def paths(written, report: str | None = None) -> Output:
    """A printed report (when there is one), then the paths of the files written."""
    return Output([str(path) for path in written], report)


def site(result) -> Output:
    """The site's start page, then what was written and removed; or that nothing changed."""
    start = result.folder / "index.html"
    if result.site is None or not (result.written or result.removed):
        return Output([_("The site is up to date: nothing written (--force makes it again)."),
                       _("open {path}").format(path=start)])
    lines = [_("site: {written} files written, {removed} removed").format(
        written=len(result.written), removed=len(result.removed))]
    lines += [str(path) for path in result.written]
    lines += [_("removed {path}").format(path=path) for path in result.removed]
    return Output(lines + [_("open {path}").format(path=start)])


def regions(rows) -> Output:
    return Output([f"{region:<12} {count:>3} partijen  {title}" for region, title, count in rows])


def init(created) -> Output:
    """The new repository, its commits, the registers copied and what to do next."""
    what = (_("a copy of {source}").format(source=created.source) if created.source is not None
            else _("an empty skeleton for region {region}").format(region=created.regions[0]))
    lines = [_("created {path}: a new git repository with {what}").format(path=created.path,
                                                                          what=what)]
    lines += [f"  {sha[:10]} {subject}" for sha, subject in created.commits]
    lines += [ngettext("register of {region} copied: version {names}",
                       "register of {region} copied: versions {names}", len(names)).format(
        region=region, names=", ".join(names)) for region, names in created.registers.items()]
    lines.append(_("regions: {regions}; build them with `convenant build --root {path} --all`")
                 .format(regions=", ".join(created.regions), path=created.path))
    return Output(lines)


def vaststellen(region: str, version) -> Output:
    return Output([_("recorded {region} version {version}: decided {date}, revision {revision}, "
                     "fingerprint {fingerprint}").format(
        region=region, version=version.name, date=version.decided, revision=version.revision[:10],
        fingerprint=version.fingerprint[:12])])


def _by(who: str | None) -> str:
    return _(" by {who}").format(who=who) if who else ""


def sign(region: str, party: str, signature) -> Output:
    return Output([_("recorded: {party} signed {region} version {version} on {date} in {place}{by}")
                   .format(party=party, region=region, version=signature.version,
                           date=signature.date, place=signature.place, by=_by(signature.by))])


def _page(signed) -> str:
    """What became of a returned signature page: kept where, and checked or not."""
    scan = signed.scan
    what = "PDF" if scan.kind == "PDF" else _("{kind} scan made into a PDF").format(kind=scan.kind)
    return f"{signed.kept} ({what}, SHA-256 {scan.sha256[:12]})"


def signed_scan(region: str, signed) -> Output:
    """`sign --scan`: the signature, where its page is kept, and whether it was checked."""
    out = sign(region, signed.signature.party, signed.signature)
    out.lines.append(_("kept: {page}").format(page=_page(signed)))
    found = signed.scan.fingerprints
    version = signed.signature.version
    if signed.checked:
        out.lines.append(_("checked: the page's {where} carries the fingerprint of version "
                           "{version}, {fingerprint}").format(
            where=_(found[0].where), version=version, fingerprint=found[0].fingerprint[:12]))
    else:
        out.lines.append(_("not checked: no fingerprint found on the page (no QR code, no text "
                           "layer naming it); make sure by eye that it is the page of version "
                           "{version}").format(version=version))
    return out


def signed_overview(result) -> Output:
    """`sign --uit`: every signature recorded, the rows passed over, the commit."""
    rows = result.rows
    width = max(len(row.signature.party) for row in rows)
    lines = [ngettext("recorded: {n} signature of {region} version {version} from {path}, in one "
                      "commit ({commit})",
                      "recorded: {n} signatures of {region} version {version} from {path}, in one "
                      "commit ({commit})", len(rows)).format(
        n=len(rows), region=result.region, version=result.version, path=result.path,
        commit=result.commit[:10])]
    for row in rows:
        s = row.signature
        text = f"  {s.party:<{width}}  " + _("{date} in {place}").format(date=s.date, place=s.place)
        text += _by(s.by)
        if row.scan is not None:
            text += _("; scan {page}, ").format(page=_page(row)) + (
                _("checked") if row.checked else _("NOT checked: no fingerprint found on it"))
        lines.append(text)
    if result.recorded:
        lines.append(_("{n} already recorded, passed over: {parties}").format(
            n=len(result.recorded), parties=", ".join(result.recorded)))
    if result.outstanding:
        lines.append(_("{n} still outstanding (rows left empty): {parties}").format(
            n=len(result.outstanding), parties=", ".join(result.outstanding)))
    return Output(lines)


def _signature_state(s) -> str:
    if s is None:
        return _("outstanding")
    when = _("signed {date}").format(date=s.date) if s.date else _("signed (date unknown)")
    where = _(" in {place}").format(place=s.place) if s.place != UNKNOWN else ""
    return (f"{when}{where}" + _by(s.by)
            + (_(" (accession: Bijlage 1)") if s.accession else ""))


def _decided(version) -> str:
    return (_("decided {date}").format(date=version.decided) if version.decided
            else _("decided (date unknown)"))


def _effective(day) -> str:
    return _("a day the register does not record") if day == EARLY else str(day)


STATES = {"in werking": N_("in force"), "in behandeling": N_("pending"),
          "vervangen": N_("superseded"), "nog niet vastgesteld": N_("not yet decided")}
"""The register's states (in Dutch in the data) as the command line says them in English."""


def _state(state: str) -> str:
    return _(STATES[state]) if state in STATES else state


NAME_WIDTH = 40
"""A party's name beside its id is cut to this width (some are a whole legal description)."""


def _party_columns(report) -> list[str]:
    """Each party of a version report as "id  name", both columns aligned."""
    names = getattr(report, "names", {})
    ids = [row.party for row in report.parties]
    shown_names = [names.get(p, "") for p in ids]
    shown_names = [n if len(n) <= NAME_WIDTH else n[:NAME_WIDTH - 1] + "…" for n in shown_names]
    id_width = max(map(len, ids), default=0)
    name_width = max(map(len, shown_names), default=0)
    return [f"{p:<{id_width}}  {n:<{name_width}}".rstrip() if name_width else p
            for p, n in zip(ids, shown_names)]


def _version_lines(region: str, report) -> list[str]:
    v = report.version
    state = f"{_state(report.state)}; " if report.state else ""
    lines = [_("{region} version {version} ({state}{decided}, fingerprint {fingerprint})").format(
        region=region, version=v.name, state=state, decided=_decided(v),
        fingerprint=v.fingerprint[:12])]
    columns = _party_columns(report)
    width = max(map(len, columns), default=0)
    lines += [f"  {column:<{width}}  {_signature_state(row.signature)}"
              for column, row in zip(columns, report.parties)]
    done, total = len(report.parties) - len(report.outstanding), len(report.parties)
    lines.append(ngettext("{done} of {total} party signed.", "{done} of {total} parties signed.",
                          total).format(done=done, total=total))
    if report.effective is None:
        lines.append(_("Takes effect {rule}; {n} outstanding.").format(
            rule=report.effective_rule, n=len(report.outstanding)))
        return lines
    lines.append(_("In effect from {day} ({rule}).").format(day=_effective(report.effective),
                                                           rule=report.effective_rule))
    if report.term_end is not None:
        lines.append(ngettext(
            "Initial term ends {end}; then renewed automatically every {n} year; next renewal {next}.",
            "Initial term ends {end}; then renewed automatically every {n} years; next renewal "
            "{next}.", report.renewal_years).format(end=report.term_end, n=report.renewal_years,
                                                    next=report.next_renewal))
    else:
        lines.append(_("Term: unknown (the register does not record when this version took "
                       "effect)."))
    return lines


def status(region: str, report) -> Output:
    """Per party signed or outstanding; when the version takes effect and its term."""
    return Output(_version_lines(region, report))


def region_status(report) -> Output:
    """The version in force and any pending one on a day, and the parties leaving."""
    current = report.in_force
    summary = (_("in force: version {version}").format(version=current.version.name) if current
               else _("no version in force"))
    summary += "".join(_("; pending: version {version} ({done} of {total} signed)").format(
        version=p.version.name, done=len(p.parties) - len(p.outstanding), total=len(p.parties))
        for p in report.pending)
    lines = [_("{region} on {day}: {summary}.").format(region=report.region, day=report.day,
                                                       summary=summary)]
    for version in ([current] if current else []) + report.pending:
        lines += [""] + _version_lines(report.region, version)
    if report.leaving:
        lines += ["", _("Leaving:")] + [f"  {party}: {phrase}" for party, phrase in report.leaving]
    return Output(lines)


def versions(region: str, report) -> Output:
    """The recorded versions, then the commits since the latest that touch the text."""
    lines = [] if report.rows else [_("{region}: no version recorded yet.").format(region=region)]
    for row in report.rows:
        v = row.version
        state = _state(row.state)
        if row.state in ("in werking", "vervangen") and row.effective:
            state += _(" (in effect from {day})").format(day=_effective(row.effective))
        lines.append(_("{name} {decided}  revision {revision}  fingerprint {fingerprint}  "
                       "signed {signed}/{parties}  {state}").format(
            name=f"{v.name:<12}", decided=_decided(v), revision=v.revision[:10],
            fingerprint=v.fingerprint[:12], signed=row.signed, parties=row.parties, state=state))
    n = len(report.since)
    since = (_("since {version}").format(version=report.rows[-1].version.name) if report.rows
             else _("in its history"))
    lines.append(ngettext("{n} commit {since} touches {region}'s text:",
                          "{n} commits {since} touch {region}'s text:", n).format(
        n=n, since=since, region=region))
    lines += [f"  {e.sha[:10]} {e.date} {e.author}: {e.subject}" for e in report.since]
    uncommitted = _("(uncommitted)")
    lines += [f"  {uncommitted} {path}" for path in report.uncommitted]
    return Output(lines)


def lint(report) -> Output:
    """The findings on standard output, the summary on standard error; 1 when there are errors."""
    return Output(list(report.lines()), err=[report.summary()], status=1 if report.errors else 0)


def pakket(region: str, plan, written) -> Output:
    signed = sum(1 for row in plan.rows if row.signature)
    label = (_("version {version}").format(version=plan.version.name) if plan.version
             else _("the working text (no version recorded)"))
    missing = plan.without_address
    flag = [f"adres ontbreekt ({len(missing)}): {', '.join(missing)}"] if missing else []
    n = len(plan.selected)
    return Output([ngettext("{region}, {label}, fingerprint {fingerprint}: {n} package; {signed} "
                            "of {total} parties signed",
                            "{region}, {label}, fingerprint {fingerprint}: {n} packages; {signed} "
                            "of {total} parties signed", n).format(
        region=region, label=label, fingerprint=plan.doc.fingerprint[:12], n=n, signed=signed,
        total=len(plan.rows)), *flag, *map(str, written)])


def _parties(ids) -> str:
    return ngettext("{n} party", "{n} parties", len(ids)).format(n=len(ids))


def _sent(outcomes, resend: str) -> Output:
    """What became of each e-mail; status 1 when one failed."""
    from types import SimpleNamespace

    return mailing(SimpleNamespace(paths=[], mailing=None, outcomes=outcomes), resend=resend)


def _listed(message: str, ids) -> str:
    """"message (n): a, b, c"."""
    return f"{message} ({len(ids)}): " + ", ".join(ids)


def package_sending(region: str, result) -> Output:
    """A pakket run that recorded a round (and sent it), or a resend (``--verzenden``)."""
    if result.plan is not None:
        out = pakket(region, result.plan, result.paths)
    else:
        out = Output([_("{region}, version {version}: the packages of {date} not sent before").format(
            region=region, version=result.version, date=result.round.date), *map(str, result.paths)])
    if result.remade:
        out.lines.append(_listed(_("made again, their e-mail was not in build/"), result.remade))
    if result.skipped:
        out.lines.append(_listed(_("signed or no longer bound since, not sent"), result.skipped))
    item = result.round
    if result.plan is not None and item is not None:
        back = (_(", to be returned before {date}").format(date=item.return_by)
                if item.return_by else "")
        out.lines.append(_("recorded: packages of {date}{back}, for {parties}, in {record}").format(
            date=item.date, back=back, parties=_parties(item.parties), record=result.record))
    post = result.mailing.by_post if result.mailing is not None else []
    if post:
        out.lines.append(_listed(_("no e-mail address, send the package by post"), post))
    if result.outcomes is not None and not result.outcomes and result.plan is None:
        out.lines.append(_("nothing to send: every package was sent before"))
    elif result.outcomes is not None:
        sent = _sent(result.outcomes, f"convenant pakket {region} --version {result.version} --verzenden")
        out.lines += sent.lines
        out.status = sent.status
    return out


def reminder(region: str, result) -> Output:
    """The reminders written, recorded and sent; the outstanding parties not reminded."""
    v = result.version
    what = _("not sent before") if result.again else _("that have not signed")
    out = Output([_("{region}, version {version}: reminder of {date} to {parties} {what}").format(
        region=region, version=v.name, date=result.date, parties=_parties(result.round.parties),
        what=what), *map(str, result.paths)])
    for party, by in result.waiting:
        why = (_("return by {date}").format(date=by) if by else _("no return-by date recorded"))
        out.lines.append(_("not reminded: {party} ({why})").format(party=party, why=why))
    if result.remade:
        out.lines.append(_listed(_("package made again, it was not in {folder}").format(
            folder=result.packages), result.remade))
    if not result.again:
        out.lines.append(_("recorded: reminder of {date} in {record}").format(
            date=result.date, record=result.record))
    post = result.mailing.by_post
    if post:
        out.lines.append(_listed(_("no e-mail address, send the letter by post with the package "
                                   "from {folder}").format(folder=result.packages), post))
    if result.again and not result.outcomes:
        out.lines.append(_("nothing to send: every e-mail of the reminder of {date} was sent "
                           "before").format(date=result.date))
    elif result.outcomes is not None:
        sent = _sent(result.outcomes, f"convenant herinnering {region} --version {v.name} "
                                      f"--date {result.date}")
        out.lines += sent.lines
        out.status = sent.status
    return out


def _some(ids: list[str], shown: int = 5) -> str:
    more = len(ids) - shown
    return ", ".join(ids[:shown]) + (_(" and {n} more").format(n=more) if more > 0 else "")


def getekend(executed, path) -> Output:
    """What the executed copy holds: the signed pages, those without a scan, the missing."""
    ex, n = executed, len(executed.sheets)
    scans = n - len(ex.missing) - len(ex.without_scan)
    what = _("concept of the executed copy") if ex.concept else _("executed copy")
    lines = [ngettext("{region} version {version}, fingerprint {fingerprint}: {what}, {pages} pages "
                      "of convenant, {n} party ({scans} with a kept scan), index on page {index}",
                      "{region} version {version}, fingerprint {fingerprint}: {what}, {pages} pages "
                      "of convenant, {n} parties ({scans} with a kept scan), index on page {index}",
                      n).format(region=ex.region, version=ex.version.name,
                                fingerprint=ex.doc.fingerprint[:12], what=what,
                                pages=ex.convenant_pages, n=n, scans=scans, index=ex.index_first)]
    if ex.without_scan:
        k = len(ex.without_scan)
        lines.append(ngettext("no scan kept of {n} signature (a page 'geen scan bewaard' in its "
                              "place): {parties}",
                              "no scan kept of {n} signatures (a page 'geen scan bewaard' in its "
                              "place): {parties}", k).format(
            n=k, parties=_some([s.party for s in ex.without_scan])))
    if ex.missing:
        lines.append(_("CONCEPT: {n} of {total} parties have not signed (a page 'ontbreekt' in "
                       "their place): {parties}").format(
            n=len(ex.missing), total=n, parties=_some([s.party for s in ex.missing])))
    elif ex.concept:
        lines.append(_("every party signed: `convenant getekend {region} --version {version}` "
                       "makes the executed copy").format(region=ex.region, version=ex.version.name))
    return Output([*lines, str(path)])


def mailing(result, first: list[str] = (), resend: str = "convenant toetreding verzenden") -> Output:
    """``first``, the files written, who gets a letter by post, what became of each e-mail
    sent; status 1 when an e-mail failed (``resend``: the command that sends the rest)."""
    out = Output([*first, *(str(path) for path in result.paths)])
    by_post = result.mailing.by_post if result.mailing is not None else []
    if by_post:
        out.lines.append(_listed(_("no e-mail address, send the letter by post"), by_post))
    if result.outcomes is not None:
        for outcome in result.outcomes:
            state = (_("sent") if outcome.sent
                     else _("FAILED: {reason}").format(reason=outcome.reason))
            out.lines.append(_("e-mail to {key} <{recipient}>: {state}").format(
                key=outcome.key, recipient=outcome.recipient, state=state))
        failed = sum(1 for o in result.outcomes if not o.sent)
        sent = len(result.outcomes) - failed
        line = ngettext("{n} e-mail sent, {failed} failed", "{n} e-mails sent, {failed} failed",
                        sent).format(n=sent, failed=failed)
        out.lines.append(line + (_("; `{command}` sends the rest").format(command=resend)
                                 if failed else ""))
        out.status = 1 if failed else 0
    return out


def accession_request(region: str, via: str, result) -> Output:
    a = result.accession
    return mailing(result, [_("recorded: {organisation} applies to {region} via {via} on {date}; "
                              "answers due {due}").format(
        organisation=a.organisation.naam, region=region, via=via, date=a.requested, due=a.reply_by)])


def accession_decision(region: str, result) -> Output:
    a = result.accession
    first = [_("recorded: the Stuurgroep decided on {date} that {organisation} accedes to {region}; "
               "added as party {party}").format(date=a.decided, organisation=a.organisation.naam,
                                                region=region, party=a.organisation.id)]
    first += [_("{party} signs pending version {version} too: `convenant pakket {region} --version "
                "{version} --party {party}`").format(party=a.organisation.id, version=name,
                                                    region=region) for name in result.pending]
    return mailing(result, first)


def accession_sending(result) -> Output:
    return mailing(result, [] if result.outcomes else [_("nothing to send: every e-mail was sent before")])


def _said(answer) -> str:
    if answer.consent:
        return _("agreed on {date}").format(date=answer.date)
    return _("objected on {date} ({reason})").format(date=answer.date, reason=answer.reason)


def _answers_of(answer) -> list:
    """A party's answers up to ``answer``, the first first."""
    chain = [answer]
    while chain[-1].replaces is not None:
        chain.append(chain[-1].replaces)
    return chain[::-1]


def accession_answer(party: str, org: str, answer) -> Output:
    earlier = answer.replaces
    if answer.consent:
        change = "" if earlier is None else _(" (objection of {date} withdrawn)").format(date=earlier.date)
        text = _("recorded: {party} agrees to the accession of {org} on {date}{change}")
        return Output([text.format(party=party, org=org, date=answer.date, change=change)])
    change = "" if earlier is None else _(" (consent of {date} changed)").format(date=earlier.date)
    text = _("recorded: {party} objects to the accession of {org} on {date}: {reason}{change}")
    return Output([text.format(party=party, org=org, date=answer.date, reason=answer.reason,
                               change=change)])


def _closing(a) -> str:
    """"closed: ingetrokken on DATE (reason)" for a closed request."""
    date = a.withdrawn or a.decided
    return (_("closed: {how} on {date}").format(how=a.closed, date=date)
            + (f" ({a.closing_reason})" if a.closing_reason else ""))


def accession_closed(accession) -> Output:
    """A request withdrawn or refused."""
    a = accession
    text = (_("recorded: {organisation} withdrew its request to accede to {region}; {closing}")
            if a.withdrawn else _("recorded: the Stuurgroep refused the request of {organisation} "
                                  "to accede to {region}; {closing}"))
    return Output([text.format(organisation=a.organisation.naam, region=a.region,
                               closing=_closing(a))])


def accession_status(region: str, reports) -> Output:
    """Per request: who agreed, who objected, who has not answered; changed answers; closed."""
    lines = [] if reports else [_("{region}: no requests to accede.").format(region=region)]
    for report in reports:
        a = report.accession
        decided = (_closing(a) if a.closed else
                   _("decided {date}").format(date=a.decided) if a.decided else _("not decided"))
        lines.append(_("{name} ({organisation}): requested {date} via {via}; answers due {due}; "
                       "{decided}").format(name=a.path.stem, organisation=a.organisation.naam,
                                           date=a.requested, via=a.via, due=a.reply_by,
                                           decided=decided))
        lines.append("  " + _listed(_("agreed"), [x.party for x in report.agreed]))
        lines += ["  " + _("objected: {party} on {date}: {reason}").format(
            party=x.party, date=x.date, reason=x.reason) for x in report.objected]
        lines += ["  " + _("changed: {party} {answers}").format(
            party=x.party, answers=_(", then ").join(map(_said, _answers_of(x))))
            for x in report.changed]
        lines.append("  " + _listed(_("not answered"), report.waiting))
    return Output(lines)


def withdrawal(region: str, result) -> Output:
    """The withdrawal recorded, when it takes effect, the letters and e-mails."""
    w = result.withdrawal
    if result.end is not None:
        effect = _("a party until {last}, no longer from {end}").format(
            last=result.end - dt.timedelta(days=1), end=result.end)
    elif w.version:
        effect = _("leaves when version {version} takes effect").format(version=w.version)
    else:
        effect = _("leaves when the accession of {org} is decided").format(org=w.accession)
    first = [_("recorded: {party} leaves {region} under {ground} (notice of {date}); {effect}").format(
        party=w.party, region=region, ground=w.ground, date=w.date, effect=effect)]
    return mailing(result, first, resend=f"convenant uittreding {region} {w.party} --verzenden")


def _duration(d) -> str:
    """A manifest's duur in words: "takes effect on signing, for 4 years, then renewed ..."."""
    start = (_("on signing") if d.inwerkingtreding == "ondertekening"
             else _("on {date}").format(date=d.inwerkingtreding))
    years = (ngettext("at least {n} year", "at least {n} years", d.looptijd_jaren) if d.ten_minste
             else ngettext("{n} year", "{n} years", d.looptijd_jaren)).format(n=d.looptijd_jaren)
    renewal = ngettext("{n} year", "{n} years", d.verlenging_jaren).format(n=d.verlenging_jaren)
    return _("takes effect {start}, for {years}, then renewed by {renewal} at a time").format(
        start=start, years=years, renewal=renewal)


def region_new(new) -> Output:
    """`regio nieuw`: the manifest written, and what the user must still fill in."""
    r, b = new.region, new.basis
    terms = ", ".join(new.terms) or _("none")
    n = len(new.terms)
    lines = [_("created {file}: region {region} on the basis of {basis} (nothing committed)").format(
                 file=new.rel, region=r, basis=b),
             _("still to fill in, in {file}:").format(file=new.rel),
             "  " + ngettext("termen: {n} term copied from {basis}, check each and give {region}'s "
                             "words: {terms}",
                             "termen: {n} terms copied from {basis}, check each and give {region}'s "
                             "words: {terms}", n).format(n=n, basis=b, region=r, terms=terms),
             "  " + _("partijen: the parties in signing order (the names of their files in parties/)"),
             "  " + _("secretariaat: the secretary's function, postal address and place (for the "
                      "letters of pakket and toetreding)")]
    if new.duur is not None:
        lines.append("  " + _("duur: {basis}'s applies ({duration}); give 'duur' if {region}'s "
                              "differs").format(basis=b, duration=_duration(new.duur), region=r))
    lines += [_("and in parties/: each party's file needs 'deelname:' with '{region}:' under it; a "
                "new party needs a file of its own (see docs/formats.md)").format(region=r),
              _("then: `convenant regio toon {region}` shows where each lid comes from; `convenant "
                "build {region}` and `convenant lint {region}` check it; commit the manifest and the "
                "party files yourself").format(region=r)]
    return Output(lines)


def _source(source: str, region: str, also=()) -> str:
    """Where a lid comes from, as `regio toon` says it."""
    if source == region:
        return "eigen variant" + (f" (ook {', '.join(also)})" if also else "")
    return source if source == "gedeeld" else f"van {source}"


def region_sources(sources) -> Output:
    """`regio toon`: per article and lid where the text comes from, what is left out, counts;
    the problems `build` would refuse on standard error (status 1)."""
    s, region = sources, sources.region
    basis = f" (basis: {' → '.join(s.chain[1:])})" if len(s.chain) > 1 else ""
    width = max((len(lid.id) for a in s.articles for lid in a.leden), default=0)
    lines = [f"{region}: {s.titel}{basis}"]
    for article in s.articles:
        if article.number is None:
            lines.append(f"Artikel – {article.title} ({article.id}): weggelaten")
        else:
            lines.append(f"Artikel {article.number} {article.title} ({article.id})")
        for lid in article.leden:
            what = _source(lid.source, region, lid.also)
            what = f"weggelaten (was: {what})" if lid.dropped else what
            lines.append(f"  {lid.number or '–':<6} {lid.id:<{width}}  {what}")
    counted = ", ".join(f"{n} {_source(source, region)}" for source, n in s.counts.items())
    numbered = sum(1 for a in s.articles if a.number is not None)
    lines.append(f"Samenvatting: {numbered} artikelen, {sum(s.counts.values())} leden: {counted}"
                 + (f"; weggelaten: {', '.join(s.weglaten)}" if s.weglaten else ""))
    terms = f"Termen: {s.own_terms} eigen"
    if s.terms_as_base:
        terms += f" ({len(s.terms_as_base)} gelijk aan {s.chain[1]}: {', '.join(s.terms_as_base)})"
    if s.inherited_terms:
        terms += f", {len(s.inherited_terms)} van {s.chain[1]}: {', '.join(s.inherited_terms)}"
    lines.append(terms)
    if not s.problems:
        return Output(lines)
    n = len(s.problems)
    return Output(lines, err=[*s.problems, ngettext(
        "{n} problem found: `convenant build {region}` refuses until it is solved",
        "{n} problems found: `convenant build {region}` refuses until they are solved", n).format(
        n=n, region=region)], status=1)
