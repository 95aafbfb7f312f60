"""What the commands print: each command's result as an ``Output``, which cli.py prints.

One function per command turns what generator.commands returned into lines of text; the
command line prints every ``Output`` through one function (``cli.print_output``): a report
as it is, then lines on standard output, then lines on standard error, then the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def paths(written, report: str | None = None) -> Output:
    """A printed report (when there is one), then the paths of the files written."""
    return Output([str(path) for path in written], report)


def regions(rows) -> Output:
    return Output([f"{region:<12} {count:>3} partijen  {title}" for region, title, count in rows])


def init(created) -> Output:
    """The new repository, its commits, the registers copied and what to do next."""
    what = (f"a copy of {created.source}" if created.source is not None
            else f"an empty skeleton for region {created.regions[0]}")
    lines = [f"created {created.path}: a new git repository with {what}"]
    lines += [f"  {sha[:10]} {subject}" for sha, subject in created.commits]
    lines += [f"register of {region} copied: version{'s' if len(names) != 1 else ''} "
              f"{', '.join(names)}" for region, names in created.registers.items()]
    lines.append(f"regions: {', '.join(created.regions)}; build them with "
                 f"`convenant build --root {created.path} --all`")
    return Output(lines)


def vaststellen(region: str, version) -> Output:
    return Output([f"recorded {region} version {version.name}: decided {version.decided}, "
                   f"revision {version.revision[:10]}, fingerprint {version.fingerprint[:12]}"])


def sign(region: str, party: str, signature) -> Output:
    who = f" by {signature.by}" if signature.by else ""
    return Output([f"recorded: {party} signed {region} version {signature.version} on "
                   f"{signature.date} in {signature.place}{who}"])


def _signature_state(s) -> str:
    if s is None:
        return "outstanding"
    return (f"signed {s.date} in {s.place}" + (f" by {s.by}" if s.by else "")
            + (" (accession: Bijlage 1)" if s.accession else ""))


def status(region: str, report) -> Output:
    """Per party signed or outstanding; when the version takes effect and its term."""
    v = report.version
    lines = [f"{region} version {v.name} (decided {v.decided}, fingerprint {v.fingerprint[:12]})"]
    width = max(len(row.party) for row in report.parties)
    lines += [f"  {row.party:<{width}}  {_signature_state(row.signature)}" for row in report.parties]
    done = len(report.parties) - len(report.outstanding)
    lines.append(f"{done} of {len(report.parties)} parties signed.")
    if report.effective is None:
        lines.append(f"Takes effect {report.effective_rule}; {len(report.outstanding)} outstanding.")
    else:
        lines.append(f"In effect from {report.effective} ({report.effective_rule}).")
        lines.append(f"Initial term ends {report.term_end}; then renewed automatically every "
                     f"{plural(report.renewal_years, 'year')}; next renewal {report.next_renewal}.")
    return Output(lines)


def versions(region: str, report) -> Output:
    """The recorded versions, then the commits since the latest that touch the text."""
    lines = [] if report.rows else [f"{region}: no version recorded yet."]
    for row in report.rows:
        v = row.version
        lines.append(f"{v.name:<12} decided {v.decided}  revision {v.revision[:10]}  "
                     f"fingerprint {v.fingerprint[:12]}  signed {row.signed}/{row.parties}")
    since = f"since {report.rows[-1].version.name}" if report.rows else "in its history"
    n = len(report.since)
    lines.append(f"{plural(n, 'commit')} {since} touch{'' if n != 1 else 'es'} {region}'s text:")
    lines += [f"  {e.sha[:10]} {e.date} {e.author}: {e.subject}" for e in report.since]
    lines += [f"  (uncommitted) {path}" for path in report.uncommitted]
    return Output(lines)


def lint(report) -> Output:
    """The findings on standard output, the summary on standard error; 1 when there are errors."""
    return Output(list(report.lines()), err=[report.summary()], status=1 if report.errors else 0)


def pakket(region: str, plan, written) -> Output:
    signed = sum(1 for row in plan.rows if row.signature)
    label = f"version {plan.version.name}" if plan.version else "the working text (no version recorded)"
    return Output([f"{region}, {label}, fingerprint {plan.doc.fingerprint[:12]}: "
                   f"{plural(len(plan.selected), 'package')}; "
                   f"{signed} of {len(plan.rows)} parties signed", *map(str, written)])


def mailing(result, first: list[str] = ()) -> Output:
    """``first``, the files written, who gets a letter by post, what became of each e-mail
    sent; status 1 when an e-mail failed."""
    out = Output([*first, *(str(path) for path in result.paths)])
    by_post = result.mailing.by_post if result.mailing is not None else []
    if by_post:
        out.lines.append(f"no e-mail address, send the letter by post ({len(by_post)}): "
                         + ", ".join(by_post))
    if result.outcomes is not None:
        for outcome in result.outcomes:
            state = "sent" if outcome.sent else f"FAILED: {outcome.reason}"
            out.lines.append(f"e-mail to {outcome.key} <{outcome.recipient}>: {state}")
        failed = sum(1 for o in result.outcomes if not o.sent)
        out.lines.append(f"{plural(len(result.outcomes) - failed, 'e-mail')} sent, {failed} failed"
                         + ("; `convenant toetreding verzenden` sends the rest" if failed else ""))
        out.status = 1 if failed else 0
    return out


def accession_request(region: str, via: str, result) -> Output:
    a = result.accession
    return mailing(result, [f"recorded: {a.organisation.naam} applies to {region} via {via} on "
                            f"{a.requested}; answers due {a.reply_by}"])


def accession_decision(region: str, result) -> Output:
    a = result.accession
    return mailing(result, [f"recorded: the Stuurgroep decided on {a.decided} that "
                            f"{a.organisation.naam} accedes to {region}; added as party "
                            f"{a.organisation.id}"])


def accession_sending(result) -> Output:
    return mailing(result, [] if result.outcomes else ["nothing to send: every e-mail was sent before"])


def accession_answer(party: str, org: str, answer) -> Output:
    what = "agrees to" if answer.consent else "objects to"
    reason = "" if answer.consent else f": {answer.reason}"
    return Output([f"recorded: {party} {what} the accession of {org} on {answer.date}{reason}"])


def accession_status(region: str, reports) -> Output:
    """Per request: who agreed, who objected, who has not answered."""
    lines = [] if reports else [f"{region}: no requests to accede."]
    for report in reports:
        a = report.accession
        decided = f"decided {a.decided}" if a.decided else "not decided"
        lines.append(f"{a.organisation.id} ({a.organisation.naam}): requested {a.requested} via "
                     f"{a.via}; answers due {a.reply_by}; {decided}")
        lines.append(f"  agreed ({len(report.agreed)}): " + ", ".join(x.party for x in report.agreed))
        lines += [f"  objected: {x.party} on {x.date}: {x.reason}" for x in report.objected]
        lines.append(f"  not answered ({len(report.waiting)}): " + ", ".join(report.waiting))
    return Output(lines)
