"""Another company's brand in real Chromium: the header, links, buttons and chart take its colours in light and
dark, the title is in the text colour, its logo loads, and no request leaves the site (no font service, no stock icon)."""

from __future__ import annotations

import re

import pytest

from generator.compute.contrast import contrast
from tests.browsing import serving
from tests.conftest import build_project, one_language
from tests.test_brand import OTHER_ACCENT, OTHER_PRIMARY, other_brand_project


@pytest.fixture(scope="module")
def other_brand_url(tmp_path_factory):
    """The other brand's site (without its placeholder font, which a browser would refuse to decode), served on loopback;
    in English only, as the pages looked at here are (test_brand.py finds the brand on every language's pages)."""
    site = build_project(one_language(other_brand_project(tmp_path_factory.mktemp("other-brand-browser") / "project", font=False)))
    with serving(site) as base:
        yield base


def rgb(colour: str) -> str:
    """``#0b6e4f`` as a browser computes it: ``rgb(11, 110, 79)``."""
    return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"


def hex_of(computed: str) -> str:
    """``rgb(11, 110, 79)`` (or ``rgba(…, 1)``) back to ``#0b6e4f``."""
    red, green, blue = (int(part) for part in re.findall(r"[\d.]+", computed)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def style(page, selector: str, property_name: str) -> str:
    return page.locator(selector).first.evaluate(f"element => getComputedStyle(element).{property_name}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_other_brand_colours_the_header_links_and_buttons(browser, other_brand_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(other_brand_url)
        page.wait_for_load_state("networkidle")
        assert style(page, ".md-header", "backgroundColor") == rgb(OTHER_PRIMARY)
        assert style(page, "[data-next-action]", "backgroundColor") == rgb(OTHER_ACCENT)
        assert style(page, "[data-next-action]", "color") == rgb("#ffffff")
        link = hex_of(style(page, ".md-content p a:not(.md-button)", "color"))
        background = hex_of(style(page, "body", "backgroundColor"))
        if scheme == "light":
            assert link == OTHER_PRIMARY
        else:
            assert link != OTHER_PRIMARY, "on the slate background the link takes a lighter tint"
        assert contrast(link, background) >= 4.5
        assert style(page, ".md-content h1", "color") == style(page, "article.md-typeset", "color"), "the title in the text colour, not the grey"
        logo = page.locator(".md-header .md-logo img")
        assert logo.get_attribute("src") == "assets/brand/logo.svg"
        assert logo.evaluate("image => image.complete && image.naturalWidth > 0")
        assert page.locator(".md-header .md-logo svg").count() == 0
        home = other_brand_url.rstrip("/")
        assert [url for url in requests if not url.startswith(home) and not url.startswith(("data:", "blob:"))] == []
    finally:
        context.close()


def test_the_chart_draws_in_the_brand_colours(browser, other_brand_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(other_brand_url + "calculators/scan-to-ship-payback/")
        assert style(page, ".decide-chart__net", "stroke") == rgb(OTHER_PRIMARY)
        assert style(page, ".decide-chart__break-even circle", "stroke") == rgb(OTHER_ACCENT)
    finally:
        context.close()


def test_the_footer_is_on_the_primary_colour(browser, other_brand_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(other_brand_url + "offerings/")
        assert style(page, ".decide-footer", "backgroundColor") == rgb(OTHER_PRIMARY)
        assert style(page, ".decide-footer a", "color") == rgb("#ffffff")
        assert page.locator(".decide-footer").inner_text().count("Quarrybrook & Co") == 1
    finally:
        context.close()
