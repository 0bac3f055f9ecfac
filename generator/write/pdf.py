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
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Literal

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
    for html, pdf in zip(missing, pdfs_in_turn(missing, paper, jobs), strict=True):
        known[html] = _remember((html, paper), pdf)
    return [known[html] for html in htmls]


def pdfs_in_turn(htmls: Iterable[str], paper: Paper, jobs: int) -> Iterator[bytes]:
    """Each worksheet's PDF in the order given, made ``jobs`` at a time in processes of their own (laying out pages is
    the slow part, and it holds the interpreter). At most two pages per process wait their turn, so a list of any
    length takes little memory. The processes are started afresh rather than forked, which is safe whatever threads
    the caller runs (the preview's, a test runner's)."""
    if jobs == 1:
        yield from (_written(html, paper) for html in htmls)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        waiting: deque[Future[bytes]] = deque()
        for html in htmls:
            waiting.append(pool.submit(_written, html, paper))
            if len(waiting) > 2 * jobs:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


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
