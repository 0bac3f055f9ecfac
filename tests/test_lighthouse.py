"""Lighthouse (npm, pinned in package.json) on a phone over every page type of the example site: accessibility,
best practices and SEO at 0.95 or more. One built site, one server, one chromium and one Lighthouse process for all
pages; performance is left to bench/lighthouse.py, since on a shared machine it measures the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.lighthouse import PAGES, Audit, audit

ASSERTED = ("accessibility", "best-practices", "seo")
LEAST_SCORE = 0.95


@pytest.fixture(scope="module")
def audits(example_url: str) -> dict[str, Audit]:
    return audit(example_url, PAGES, ASSERTED)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_scores_well_on_a_phone(audits: dict[str, Audit], page: str) -> None:
    result = audits[page]
    assert set(result.scores) == set(ASSERTED)
    low = {category: score for category, score in result.scores.items() if score < LEAST_SCORE}
    assert low == {}, f"{result.address}: {low}; audits not passed: {[item['id'] for item in result.failing]}"


def test_lighthouse_is_pinned_and_downloads_no_browser() -> None:
    project = Path(__file__).resolve().parent.parent
    assert '"lighthouse": "12.2.3"' in (project / "package.json").read_text(encoding="utf-8")
    assert '"node_modules/lighthouse": {\n      "version": "12.2.3"' in (project / "package-lock.json").read_text(encoding="utf-8")
