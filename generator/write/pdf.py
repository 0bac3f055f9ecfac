"""Worksheets to PDF with WeasyPrint: the worksheet's own HTML and stylesheet, on the paper asked for.

The document is the one the site shows and a browser prints; only the paper
size is added here, since a browser takes it from the printer. WeasyPrint
embeds a subset of every font it uses and writes the title, author and date
from the document's ``<title>`` and ``<meta>`` tags, so the PDF's text stays
selectable and its metadata says what and whose it is.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import repeat
from pathlib import Path
from typing import Literal

from generator.render import DocsTree
from generator.write.files import write_file

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}

LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR"})
"""Where Letter is the usual paper; everywhere else A4 is."""


def paper_for(locale: str) -> Paper:
    """The paper a site's readers print on, from its locale's territory: ``en-US`` -> Letter, ``en-GB`` -> A4."""
    territory = locale.replace("_", "-").split("-")[-1].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


KEPT = 64
"""How many PDFs stay in memory: every blank worksheet of a site, so the preview redoes only those whose page changed."""

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
    """Many worksheets' PDFs, in order; those not made yet are made ``jobs`` at a time, in processes of their own."""
    with _made_lock:
        missing = [html for html in dict.fromkeys(htmls) if (html, paper) not in _made]
    if jobs > 1 and len(missing) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(missing))) as pool:
            for html, pdf in zip(missing, pool.map(_written, missing, repeat(paper)), strict=True):
                _remember((html, paper), pdf)
    return [pdf_of(html, paper) for html in htmls]


def _remember(key: tuple[str, Paper], pdf: bytes) -> bytes:
    with _made_lock:
        _made[key] = pdf
        while len(_made) > KEPT:
            _made.popitem(last=False)
    return pdf


def _written(html: str, paper: Paper) -> bytes:
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=f"@page {{ size: {PAPERS[paper]}; }}")], pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


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


def write_pdf(html: str, paper: Paper, path: Path) -> None:
    write_file(path, pdf_of(html, paper))


def write_pdfs(worksheets: Iterable[tuple[str, Path]], paper: Paper, jobs: int, done: Callable[[int], None]) -> None:
    """Writes each worksheet's PDF, ``jobs`` at a time in processes of their own (laying out pages is the slow part,
    and it holds the interpreter); ``done`` hears of each one written. At most two per process wait their turn, so
    a list of any length takes little memory."""
    if jobs == 1:
        for html, path in worksheets:
            write_pdf(html, paper, path)
            done(1)
        return
    pdf_of("<!DOCTYPE html><title>warm-up</title>", paper)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        running: set[Future[None]] = set()
        for html, path in worksheets:
            if len(running) >= 2 * jobs:
                running = _finished(running, done)
            running.add(pool.submit(write_pdf, html, paper, path))
        while running:
            running = _finished(running, done)


def _finished(running: set[Future[None]], done: Callable[[int], None]) -> set[Future[None]]:
    """Waits for at least one to finish; raises what a worker raised."""
    finished, still_running = wait(running, return_when=FIRST_COMPLETED)
    for future in finished:
        future.result()
        done(1)
    return still_running
