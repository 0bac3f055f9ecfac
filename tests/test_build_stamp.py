"""A build that would make the same site again runs no engine; any change to the tree, the site or the stamp builds."""

from __future__ import annotations

from pathlib import Path

from generator.write.stamp import STAMP, fingerprint

SKIPPED = "Nothing changed since the last build"
BUILT = "Built the site into"


def test_the_fingerprint_changes_with_any_byte_path_or_engine() -> None:
    files = {"docs/index.md": b"# Home\n", "mkdocs.yml": b"site_name: x\n"}
    same = fingerprint(dict(reversed(files.items())), "mkdocs")
    assert fingerprint(files, "mkdocs") == same
    assert fingerprint({**files, "docs/index.md": b"# Home!\n"}, "mkdocs") != same
    assert fingerprint({"docs/home.md": b"# Home\n", "mkdocs.yml": b"site_name: x\n"}, "mkdocs") != same
    assert fingerprint(files, "zensical") != same


def test_a_build_is_skipped_only_while_tree_site_and_stamp_are_as_the_last_build_left_them(decide, english_project: Path) -> None:
    """In English only: the stamp is the whole tree's, whatever languages it holds."""
    project = english_project
    assert BUILT in decide("build", cwd=project).err
    index = project / "site" / "index.html"
    made = index.stat().st_mtime_ns

    again = decide("build", cwd=project)
    assert again.status == 0 and SKIPPED in again.err
    assert index.stat().st_mtime_ns == made

    index.write_text("changed by hand", encoding="utf-8")
    (project / "site" / "404.html").unlink()
    assert BUILT in decide("build", cwd=project).err
    assert "changed by hand" not in index.read_text(encoding="utf-8") and (project / "site" / "404.html").is_file()

    (project / "build" / STAMP).write_text("{", encoding="utf-8")
    assert BUILT in decide("build", cwd=project).err
    assert SKIPPED in decide("build", cwd=project).err

    offering = project / "content" / "offerings" / "care-plan.yml"
    offering.write_text(offering.read_text(encoding="utf-8").replace("name: Care Plan", "name: Care Plan Plus", 1), encoding="utf-8")
    assert BUILT in decide("build", cwd=project).err
    assert "Care Plan Plus" in (project / "site" / "offerings" / "care-plan" / "index.html").read_text(encoding="utf-8")
