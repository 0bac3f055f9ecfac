"""Worksheets to PDF with WeasyPrint: the worksheet's own HTML and stylesheet, on the paper asked for.

The document is the one the site shows and a browser prints; only the paper
size is added here, since a browser takes it from the printer. WeasyPrint
embeds a subset of every font it uses and writes the title, author and date
from the document's ``<title>`` and ``<meta>`` tags, so the PDF's text stays
selectable and its metadata says what and whose it is.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Literal

from generator.diagnostics import DecideError
from generator.render import DocsTree

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}

LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR"})
"""Where Letter is the usual paper; everywhere else A4 is."""


def paper_for(locale: str) -> Paper:
    """The paper a site's readers print on, from its locale's territory: ``en-US`` -> Letter, ``en-GB`` -> A4."""
    territory = locale.replace("_", "-").split("-")[-1].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


KEPT = 256
"""How many PDFs stay in memory, so that building again redoes only the worksheets whose page changed."""

_made: OrderedDict[tuple[str, Paper], bytes] = OrderedDict()
_made_lock = threading.Lock()


def pdf_of(html: str, paper: Paper) -> bytes:
    """The worksheet as PDF bytes, made once for each document and paper."""
    key = (html, paper)
    with _made_lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
    return _remember(key, _written(html, paper))


def pdfs_of(htmls: list[str], paper: Paper, jobs: int) -> list[bytes]:
    """Many worksheets' PDFs, in order: those made before from memory, the others ``jobs`` at a time."""
    with _made_lock:
        known = {html: _made[(html, paper)] for html in htmls if (html, paper) in _made}
    missing = [html for html in dict.fromkeys(htmls) if html not in known]
    made = (_written(html, paper) for html in missing) if jobs == 1 else pdfs_in_turn(missing, paper, jobs)
    for html, pdf in zip(missing, made, strict=True):
        known[html] = _remember((html, paper), pdf)
    return [known[html] for html in htmls]


PDFS_PER_WORKER = 250
"""How many PDFs a set of workers makes, each, before fresh ones take over. WeasyPrint keeps a little of every document
(a few hundredths of a MB once the fonts are shared, a third of a MB when they are not), so a long batch would
otherwise grow without end; starting a worker takes about a second, under 1% of its 250 PDFs."""

WATCH_PARENT_EVERY = 0.25
"""Seconds between a worker's checks that the command that started it is still running."""


def pdfs_in_turn(htmls: Iterable[str], paper: Paper, jobs: int) -> Generator[bytes, None, None]:
    """Each worksheet's PDF in the order given, made ``jobs`` at a time in worker processes (laying out pages is the slow
    part, and it holds the interpreter). At most two pages per worker wait their turn, so a list of any length takes
    little memory, and every ``PDFS_PER_WORKER`` PDFs each a fresh set of workers takes over while the last finishes.

    Workers are started afresh rather than forked, which is safe whatever threads the caller runs (the preview's, a
    test runner's). They end with the command however it ends: when it stops early (an error, a signal) the work
    waiting is dropped, and a worker whose command is gone exits by itself.
    """
    pools: list[ProcessPoolExecutor] = []
    waiting: deque[Future[bytes]] = deque()
    finished = False
    try:
        for number, html in enumerate(htmls):
            if number % (jobs * PDFS_PER_WORKER) == 0:
                if pools:
                    pools[-1].shutdown(wait=False)
                pools.append(ProcessPoolExecutor(jobs, multiprocessing.get_context("spawn"), _worker_started, (os.getpid(),)))
            waiting.append(pools[-1].submit(_written, html, paper))
            if len(waiting) > 2 * jobs:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise DecideError("A worker making the PDFs stopped before it finished (killed, or out of memory); try again with fewer --jobs.") from None
    finally:
        for pool in pools:
            pool.shutdown(wait=finished, cancel_futures=not finished)


def _worker_started(command: int) -> None:
    """In each worker: Ctrl-C and a closed terminal are the command's to handle (it stops the workers), and a worker
    whose command has gone (killed outright) exits rather than live on as an orphan."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(command,), daemon=True).start()


def _end_with(command: int) -> None:
    while os.getppid() == command:
        time.sleep(WATCH_PARENT_EVERY)
    os._exit(1)


def _remember(key: tuple[str, Paper], pdf: bytes) -> bytes:
    with _made_lock:
        _made[key] = pdf
        while len(_made) > KEPT:
            _made.popitem(last=False)
    return pdf


_typesetting = threading.local()
"""Per thread (one in a worker): WeasyPrint's font configuration and the paper stylesheets, made once. A configuration
made for every PDF is what made a long batch grow by a third of a MB per PDF."""


def _written(html: str, paper: Paper) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_typesetting, "fonts"):
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        _typesetting.fonts = FontConfiguration()
        _typesetting.papers = {}
    if paper not in _typesetting.papers:
        _typesetting.papers[paper] = CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", font_config=_typesetting.fonts)
    document = HTML(string=html)
    return document.write_pdf(stylesheets=[_typesetting.papers[paper]], font_config=_typesetting.fonts, pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def worksheet_files(tree: DocsTree, with_pdfs: bool = True) -> dict[str, bytes]:
    """The site's blank worksheets, each as its page and (unless the preview makes them when asked) its PDF, on the paper the site's locale uses."""
    files = {worksheet.path: worksheet.html.encode("utf-8") for worksheet in tree.worksheets}
    if with_pdfs:
        pdfs = pdfs_of([worksheet.html for worksheet in tree.worksheets], paper_for(tree.locale), os.cpu_count() or 1)
        files.update({worksheet.pdf_path: pdf for worksheet, pdf in zip(tree.worksheets, pdfs, strict=True)})
    return files


def page_pdf(html: str) -> bytes:
    """A worksheet page's PDF, on the paper of the locale it is written in (its ``<html lang>``, the site's locale)."""
    language = re.search(r'<html lang="([^"]+)"', html)
    return pdf_of(html, paper_for(language.group(1) if language else ""))
