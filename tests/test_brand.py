"""The brand: `decide check` on its files and colours, and the built site carrying it (and the meta tags and footer).

Checks run in-process on a copy of the example content; one copy with another company's brand is built once for
the site-wide assertions, and the example site (built once per run) for the meta tags of every page type.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from generator.compute.contrast import SLATE_BACKGROUND, WHITE, contrast, nearest_passing, ratio_text
from tests.conftest import build_project, copy_project, problem_at
from tests.test_worksheets import fonts_embedded

SITE = "content/site.yml"

OTHER_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="40" height="40" rx="8" fill="#7a3b9c"/>
<text x="48" y="26" font-size="14" fill="#ffffff">Quarrybrook</text></svg>
"""
OTHER_PRIMARY, OTHER_ACCENT = "#0b6e4f", "#7a3b9c"
MATERIAL_INDIGO = "#4051b5"
EXAMPLE_PRIMARY = "#1f5c4a"


def png(width: int = 1, height: int = 1, padding: int = 0) -> bytes:
    """A real PNG image; ``padding`` bytes of an ancillary chunk make it as large as a test needs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\xff\xff" * width * height)
    extra = chunk(b"tEXt", b"pad\x00" + b"x" * padding) if padding else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + extra + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


OTHER_FONT_FAMILY = "Quarrybrook Text"
PRINT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""A font `make` installs, renamed and cut to Latin below: a real .woff2 of a family no system has."""


def woff2_font(family: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(PRINT_FONT)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=range(0x20, 0x17F))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    font.flavor = "woff2"
    written = io.BytesIO()
    font.save(written)
    return written.getvalue()


def set_brand(content: Path, **brand: object) -> None:
    """Rewrites the copy's site.yml with ``brand`` (and the rest as it was)."""
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site["brand"] = brand
    (content / "site.yml").write_text(yaml.safe_dump(site, sort_keys=False, allow_unicode=True), encoding="utf-8")


