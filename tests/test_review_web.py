"""The review app's guards and pages over HTTP: escaping, CSRF, the token, redirects, queues."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from narrator.bundled import PROFILES_DIR as DATA_DIR
from narrator.editorial.corpus import Source
from narrator.editorial.publish import states
from narrator.editorial.store import ReviewStore
from narrator.editorial.web import create_app
from tests.review_helpers import regenerate

HOSTILE = '<script>alert("x")</script> Clerk'


@pytest.fixture
def app_parts(tmp_path: Path) -> tuple[Path, Source]:
    folder = tmp_path / "profiles"
    shutil.copytree(DATA_DIR / "seed", folder)
    (folder / "hostile.toml").write_text(
        f"title = '{HOSTILE}'\nyearly_salary = 40000\n", encoding="utf-8"
    )
    source = Source((str(folder),))
    with ReviewStore(tmp_path / "review.db") as store:
        regenerate(store, source)
    return tmp_path / "review.db", source


def _csrf(client: TestClient) -> str:
    page = client.get("/")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def test_pages_escape_what_profiles_say(app_parts: tuple[Path, Source]) -> None:
    """A title with markup is shown as text on every page, never run."""
    client = TestClient(create_app(*app_parts))
    slug = "account-specialist-vs-script-alert-x-script-clerk"
    for url in ("/", "/occupations", f"/article/{slug}", "/fragment/article.title"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Clerk" in client.get("/").text
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]


def test_forms_need_the_csrf_token(app_parts: tuple[Path, Source]) -> None:
    """A post without the page's token is refused; with it, the decision is made."""
    client = TestClient(create_app(*app_parts))
    form = {
        "kind": "article",
        "key": "account-specialist-vs-loss-mitigation-specialist",
        "action": "reject",
        "next": "/",
    }
    refused = client.post("/decide", data={**form, "csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    accepted = client.post("/decide", data={**form, "csrf": _csrf(client)}, follow_redirects=False)
    assert accepted.status_code == 303
    assert client.get("/?state=rejected").text.count('data-state="rejected"') == 1


def test_redirects_stay_on_the_app(app_parts: tuple[Path, Source]) -> None:
    """``next`` may only name one of the app's own pages."""
    client = TestClient(create_app(*app_parts))
    form = {
        "kind": "article",
        "key": "account-specialist-vs-loss-mitigation-specialist",
        "action": "comment",
        "comment": "ok",
        "next": "//evil.example/",
        "csrf": _csrf(client),
    }
    answer = client.post("/decide", data=form, follow_redirects=False)
    assert answer.headers["location"].startswith("/?msg=")


def test_a_token_is_needed_when_one_is_set(app_parts: tuple[Path, Source]) -> None:
    """With a token, a request without it is refused; the token once gives a cookie."""
    client = TestClient(create_app(*app_parts, token="s3cret"))
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/fragments").status_code == 200  # the cookie now


def test_bulk_approval_of_a_filtered_queue(app_parts: tuple[Path, Source]) -> None:
    """Bulk approval approves every article of the filtered queue (open notes aside), and
    only those."""
    db, source = app_parts
    client = TestClient(create_app(db, source))
    form = {
        "occupation": "loss-mitigation-specialist",
        "action": "approve",
        "next": "/",
        "csrf": _csrf(client),
    }
    answer = client.post("/bulk", data=form)
    assert "approve: 3 articles" in answer.text
    assert states(
        db,
        [
            "account-specialist-vs-collections-accounts-receivable",
            "loss-mitigation-specialist-vs-script-alert-x-script-clerk",
            "account-specialist-vs-loss-mitigation-specialist",
        ],
    ) == {
        "account-specialist-vs-collections-accounts-receivable": "unreviewed",
        "loss-mitigation-specialist-vs-script-alert-x-script-clerk": "approved",
        # Account Specialist's skill "patients" carries an open note.
        "account-specialist-vs-loss-mitigation-specialist": "unreviewed",
    }


def test_bad_addresses_are_pages_not_tracebacks(app_parts: tuple[Path, Source]) -> None:
    """An unknown article, fragment or state is a page saying so."""
    client = TestClient(create_app(*app_parts))
    assert client.get("/article/nope").status_code == 404
    assert client.get("/fragment/nope").status_code == 404
    assert client.get("/?state=nope").status_code == 400
    assert "unknown state" in client.get("/?state=nope").text
    assert client.get("/publish.xml?date=someday").status_code == 400


def test_publish_downloads_the_approved_articles_as_wxr(app_parts: tuple[Path, Source]) -> None:
    """The Publish download is a WXR file of exactly the approved articles."""
    db, source = app_parts
    client = TestClient(create_app(db, source))
    with ReviewStore(db) as store:
        notes = [k for (k,) in store.conn.execute("SELECT key FROM vals WHERE note IS NOT NULL")]
        store.decide("value", notes, "accept")
    form = {
        "occupation": "account-specialist",
        "action": "approve",
        "next": "/",
        "csrf": _csrf(client),
    }
    assert "approve: 3 articles" in client.post("/bulk", data=form).text
    answer = client.get("/publish.xml?date=2025-05-01&site_url=https://careers.example")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    slugs = re.findall(r"<wp:post_name><!\[CDATA\[(.*?)\]\]></wp:post_name>", answer.text)
    assert slugs == [
        "account-specialist-vs-collections-accounts-receivable",
        "account-specialist-vs-loss-mitigation-specialist",
        "account-specialist-vs-script-alert-x-script-clerk",
    ]
    assert answer.text.count("<wp:status><![CDATA[publish]]></wp:status>") == 3


def test_the_publish_download_is_the_file_batch_writes(
    app_parts: tuple[Path, Source], tmp_path: Path
) -> None:
    """The browser's download and `narrator batch --review DB --only-approved --format wxr`
    give the same bytes, and the date field offers the data's release."""
    from narrator.cli import main

    db, source = app_parts
    client = TestClient(create_app(db, source))
    with ReviewStore(db) as store:
        notes = [k for (k,) in store.conn.execute("SELECT key FROM vals WHERE note IS NOT NULL")]
        store.decide("value", notes, "accept")
        store.decide("article", ["account-specialist-vs-loss-mitigation-specialist"], "approve")
        store.decide("article", ["account-specialist-vs-script-alert-x-script-clerk"], "approve")
    assert 'name="date" value=""' in client.get("/").text  # the seed profiles name no release day
    answer = client.get("/publish.xml?date=2025-05-01")
    out = tmp_path / "out"
    command = ["batch", "--out", str(out), "--profiles", *source.profiles, "--format", "wxr"]
    command += ["--date", "2025-05-01", "--review", str(db), "--only-approved"]
    assert main(command) == 0
    assert answer.content == (out / "wordpress.xml").read_bytes()
    assert answer.text.count("<wp:status><![CDATA[publish]]></wp:status>") == 2
