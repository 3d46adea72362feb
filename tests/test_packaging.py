"""A built wheel installs only the narrator package, which finds its bundled data itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent

INSTALLED_CHECK = """
import importlib.util, sys, types
site = sys.argv[1]
sys.path.insert(0, site)
import narrator
import narrator.render as r
import narrator.compose as c
from narrator import Catalog
from narrator.bundled import PHRASEBOOK_DIR, PROFILES_DIR
assert narrator.__file__.startswith(site), narrator.__file__
assert isinstance(r, types.ModuleType) and isinstance(c, types.ModuleType)
assert str(PHRASEBOOK_DIR).startswith(site) and str(PROFILES_DIR).startswith(site)
assert [importlib.util.find_spec(name) for name in ("phrasebook", "profiles")] == [None, None]
catalog = Catalog.bundled()
assert len(catalog) == 833, len(catalog)
assert (PHRASEBOOK_DIR / "outline.toml").is_file()
a, b = catalog.find("Loan Officers"), catalog.find("Actors")  # the bundled phrasebook writes
print(r.render(c.compose(a, b), "markdown").splitlines()[0])
"""


def test_wheel_installs_only_narrator_with_its_data(tmp_path: Path) -> None:
    """The wheel holds narrator/ and its dist-info only; installed, it finds 833 profiles."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("narrator", "phrasebook", "profiles"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for file in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / file, source / file)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", str(source), "-w", str(tmp_path / "wheels")],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheels").glob("narrator-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    tops = {name.split("/")[0] for name in names}
    assert sorted(tops) == ["narrator", wheel.name.split("-py")[0] + ".dist-info"]
    # Every module of the source tree is in it (a subpackage left out of pyproject's list is not).
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "narrator").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sorted(modules - names) == []

    site = tmp_path / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in site.iterdir() if p.name != "bin") == sorted(tops)
    env = {**os.environ, "NARRATOR_CACHE_DIR": "off"}
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED_CHECK, str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "# Loan Officers vs Actors\n"