def brand_line(content: Path, field: str) -> int:
    """The line of ``field:`` under ``brand:`` in the copy's site.yml."""
    lines = (content / "site.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("brand:")
    return next(number for number, line in enumerate(lines, start=1) if number > start and line.strip().startswith(f"{field}:"))


# The contrast computation, by the numbers WCAG gives.


def test_contrast_is_wcag_relative_luminance():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#777777", WHITE) == pytest.approx(4.478, abs=0.001)
    assert contrast(WHITE, "#777777") == contrast("#777777", WHITE)
    assert ratio_text(4.4999) == "4.4:1"


def test_nearest_passing_colour_keeps_the_hue_and_just_passes():
    darker = nearest_passing("#ffcc00", WHITE)
    assert darker == "#8f7200"
    assert 4.5 <= contrast(darker, WHITE) < 4.7
    assert nearest_passing("#1f5c4a", WHITE) == "#1f5c4a"
    lighter = nearest_passing(OTHER_PRIMARY, SLATE_BACKGROUND)
    assert contrast(lighter, SLATE_BACKGROUND) >= 4.5 and contrast(OTHER_PRIMARY, SLATE_BACKGROUND) < 4.5


# decide check on the brand.


def test_a_low_contrast_primary_is_an_error_with_its_ratio_and_a_colour_that_passes(content, check):
    set_brand(content, logo="brand/logo.svg", primary="#ffcc00", accent="#a34a1a")
    run = check()
    assert run.status == 1
    problem = problem_at(run, SITE, "E085")
    assert problem["severity"] == "error"
    assert problem["field"] == "brand.primary"
    assert problem["line"] == brand_line(content, "primary") and problem["column"] > 0
    assert "1.5:1" in problem["message"] and "`#8f7200`" in problem["message"] and "4.5:1" in problem["message"]


def test_a_low_contrast_accent_is_an_error_too(content, check):
    set_brand(content, logo="brand/logo.svg", primary="#1f5c4a", accent="#7fd1b9")
    problem = problem_at(check(), SITE, "E085")
    assert problem["field"] == "brand.accent"
    assert f"{ratio_text(contrast('#7fd1b9', WHITE))} with white" in problem["message"]
    assert nearest_passing("#7fd1b9", WHITE) in problem["message"]


def test_the_examples_brand_passes(check):
    assert check().codes() == set()


def test_a_missing_logo_is_reported_at_its_field(content, check):
    set_brand(content, logo="brand/missing.svg")
    problem = problem_at(check(), SITE, "E080")
    assert problem["field"] == "brand.logo" and problem["line"] == brand_line(content, "logo")
    assert "content/brand/missing.svg" in problem["message"]


def test_an_oversized_logo_is_refused(content, check):
    (content / "brand" / "big.png").write_bytes(png(padding=210_000))
    set_brand(content, logo="brand/big.png")
    problem = problem_at(check(), SITE, "E083")
    assert "200,000" in problem["message"] and "brand/big.png" in problem["message"]


def test_a_png_named_svg_is_refused_by_its_bytes(content, check):
    (content / "brand" / "logo.svg").write_bytes(png())
    problem = problem_at(check(), SITE, "E082")
    assert "is a PNG image" in problem["message"] and ".png" in problem["message"]


def test_a_file_that_is_no_image_is_refused(content, check):
    (content / "brand" / "favicon.svg").write_text("just some text\n", encoding="utf-8")
    problem = problem_at(check(), SITE, "E082")
    assert problem["field"] == "brand.favicon"
    assert "not an SVG, PNG or WebP" in problem["message"]


def test_an_svg_with_a_script_is_refused(content, check):
    (content / "brand" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n', encoding="utf-8")
    assert "script" in problem_at(check(), SITE, "E082")["message"]


def test_a_logo_linked_from_outside_content_is_refused(content, check, tmp_path):
    outside = tmp_path / "elsewhere.svg"
    outside.write_text(OTHER_LOGO, encoding="utf-8")
    (content / "brand" / "linked.svg").symlink_to(outside)
    set_brand(content, logo="brand/linked.svg")
    problem = problem_at(check(), SITE, "E081")
    assert "outside the content folder" in problem["message"]


def test_a_logo_path_leading_out_of_content_is_refused(content, check, tmp_path):
    (tmp_path / "secret.svg").write_text(OTHER_LOGO, encoding="utf-8")
    set_brand(content, logo="../secret.svg")
    assert "outside the content folder" in problem_at(check(), SITE, "E081")["message"]


def test_a_folder_named_as_the_logo_is_refused(content, check):
    (content / "brand" / "folder.svg").mkdir()
    set_brand(content, logo="brand/folder.svg")
    assert "a folder" in problem_at(check(), SITE, "E081")["message"]


@pytest.mark.parametrize(("name", "data"), [("body.ttf", b"\x00\x01\x00\x00rest"), ("body.woff2", b"wOFFnot-two"), ("body.woff2", b"")])
def test_a_font_that_is_not_woff2_is_refused(content, check, name, data):
    (content / "brand" / name).write_bytes(data)
    set_brand(content, logo="brand/logo.svg", fonts=[f"brand/{name}"])
    problem = problem_at(check(), SITE, "E084")
    assert problem["field"] == "brand.fonts[0]"


def test_the_brand_folder_is_no_stray(check):
    assert "W001" not in check().codes()


# The example site: meta tags on every page type, the footer.

PAGES = {
    "index.html": "Scanning, stock planning and month-end tools",
    "problems/picking-errors/index.html": "Wrong products and wrong quantities",
    "offerings/scan-to-ship/index.html": None,
    "calculators/scan-to-ship-payback/index.html": "Enter your own warehouse",
    "selectors/where-to-start/index.html": "Five short questions",
    "offerings/index.html": "grouped by the problem each offering solves",
    "reasons/index.html": "The results customers of Fernhollow Systems got",
    "mistakes/index.html": "The mistakes buyers most often make",
    "worksheets/index.html": "Worksheets to print",
}


def meta(html: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_type_has_a_description_and_a_card(example_site, example_content, page):
    html = (example_site / page).read_text(encoding="utf-8")
    expected = PAGES[page] or example_content.offerings["scan-to-ship"].model.summary
    description = meta(html, "name", "description")
    assert description and expected in description.replace("&#39;", "'")
    assert meta(html, "property", "og:description") == description
    assert meta(html, "property", "og:title")
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "property", "og:image").endswith("assets/brand/logo.svg")
    assert 'rel="canonical"' not in html, "no site_url, no canonical"


def test_every_page_has_the_footer(example_site):
    for page in [*PAGES, "404.html"]:
        html = (example_site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer decide-footer">') :]
        assert 'href="tel:+441423496021"' in footer and 'href="mailto:hello@fernhollow.example"' in footer
        assert "4 Bramble Court, Harrogate HG1 2RT" in footer and 'href="https://fernhollow.example/privacy">Privacy policy</a>' in footer


# Another company's brand in a copy of the content.


def other_brand_project(folder: Path, font: bool = True) -> Path:
    """The example project with another logo, colours, a footer with markup in it, a site_url and (with ``font``) a font."""
    project = copy_project(folder)
    content = project / "content"
    (content / "brand" / "quarry.svg").write_text(OTHER_LOGO, encoding="utf-8")
    brand: dict[str, object] = {"logo": "brand/quarry.svg", "primary": OTHER_PRIMARY, "accent": OTHER_ACCENT}
    if font:
        (content / "brand" / "text.woff2").write_bytes(woff2_font(OTHER_FONT_FAMILY))
        brand["fonts"] = ["brand/text.woff2"]
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site.update(
        name="Quarrybrook & Co",
        brand=brand,
        footer={"address": "<script>alert(1)</script> 1 Quarry Row", "email": "sales@quarrybrook.example", "links": [{"label": "Terms & <b>conditions</b>", "url": "https://quarrybrook.example/terms"}]},
    )
    (content / "site.yml").write_text(yaml.safe_dump(site, sort_keys=False, allow_unicode=True), encoding="utf-8")
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["site_url"] = "https://decide.quarrybrook.example/"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def other_brand(tmp_path_factory) -> Path:
    """The other brand's project, built once: its site folder."""
    return build_project(other_brand_project(tmp_path_factory.mktemp("other-brand") / "project"))


def site_text(site: Path) -> str:
    """Every page, stylesheet and worksheet of a built site, for looking for a colour or a file anywhere in it."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(site.rglob("*")) if path.suffix in (".html", ".css") and "assets/stylesheets" not in path.as_posix())


def test_another_brand_shows_its_colours_and_logo_and_nothing_stock(other_brand):
    colours = (other_brand / "assets/brand/colours.css").read_text(encoding="utf-8")
    assert f"--decide-primary: {OTHER_PRIMARY};" in colours and f"--decide-accent: {OTHER_ACCENT};" in colours
    assert f"--decide-link: {nearest_passing(OTHER_PRIMARY, SLATE_BACKGROUND)};" in colours
    assert (other_brand / "assets/brand/logo.svg").read_text(encoding="utf-8") == OTHER_LOGO
    everything = site_text(other_brand).lower()
    for stock in (EXAMPLE_PRIMARY, MATERIAL_INDIGO, "assets/images/favicon.png"):
        assert stock not in everything
    home = (other_brand / "index.html").read_text(encoding="utf-8")
    logo_button = home[home.index("md-header__button md-logo") :]
    logo_button = logo_button[: logo_button.index("</a>")]
    assert '<img src="assets/brand/logo.svg" alt="Quarrybrook &amp; Co">' in logo_button and "<svg" not in logo_button
    assert '<link rel="icon" href="assets/brand/logo.svg">' in home, "without a favicon the logo is the tab's icon"
    assert "assets/brand/colours.css" in home


def test_another_brand_reaches_the_worksheets(other_brand):
    sheet = (other_brand / "worksheets/break-even/scan-to-ship-payback.html").read_text(encoding="utf-8")
    assert f"--decide-primary: {OTHER_PRIMARY};" in sheet and f"--decide-accent: {OTHER_ACCENT};" in sheet
    assert '<p class="sheet__logo"><img src="data:image/svg+xml;base64,' in sheet
    assert '@font-face { font-family: "Brand text"; src: url("data:font/woff2;base64,' in sheet
    assert 'html { font-family: "Brand text", "DejaVu Sans"' in sheet


def test_the_worksheets_pdf_is_set_in_the_brand_font(other_brand):
    fonts = fonts_embedded(other_brand / "worksheets/break-even/scan-to-ship-payback.pdf")
    assert any(name.endswith("+Brand-text") and embedded for name, embedded in fonts), fonts


def test_a_brand_font_is_served_and_declared_never_fetched(other_brand):
    colours = (other_brand / "assets/brand/colours.css").read_text(encoding="utf-8")
    assert '@font-face {\n  font-family: "Brand text";\n  src: url("font-1.woff2") format("woff2");' in colours
    assert '--md-text-font: "Brand text";' in colours
    assert (other_brand / "assets/brand/font-1.woff2").read_bytes().startswith(b"wOF2")
    assert (other_brand / "assets/brand/font-1.woff2").stat().st_size < 100_000
    assert "fonts.googleapis" not in site_text(other_brand)


def test_site_url_gives_canonical_and_absolute_image(other_brand):
    page = (other_brand / "offerings/scan-to-ship/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://decide.quarrybrook.example/offerings/scan-to-ship/">' in page
    assert meta(page, "property", "og:url") == "https://decide.quarrybrook.example/offerings/scan-to-ship/"
    assert meta(page, "property", "og:image") == "https://decide.quarrybrook.example/assets/brand/logo.svg"


def test_footer_content_is_escaped(other_brand):
    home = (other_brand / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('<footer class="md-footer decide-footer">') :]
    assert "<script>alert(1)" not in footer and "&lt;script&gt;alert(1)&lt;/script&gt; 1 Quarry Row" in footer
    assert "Terms &amp; &lt;b&gt;conditions&lt;/b&gt;</a>" in footer
    assert '<p class="decide-footer__company">Quarrybrook &amp; Co</p>' in footer


def test_without_a_brand_the_header_has_the_name_and_neutral_colours(project):
    site = yaml.safe_load((project / "content/site.yml").read_text(encoding="utf-8"))
    del site["brand"], site["footer"]
    (project / "content/site.yml").write_text(yaml.safe_dump(site, sort_keys=False, allow_unicode=True), encoding="utf-8")
    built = build_project(project)
    home = (built / "index.html").read_text(encoding="utf-8")
    logo_button = home[home.index("md-header__button md-logo") :]
    assert "<img" not in logo_button[: logo_button.index("</a>")] and "<svg" not in logo_button[: logo_button.index("</a>")]
    assert '<link rel="icon" href="assets/decide/favicon.svg">' in home and 'property="og:image"' not in home
    colours = (built / "assets/brand/colours.css").read_text(encoding="utf-8")
    assert "--decide-primary: #37474f;" in colours and MATERIAL_INDIGO not in site_text(built).lower()
    footer = home[home.index('<footer class="md-footer decide-footer">') :]
    assert '<p class="decide-footer__company">Fernhollow Systems</p>' in footer and "<address" not in footer
