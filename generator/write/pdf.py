"""Worksheets to PDF with WeasyPrint: the worksheet's own HTML and stylesheet, on the paper asked for.

The document is the one the site shows and a browser prints; only the paper
size is added here, since a browser takes it from the printer. WeasyPrint
embeds a subset of every font it uses and writes the title, author and date
from the document's ``<title>`` and ``<meta>`` tags, so the PDF's text stays
selectable and its metadata says what and whose it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import lru_cache
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


@lru_cache(maxsize=64)
def pdf_of(html: str, paper: Paper) -> bytes:
    """The worksheet as PDF bytes; cached, so the preview's rebuilds redo only the worksheets whose HTML changed."""
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=f"@page {{ size: {PAPERS[paper]}; }}")], pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def worksheet_files(tree: DocsTree) -> dict[str, bytes]:
    """The site's blank worksheets, each as its page and its PDF, on the paper the site's locale uses."""
    paper = paper_for(tree.locale)
    files: dict[str, bytes] = {}
    for path, html in tree.worksheets.items():
        files[path] = html.encode("utf-8")
        files[path.removesuffix(".html") + ".pdf"] = pdf_of(html, paper)
    return files


def write_pdf(html: str, paper: Paper, path: Path) -> None:
    write_file(path, pdf_of(html, paper))


def write_pdfs(worksheets: list[tuple[str, Path]], paper: Paper, jobs: int, done: Callable[[int], None]) -> None:
    """Writes each worksheet's PDF, ``jobs`` at a time in processes of their own (laying out pages is the slow part,
    and it holds the interpreter); ``done`` hears of each one written. At most two per process wait their turn, so
    a list of any length takes little memory."""
    if jobs == 1 or len(worksheets) < 2:
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
