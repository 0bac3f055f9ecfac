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
from pathlib import Path
from typing import Literal

from generator.diagnostics import DecideError
from generator.render import DocsTree
from generator.write.pdf_cache import DiskCache, installed_software, kept_for_build, pdf_key, typesetting

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}

LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR"})
"""Where Letter is the usual paper; everywhere else A4 is."""


def paper_for(locale: str) -> Paper:
    """The paper a site's readers print on, from its locale's territory: ``en-US`` -> Letter, ``en-GB`` -> A4."""
    territory = locale.replace("_", "-").split("-")[-1].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


KEPT = 256
"""How many PDFs stay in memory besides those on disk: the preview's, made when asked, and a test run's many builds."""

_made: OrderedDict[str, bytes] = OrderedDict()
_made_lock = threading.Lock()


def pdf_of(html: str, paper: Paper) -> bytes:
    """The worksheet as PDF bytes, made once for each document, paper and typesetting while the command runs."""
    key = _key(html, paper, typesetting(installed_software()))
    return _remembered(key) or _remember(key, _written(html, paper))


def pdfs_of(htmls: list[str], paper: Paper, jobs: int, kept_in: Path | None = None) -> list[bytes]:
    """Many worksheets' PDFs, in order: those made before reused, the others made ``jobs`` at a time.

    With ``kept_in`` (``build/pdf-cache``) the PDFs are also kept on disk for the next build, which reuses them while
    nothing that decides their bytes changed; the folder then keeps just these (see ``pdf_cache``).
    """
    with kept_for_build(kept_in) as disk:
        return pdfs_kept_in(htmls, paper, jobs, disk)


def pdfs_kept_in(htmls: list[str], paper: Paper, jobs: int, disk: DiskCache | None) -> list[bytes]:
    """``pdfs_of`` for one part of a build (one language's worksheets) that shares ``disk`` with the others."""
    setting = typesetting(installed_software())
    keys = [_key(html, paper, setting) for html in htmls]
    kept = disk if setting is not None else None
    known = {key: pdf for key in dict.fromkeys(keys) if (pdf := _reused(key, kept)) is not None}
    missing = {key: html for key, html in zip(keys, htmls, strict=True) if key not in known}
    for key, pdf in zip(missing, _made_from(list(missing.values()), paper, jobs), strict=True):
        known[key] = _remember(key, pdf)
        if kept is not None:
            kept.put(key, pdf)
    return [known[key] for key in keys]


UNKNOWN_TYPESETTING = "unknown"
"""What keys the PDFs in memory when the fonts or a library's version cannot be known (none is then kept on disk)."""

FEWEST_PER_WORKER = 4
"""A worker takes about a second to start (it imports WeasyPrint and loads the fonts), what four PDFs take to lay out:
fewer missing PDFs than that per processor are made here, by fewer workers or none."""


def _reused(key: str, disk: DiskCache | None) -> bytes | None:
    """A PDF made before: from disk, or from memory (and then put on disk for the next build)."""
    pdf = disk.get(key) if disk is not None else None
    if pdf is None:
        pdf = _remembered(key)
        if pdf is not None and disk is not None:
            disk.put(key, pdf)
    return pdf


def _made_from(htmls: list[str], paper: Paper, jobs: int) -> Iterable[bytes]:
    workers = min(jobs, len(htmls) // FEWEST_PER_WORKER)
    return (_written(html, paper) for html in htmls) if workers <= 1 else pdfs_in_turn(htmls, paper, workers)


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


def _remembered(key: str) -> bytes | None:
    with _made_lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
    return None


def _remember(key: str, pdf: bytes) -> bytes:
    with _made_lock:
        _made[key] = pdf
        while len(_made) > KEPT:
            _made.popitem(last=False)
    return pdf


VARIANT = "pdf/ua-1"
"""PDF/UA: tagged, so screen readers read the worksheet in order and its text stays selectable."""


def _page_style(paper: Paper) -> str:
    return f"@page {{ size: {PAPERS[paper]}; }}"


def _key(html: str, paper: Paper, setting: str | None) -> str:
    """The key of the PDF ``_written`` makes: the page, and all WeasyPrint is given besides (see ``pdf_cache``)."""
    return pdf_key(html, f"{_page_style(paper)} {VARIANT}", setting or UNKNOWN_TYPESETTING)


class _Typesetter:
    """WeasyPrint's font configuration and the paper stylesheets, made once in each process (a worker, or the command
    itself) and used for every PDF it makes, one at a time. A configuration made for every PDF is what made a long batch
    grow by a third of a MB per PDF, and loading it takes longer than laying out a page."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fonts: object = None
        self.papers: dict[Paper, object] = {}

    def written(self, html: str, paper: Paper) -> bytes:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        with self.lock:
            if self.fonts is None:
                logging.getLogger("weasyprint").setLevel(logging.ERROR)
                logging.getLogger("fontTools").setLevel(logging.ERROR)
                self.fonts = FontConfiguration()
            if paper not in self.papers:
                self.papers[paper] = CSS(string=_page_style(paper), font_config=self.fonts)
            document = HTML(string=html)
            return document.write_pdf(stylesheets=[self.papers[paper]], font_config=self.fonts, pdf_variant=VARIANT)  # type: ignore[no-any-return]


_typesetter = _Typesetter()


def _written(html: str, paper: Paper) -> bytes:
    return _typesetter.written(html, paper)


def worksheet_files(tree: DocsTree, with_pdfs: bool = True, kept_in: DiskCache | None = None) -> dict[str, bytes]:
    """One language's blank worksheets, each as its page and (unless the preview makes them when asked) its PDF, on the
    paper the language's locale uses; PDFs kept in ``kept_in`` by an earlier build are reused, and those made kept."""
    files = {worksheet.path: worksheet.html.encode("utf-8") for worksheet in tree.worksheets}
    if with_pdfs:
        pdfs = pdfs_kept_in([worksheet.html for worksheet in tree.worksheets], paper_for(tree.locale), os.cpu_count() or 1, kept_in)
        files.update({worksheet.pdf_path: pdf for worksheet, pdf in zip(tree.worksheets, pdfs, strict=True)})
    return files


def page_pdf(html: str) -> bytes:
    """A worksheet page's PDF, on the paper of the locale it is written in (its ``<html lang>``, the site's locale)."""
    language = re.search(r'<html lang="([^"]+)"', html)
    return pdf_of(html, paper_for(language.group(1) if language else ""))
