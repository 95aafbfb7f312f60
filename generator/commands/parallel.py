"""Render the convenants of several regions at once: one process per core.

`build` loads, checks and assembles every region first (in this process); only the rendering
(HTML, PDF, DOCX: weasyprint takes nearly all of the time) is spread over a pool of worker
processes. A worker gets one region's ``Document`` (it pickles, ~100 kB; re-loading and
re-assembling the project in each worker instead made 14 regions 10-20% slower) and returns
the rendered bytes or text per format; nothing is written by a worker. The caller writes
everything at the end, so an error in any region, an interrupt (Ctrl-C) or SIGTERM leaves
no file written.

The number of processes is the number of cores this process may run on, at most the number
of regions; the environment variable ``CONVENANT_JOBS=N`` sets it (1: one region after the
other, in this process). The pool uses the ``forkserver`` start method: a single-threaded
server process that has imported the renderers once (weasyprint too, for a PDF) forks the
workers (forking this process itself is unsafe once threads run). It starts as the build
starts, so that it imports while the data is loaded. Measured on two cores: two workers
ready to render a PDF 0.95 s after the pool was made, against 1.3 s with ``spawn`` (each
worker imports weasyprint itself); the whole build is the same within noise
(bench/bench_parallel.py).

Deterministic results whatever the timing: the results are taken in the order of the
regions, progress is reported in that order (region by region, format by format, as a
serial build does), and when regions fail the error of the first failing region in that
order is raised, the same error a serial build raises.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor

from ..errors import DataError, UsageError, shown
from ..i18n import _
from .common import render_convenant

JOBS_VARIABLE = "CONVENANT_JOBS"
START_METHOD = "forkserver"
PRELOAD = ["generator.commands.parallel", "generator.render.html", "generator.render.docx"]
"""Imported once by the fork server, so that every worker starts with them (and, for a
PDF, with weasyprint: generator.render.pdf)."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), else the machine's."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_wanted() -> int:
    """``CONVENANT_JOBS`` when set (UsageError unless a whole number ≥ 1), else the cores."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if not value:
        return available_cores()
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise UsageError(_("{variable}={value}: expected the number of processes to "
                           "render with, 1 or more (1: one region after the other)").format(
            variable=JOBS_VARIABLE, value=shown(value)))
    return int(value)


def render_regions(documents: dict, formats: list[str], progress=None, jobs: int | None = None,
                   pdfa: bool = False) -> dict[str, dict[str, bytes | str]]:
    """Every region's convenant in ``formats``, by region (in the order of ``documents``)
    and format; ``progress(region, fmt)`` in that order. ``jobs`` processes (default
    jobs_wanted()), never more than regions; one means in this process, without a pool.
    ``pdfa``: each PDF as PDF/A-2b."""
    jobs = min(jobs if jobs is not None else jobs_wanted(), len(documents))
    if jobs <= 1:
        return {region: render_convenant(doc, formats, progress, pdfa)
                for region, doc in documents.items()}
    return _in_pool(documents, formats, progress, jobs, pdfa)


def start_early(formats: list[str], jobs: int, regions: list[str] | None) -> None:
    """When a build will use the pool (``jobs`` > 1, several or all ``regions``), start the
    fork server now: it imports the renderers (weasyprint for a PDF, ~0.7 s) while this
    process loads and checks the data. It only starts a process; nothing is rendered."""
    if jobs > 1 and (regions is None or len(set(regions)) > 1):
        _context(formats)
        if START_METHOD == "forkserver":
            from multiprocessing import forkserver
            forkserver.ensure_running()


def _context(formats: list[str]):
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":  # takes effect when the server starts (once a process)
        context.set_forkserver_preload(PRELOAD + (["generator.render.pdf"] if "pdf" in formats
                                                  else []))
    return context


def _in_pool(documents: dict, formats: list[str], progress, jobs: int, pdfa: bool = False):
    context = _context(formats)
    # Only this process holds ``alive``: when it ends, however it ends, the workers read EOF.
    gone, alive = context.Pipe(duplex=False)
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_started,
                                   initargs=(gone,))
    try:
        futures = {region: executor.submit(render_one, doc, formats, pdfa)
                   for region, doc in documents.items()}
        rendered = {}
        for region, future in futures.items():
            for fmt in formats:  # said as the region is waited for: the lines come in order
                if progress:
                    progress(region, fmt)
            rendered[region] = _result(future)
        return rendered
    except BaseException:
        # An error, Ctrl-C or SIGTERM: the regions still running are of no use any more.
        _stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        alive.close()
        gone.close()


def _worker_started(gone) -> None:
    """In each worker: Ctrl-C in a terminal reaches every process of the group; the parent
    alone handles it (and stops the workers), so a worker prints no traceback of its own.
    A build killed outright (SIGKILL) cannot stop its workers: they end themselves when it
    is gone (``gone`` reads EOF)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_when_gone, args=(gone,), daemon=True).start()


def _end_when_gone(gone) -> None:
    try:
        gone.recv_bytes()
    except (EOFError, OSError):
        pass
    os._exit(1)


def render_one(doc, formats: list[str], pdfa: bool = False) -> dict[str, bytes | str]:
    """In a worker: one region's convenant in ``formats``. An error that would not come back
    intact through pickle (a DataError is made from its problems) is sent as its parts."""
    try:
        return render_convenant(doc, formats, pdfa=pdfa)
    except DataError as exc:
        raise _Carried(type(exc).__name__, str(exc), exc.problems) from None
    except Exception as exc:
        try:
            back = pickle.loads(pickle.dumps(exc))
            intact = type(back) is type(exc) and str(back) == str(exc)
        except Exception:  # noqa: BLE001 - whatever pickle raises, the error is sent as parts
            intact = False
        if intact:
            raise
        raise _Carried(type(exc).__name__, str(exc)) from None


class _Carried(Exception):
    """An error of a worker sent back as its parts: a DataError as its problems, any other
    as its class name and message (reported as the serial build reports it)."""

    def __init__(self, name: str, message: str, problems=None):
        super().__init__(name, message, problems)

    def rebuilt(self) -> Exception:
        name, message, problems = self.args
        if problems is not None:
            return DataError(problems)
        return type(name, (Exception,), {})(message)


def _result(future: Future) -> dict[str, bytes | str]:
    try:
        return future.result()
    except _Carried as carried:
        raise carried.rebuilt() from None


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """End the workers now, not after their current region; what has not started is
    cancelled by the shutdown that follows. Python 3.14 has ``terminate_workers()``; before
    it the processes are only reachable through the executor's ``_processes``."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
