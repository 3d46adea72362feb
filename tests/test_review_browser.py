"""The review app in a real browser (Debian's chromium driven by Playwright), end to end."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from narrator.editorial import queries
from narrator.editorial.corpus import Source
from narrator.editorial.store import ReviewStore
from tests.review_helpers import edit_salary, regenerate, small_catalog

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHOSEN = "opening.salary.a"  # the fragment whose phrasing the editor approves in the browser
ARTICLE = "chief-executive-vs-surgeon"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path, str]]:
    """A review server over the seed and edge profiles, all reviewed but one phrasing."""
    source = small_catalog(tmp_path / "profiles")
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        regenerate(store, source)
        chosen = store.conn.execute(
            "SELECT key FROM phrasings WHERE fragment = ? ORDER BY n1 DESC LIMIT 1", (CHOSEN,)
        ).fetchone()[0]
        keys = [
            k for (k,) in store.conn.execute("SELECT key FROM phrasings WHERE key != ?", (chosen,))
        ]
        store.decide("phrasing", keys, "approve", editor="earlier review")
        notes = [n["key"] for n in queries.notes(store.conn)]
        store.decide("value", notes, "accept", editor="earlier review")
    with _serving(db, source) as url:
        yield url, db, tmp_path, chosen


@contextlib.contextmanager
def _serving(db: Path, source: Source) -> Iterator[str]:
    """``narrator review serve DB`` over the source's profiles, until the block ends: its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "narrator.editorial", "serve", str(db), "--port", str(port)]
    for folder in source.profiles:
        command += ["--profiles", folder]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the review server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)
        assert process.stderr is not None
        process.stderr.close()


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_editor_reviews_in_the_browser(server: tuple[str, Path, Path, str]) -> None:
    """Approve a phrasing, reject a sentence with a comment, edit a profile and regenerate:
    the right articles turn approved, rejected and changed, with a diff."""
    url, db, folder, key = server
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url + "/")
        # Every article using the one phrasing left is still unreviewed.
        page.goto(url + "/fragments")
        row = page.locator(f"tr.item[data-key='{key}']")
        using = int(row.locator("td").nth(1).inner_text())
        assert using > 0
        row.locator("td").nth(1).locator("a").click()
        assert page.locator(".badge.approved.current, .counts .approved").first.inner_text() == (
            "approved 0"
        )
        assert page.locator(".counts .unreviewed").inner_text() == f"unreviewed {using}"
        # Approve it on the fragment page; its articles turn approved.
        page.goto(url + f"/fragment/{CHOSEN}")
        page.locator(f"section.phrasing[data-key='{key}'] button.act-approve").click()
        page.wait_for_load_state()
        assert "approve: 1 phrasing" in page.locator(".message").inner_text()
        page.goto(url + f"/?phrasing={key}")
        assert page.locator(".counts .approved").inner_text() == f"approved {using}"
        page.goto(url + "/")
        assert page.locator(".counts .approved").inner_text() == "approved 78"
        # Reject one sentence of one article, with a comment.
        page.goto(url + f"/article/{ARTICLE}")
        sentence = page.locator(".sentence.approved").nth(2)
        text = sentence.locator(".words").inner_text()
        sentence.locator("input.comment").fill("Too vague: say by how much.")
        sentence.locator("button.act-reject").click()
        page.wait_for_load_state()
        assert page.locator("#article-state").inner_text() == "rejected"
        rejected = page.locator(".sentence.rejected")
        assert rejected.count() == 1
        assert rejected.locator(".words").inner_text() == text
        assert "Too vague: say by how much." in rejected.inner_text()
        # Edit a profile and regenerate: exactly the places that read the value change.
        edit_salary(folder / "profiles", "42586", "43586")
        page.locator("#regenerate").click()
        page.wait_for_load_state()
        assert "regenerated: 78 articles" in page.locator(".message").inner_text()
        with ReviewStore(db) as store:
            reading = store.conn.execute(
                "SELECT count(*) FROM places p JOIN content_vals cv ON cv.content = p.content"
                " JOIN vals v ON v.id = cv.val JOIN profiles pr ON pr.id = v.profile"
                " JOIN article_names a ON a.slug = 'account-specialist-vs-surgeon'"
                " WHERE pr.slug = 'account-specialist' AND v.field = 'yearly_salary'"
                " AND (p.article = a.id OR p.profile = pr.id)"
            ).fetchone()[0]
            counts = store.counts()
        assert counts == {"approved": 65, "unreviewed": 0, "changed": 12, "rejected": 1}
        page.goto(url + "/")
        assert page.locator(".counts .changed").inner_text() == "changed 12"
        page.goto(url + "/article/account-specialist-vs-surgeon")
        assert page.locator("#article-state").inner_text() == "changed"
        changed = page.locator(".item[data-state=changed]")
        assert changed.count() == reading > 0
        for index in range(changed.count()):
            item = changed.nth(index)
            assert "account-specialist.yearly_salary changed: 42586 → 43586" in item.inner_text()
            edited = item.locator(".diff del").count() and item.locator(".diff ins").count()
            assert edited or "(same text, other data)" in item.locator(".diff").inner_text()
        assert re.search(r"<del>\$42,586</del> <ins>\$43,586</ins>", page.content())
        # The top of the article, with the first sentence whose words changed opened up.
        edited = page.locator(".sentence[data-state=changed]:has(.diff del)").first
        edited.locator("details.provenance summary").click()
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.evaluate("window.scrollTo(0, 0)")
        shot = Path(os.environ.get("NARRATOR_REVIEW_SCREENSHOT", folder / "review.png"))
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        browser.close()


