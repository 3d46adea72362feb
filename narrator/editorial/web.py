"""``narrator review serve``: the review web app (Starlette, server-rendered Jinja2 pages).

Pages: the queue (by state, fragment, phrasing, data value, occupation; counts; bulk actions),
an article (each sentence's provenance on demand, its diff when it changed), the fragments, a
fragment (templates, sentence skeletons, approval rate), the data notes, the occupations.
Every form posts to ``/decide`` or ``/bulk`` with a CSRF token (a cookie the form repeats);
output is escaped by Jinja2's autoescape; bound beyond localhost, every request needs the
token given at start (``?token=`` once, then a cookie).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import NarratorError
from . import queries
from .corpus import Source
from .schema import STATES
from .store import ACTIONS, ReviewStore

HERE = Path(__file__).parent
CSRF_COOKIE = "narrator_csrf"
AUTH_COOKIE = "narrator_token"


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only.

    >>> is_local("127.0.0.1"), is_local("localhost"), is_local("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Guard(BaseHTTPMiddleware):
    """The access token (when one is set), the CSRF cookie, and headers that keep pages local."""

    def __init__(self, app: Any, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.token is not None:
            given = request.query_params.get("token") or request.cookies.get(AUTH_COOKIE, "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse("a token is needed: open the address serve printed", 403)
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        request.state.csrf = csrf
        if request.method == "POST":
            await request.body()  # kept, so the endpoint reads the same form again
            form = await request.form()
            sent = str(form.get("csrf", ""))
            if not hmac.compare_digest(
                sent.encode(), request.cookies.get(CSRF_COOKIE, "!").encode()
            ):
                return PlainTextResponse("form expired or forged (CSRF check failed): reload", 403)
        response = await call_next(request)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        if self.token is not None:
            response.set_cookie(AUTH_COOKIE, self.token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'self'; script-src 'self'; form-action 'self';"
            " frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response


def _release_date(source: Source) -> str:
    """The first day of the newest data release among the source's profiles, or ""."""
    from ..pairs import release_date

    found = [
        date
        for profile in source.catalog()
        if profile.source and (date := release_date(profile.source.release))
    ]
    return max(found, default="")


def create_app(db_path: str | Path, source: Source, *, token: str | None = None) -> Starlette:
    """The review app over the database at ``db_path``, regenerating from ``source``."""
    store = ReviewStore(db_path)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["STATES"] = STATES
    env.filters["query"] = lambda args: urlencode(args)
    env.filters["filename"] = lambda path: Path(path).name
    # The publication date the Publish form offers: the data's release, as batch's default.
    release = {"date": _release_date(source)}

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        counts = store.counts()
        text = env.get_template(name).render(
            csrf=request.state.csrf,
            here=request.url.path + ("?" + request.url.query if request.url.query else ""),
            all_counts=counts,
            release_date=release["date"],
            message=request.query_params.get("msg", ""),
            **context,
        )
        return HTMLResponse(text, status)

    def filter_of(params: Any) -> queries.Filter:
        return queries.Filter(
            **{
                k: str(params.get(k, ""))
                for k in ("state", "fragment", "phrasing", "value", "occupation")
            }
        )

    async def home(request: Request) -> Response:
        where = filter_of(request.query_params)
        try:
            number = max(0, int(request.query_params.get("page", "0")))
            found = queries.queue(store.conn, where, number)
        except (ValueError, NarratorError) as exc:
            return page(request, "error.html", 400, error=str(exc))
        return page(request, "queue.html", filter=where, args=where.args(), **found)

    async def article(request: Request) -> Response:
        try:
            found = queries.article(store.conn, request.path_params["slug"])
        except NarratorError as exc:
            return page(request, "error.html", 404, error=str(exc))
        return page(request, "article.html", article=found)

    async def fragments(request: Request) -> Response:
        return page(request, "fragments.html", phrasings=queries.fragments(store.conn))

    async def fragment(request: Request) -> Response:
        try:
            found = queries.fragment(store.conn, request.path_params["id"])
        except NarratorError as exc:
            return page(request, "error.html", 404, error=str(exc))
        return page(request, "fragment.html", fragment=found)

    async def notes(request: Request) -> Response:
        return page(request, "notes.html", notes=queries.notes(store.conn))

    async def occupations(request: Request) -> Response:
        return page(request, "occupations.html", occupations=queries.occupations(store.conn))

    def back(form: Any, message: str) -> RedirectResponse:
        target = str(form.get("next", "/"))
        if not target.startswith("/") or target.startswith("//"):
            target = "/"  # only this app's own pages
        sep = "&" if "?" in target else "?"
        return RedirectResponse(f"{target}{sep}{urlencode({'msg': message})}", 303)

    async def decide(request: Request) -> Response:
        form = await request.form()
        kind, action = str(form.get("kind", "")), str(form.get("action", ""))
        keys = [str(k) for k in form.getlist("key")]
        comment = str(form.get("comment", ""))
        try:
            count = store.decide(
                kind, keys, action, comment=comment, editor=str(form.get("editor", ""))
            )
        except NarratorError as exc:
            return page(request, "error.html", 400, error=str(exc))
        return back(form, f"{action}: {count} {kind}{'s' if count != 1 else ''}")

    async def bulk(request: Request) -> Response:
        form = await request.form()
        action = str(form.get("action", ""))
        try:
            where, params = filter_of(form).where()
            count = store.decide_articles(
                where, params, action, comment=str(form.get("comment", ""))
            )
        except NarratorError as exc:
            return page(request, "error.html", 400, error=str(exc))
        return back(form, f"{action}: {count} articles")

    async def regenerate(request: Request) -> Response:
        form = await request.form()
        try:
            composer, catalog = source.composer(), source.catalog()
            count = store.index(
                source.records(composer, catalog), source.indexer(composer, catalog)
            )
            release["date"] = _release_date(source)
        except NarratorError as exc:
            return page(request, "error.html", 400, error=str(exc))
        return back(form, f"regenerated: {count} articles")

    async def publish(request: Request) -> Response:
        from .export import approved_wxr

        params = request.query_params
        try:
            text = approved_wxr(
                store,
                source,
                date=params.get("date", ""),
                # batch's defaults, so the download is the file `narrator batch --review DB
                # --only-approved --format wxr` writes
                site_title=params.get("site_title", "") or "Career comparisons",
                site_url=params.get("site_url", "") or "https://example.org",
            )
        except NarratorError as exc:
            return page(request, "error.html", 400, error=str(exc))
        return Response(
            text,
            media_type="application/xml",
            headers={"Content-Disposition": 'attachment; filename="wordpress.xml"'},
        )

    routes = [
        Route("/", home),
        Route("/article/{slug}", article),
        Route("/fragments", fragments),
        Route("/fragment/{id}", fragment),
        Route("/notes", notes),
        Route("/occupations", occupations),
        Route("/decide", decide, methods=["POST"]),
        Route("/bulk", bulk, methods=["POST"]),
        Route("/regenerate", regenerate, methods=["POST"]),
        Route("/publish.xml", publish),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(_Guard, token=token)])
    app.state.store = store
    app.state.actions = ACTIONS
    return app