WP = "{http://wordpress.org/export/1.2/}"


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_from_nothing_to_a_reviewed_wordpress_file_in_the_browser(tmp_path: Path) -> None:
    """From no database at all: serve indexes the catalog; in the browser alone the editor
    settles the data notes, approves one occupation's queue, rejects one of its articles and
    downloads the WXR file, which holds exactly the approved articles, each published."""
    source = small_catalog(tmp_path / "profiles")
    db = tmp_path / "review.db"
    with _serving(db, source) as url, playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(accept_downloads=True)
        page.goto(url + "/")
        assert page.locator(".counts .unreviewed").inner_text() == "unreviewed 78"
        # The data notes: every one accepted (an open note holds back what reads it).
        page.goto(url + "/notes")
        open_notes = page.locator("tr.item[data-state=open] button.act-accept")
        assert open_notes.count() == 2
        while open_notes.count():
            open_notes.first.click()
            page.wait_for_load_state()
            assert "accept: 1 value" in page.locator(".message").inner_text()
        # One occupation's queue, approved as a whole.
        page.goto(url + "/occupations")
        page.locator("a", has_text="Surgeon").first.click()
        page.wait_for_load_state()
        assert page.locator("h1 .chip").inner_text() == "occupation: surgeon"
        page.locator("#bulk-approve").click()
        page.wait_for_load_state()
        assert page.locator(".message").inner_text() == "approve: 12 articles"
        assert page.locator(".counts .approved").inner_text() == "approved 12"
        # One of them read and rejected.
        page.goto(url + f"/article/{ARTICLE}")
        assert page.locator("#article-state").inner_text() == "approved"
        page.locator("#article-actions input.comment").fill("Not for the site yet.")
        page.locator("#article-actions button.act-reject").click()
        page.wait_for_load_state()
        assert page.locator("#article-state").inner_text() == "rejected"
        # The approved queue, as the app lists it, and the download.
        page.goto(url + "/?state=approved")
        links = page.locator("table.queue td a").all()
        listed = {(link.get_attribute("href") or "").removeprefix("/article/") for link in links}
        assert len(listed) == 11 and ARTICLE not in listed
        date = page.locator("#publish input[name=date]")
        assert date.input_value() == "2025-05-01"  # the edge profiles' release, offered
        with page.expect_download() as download:
            page.locator("#publish-approved").click()
        assert download.value.suggested_filename == "wordpress.xml"
        wxr = tmp_path / "wordpress.xml"
        download.value.save_as(wxr)
        browser.close()
    items = ET.parse(wxr).getroot().findall("channel/item")
    assert {item.findtext(f"{WP}post_name") for item in items} == listed
    assert {item.findtext(f"{WP}status") for item in items} == {"publish"}
    with ReviewStore(db) as store:
        assert store.counts() == {"approved": 11, "unreviewed": 66, "changed": 0, "rejected": 1}
