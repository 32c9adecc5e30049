"""The reviewer web app: server-rendered pages plus a JSON API over the same queue.

``create_app(config, store=None)`` builds everything (no module-level app or config).
Every
page and API route needs a logged-in user; actions check the role map in
``review.queue``;
every unsafe request needs the session's CSRF token. Scraped text reaches templates as
plain
strings and Jinja2 autoescapes it; the stored original page is shown only after nh3
cleaning.
"""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import jinja2
import nh3
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from review.exceptions import ConflictError
from review.exports import FORMATS, export
from review.queue import (
    ACTION_ROLE,
    COUNT_KEYS,
    KINDS,
    MODUS,
    QUALIFIERS,
    ROLES_OF_PLACE,
    QueueError,
    QueueQuery,
    ReviewQueue,
    role_allows,
)
from review.queue_schema import STATUSES, users
from review.store import Store
from review.users import Users
from webapp.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    AuthError,
    ForbiddenError,
    RateLimiter,
    Sessions,
    User,
    same_token,
)
from webapp.config import AppConfig
from webapp.gazetteer import Places
from webapp.views import MODUS_LABELS, bars, changes_from_form, highlight, map_points

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SORTS = {
    "score": "Score (high first)",
    "uncertain": "Most uncertain first",
    "newest": "Newest",
    "oldest": "Oldest",
    "score_asc": "Score (low first)",
}
MESSAGES = {
    "confirm": "Incident confirmed.",
    "reject": "Incident rejected.",
    "duplicate": "Marked as duplicate.",
    "merge": "Incidents merged.",
    "split": "Sources split into a new incident.",
    "edit": "Corrections saved.",
    "reopen": "Incident reopened.",
    "review": "Marked as in review.",
    "user": "User created.",
    "logout": "Signed out.",
    "end": "No more incidents in this view.",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _local_path(target: str) -> bool:
    """Only same-site paths may follow a login ("//host" and "/\\host" leave the site)."""
    return target == "/" or re.match(r"^/[A-Za-z0-9_\-]", target) is not None


class DecisionIn(BaseModel):
    action: str = Field(
        description="edit | review | confirm | reject | duplicate | merge | "
        "split | reopen"
    )
    expected_version: int = Field(
        description="the version you read; 409 when it changed"
    )
    changes: dict[str, Any] = Field(
        default_factory=dict,
        description="corrections: kind, modus, locations, counts, headline",
    )
    note: str | None = None
    target_id: int | None = Field(
        default=None, description="other incident (duplicate/merge)"
    )
    article_ids: list[int] | None = Field(
        default=None, description="sources to split off"
    )


def create_app(config: AppConfig, store: Store | None = None) -> FastAPI:
    """Build the app. ``store`` defaults to ``Store(config.database_url)`` (migrated)."""
    store = store or Store(config.database_url)
    queue = ReviewQueue(store, threshold=config.threshold)
    accounts = Users(store)
    sessions = Sessions(config.secret_key, int(config.session_hours * 3600))
    limiter = RateLimiter(config.login_attempts, config.login_window_seconds)
    places = Places(store.engine)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True
    )
    templates = Jinja2Templates(env=env)
    facet_cache: dict[str, tuple[float, Any]] = {}

    app = FastAPI(
        title="Pantau review API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        description="Review queue of suspected TPPO incidents. Log in through "
        "/login; send the X-CSRF-Token header (GET /api/me) on writes.",
    )
    app.state.config = config
    app.state.store = store
    app.state.queue = queue
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # -- plumbing
    # -------------------------------------------------------------------------

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        target = request.url.path + (
            f"?{request.url.query}" if request.url.query else ""
        )
        return RedirectResponse(
            "/login?" + urlencode({"next": target}), status_code=303
        )

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, exc: ForbiddenError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=403)
        return error_page(request, 403, str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return error_page(request, exc.status_code, str(exc.detail))

    def error_page(
        request: Request, status: int, message: str, user: User | None = None
    ) -> Response:
        return templates.TemplateResponse(
            request,
            "error.html",
            {"user": user, "status": status, "message": message},
            status_code=status,
        )

    def current_user(request: Request) -> User:
        data = sessions.read(request.cookies.get(SESSION_COOKIE))
        if data is None:
            raise AuthError()
        with store.engine.connect() as conn:
            row = conn.execute(users.select().where(users.c.id == data["u"])).first()
        if row is None or not row.active or row.session_epoch != data["e"]:
            raise AuthError()
        return User(row.id, row.email, row.role, data["c"])

    async def csrf_user(request: Request, user: User = Depends(current_user)) -> User:
        submitted = request.headers.get("x-csrf-token")
        if submitted is None:
            ctype = request.headers.get("content-type", "")
            if "form" in ctype:
                submitted = str((await request.form()).get("csrf_token") or "") or None
        if not same_token(user.csrf, submitted):
            raise ForbiddenError(
                "missing or wrong CSRF token; reload the page and try again"
            )
        return user

    def require(user: User, action: str) -> None:
        if not role_allows(user.role, action):
            raise ForbiddenError(f"your role ({user.role}) may not {action}")

    def require_role(user: User, role: str) -> None:
        rank = {"reviewer": 1, "coordinator": 2, "admin": 3}
        if rank.get(user.role, 0) < rank[role]:
            raise ForbiddenError(f"this needs the {role} role; you are {user.role}")

    def facets(name: str) -> list[tuple[str, int]]:
        hit = facet_cache.get(name)
        if hit and time.monotonic() - hit[0] < 30:
            return hit[1]  # type: ignore[no-any-return]
        values = queue.facet_values(name)
        facet_cache[name] = (time.monotonic(), values)
        return values

    def query_from(request: Request) -> QueueQuery:
        p = request.query_params
        try:
            limit = int(p.get("limit") or config.page_size)
        except ValueError:
            limit = config.page_size
        status = p.get("status") or "pending"
        sort = p.get("sort") or "score"
        if status not in (*STATUSES, "pending", "all"):
            raise HTTPException(400, f"unknown status {status!r}")
        if sort not in SORTS and sort != "id":
            raise HTTPException(400, f"unknown sort {sort!r}")
        return QueueQuery(
            status=status,
            province=p.get("province") or None,
            modus=p.get("modus") or None,
            outlet=p.get("outlet") or None,
            date_from=p.get("from") or None,
            date_to=p.get("to") or None,
            sort=sort,
            cursor=p.get("cursor") or None,
            limit=limit,
        )

    def query_params(q: QueueQuery, **extra: Any) -> str:
        values = {
            "status": q.status,
            "province": q.province,
            "modus": q.modus,
            "outlet": q.outlet,
            "from": q.date_from,
            "to": q.date_to,
            "sort": q.sort,
        }
        values.update(extra)
        return urlencode({k: v for k, v in values.items() if v})

    def province_names() -> dict[str, str]:
        return {code: p.get("name", code) for code, p in places.provinces().items()}

    def ctx(request: Request, user: User, **values: Any) -> dict[str, Any]:
        msg = request.query_params.get("msg")
        return {
            "user": user,
            "csrf": user.csrf,
            "flash": MESSAGES.get(msg or ""),
            "modus_labels": MODUS_LABELS,
            **values,
        }

    # -- login
    # ----------------------------------------------------------------------------

    def login_page(
        request: Request, error: str | None = None, status: int = 200
    ) -> Response:
        cookie, token = sessions.login_token()
        nxt = request.query_params.get("next") or "/queue"
        response = templates.TemplateResponse(
            request,
            "login.html",
            {
                "user": None,
                "login_token": token,
                "error": error,
                "next": nxt if _local_path(nxt) else "/queue",
                "flash": MESSAGES.get(request.query_params.get("msg") or ""),
            },
            status_code=status,
        )
        response.set_cookie(
            LOGIN_COOKIE,
            cookie,
            max_age=3600,
            httponly=True,
            samesite="strict",
            secure=config.cookie_secure,
            path="/login",
        )
        return response

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request) -> Response:
        return login_page(request)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        email = str(form.get("email") or "").strip().lower()[:200]
        password = str(form.get("password") or "")
        client = request.client.host if request.client else "unknown"
        keys = (f"ip:{client}", f"email:{email}")
        if not sessions.check_login_token(
            request.cookies.get(LOGIN_COOKIE), str(form.get("login_token") or "")
        ):
            return login_page(request, "The form expired; please try again.", 403)
        wait = limiter.blocked_for(*keys)
        if wait > 0:
            response = login_page(
                request,
                f"Too many failed attempts. Try again in {int(wait) + 1} seconds.",
                429,
            )
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
        user = accounts.authenticate(email, password)
        if user is None:
            limiter.fail(*keys)
            return login_page(request, "Wrong email or password.", 401)
        limiter.reset(f"email:{email}")
        cookie, _ = sessions.issue(user["id"], user["session_epoch"])
        nxt = str(form.get("next") or "/queue")
        if not _local_path(nxt):
            nxt = "/queue"
        response = RedirectResponse(nxt, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            cookie,
            max_age=sessions.max_age,
            httponly=True,
            samesite="lax",
            secure=config.cookie_secure,
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(user: User = Depends(csrf_user)) -> Response:
        response = RedirectResponse("/login?msg=logout", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- pages
    # ----------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home(user: User = Depends(current_user)) -> Response:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/queue", response_class=HTMLResponse, include_in_schema=False)
    def queue_page(request: Request, user: User = Depends(current_user)) -> Response:
        q = query_from(request)
        page = queue.list_incidents(q)
        base = query_params(q)
        return templates.TemplateResponse(
            request,
            "queue.html",
            ctx(
                request,
                user,
                page=page,
                q=q,
                base=base,
                sorts=SORTS,
                statuses=("pending", *STATUSES, "all"),
                provinces=facets("province"),
                modus_values=facets("modus"),
                outlets=facets("outlet"),
                province_names=province_names(),
                next_url=f"/queue?{query_params(q, cursor=page.next_cursor)}"
                if page.next_cursor
                else None,
            ),
        )

    def incident_context(
        request: Request, user: User, incident_id: int, **extra: Any
    ) -> dict[str, Any]:
        detail = queue.get_incident(incident_id)
        if detail is None:
            raise HTTPException(404, f"no incident {incident_id}")
        rep_id = detail["machine"]["representative_id"]
        rep = next(
            (s for s in detail["sources"] if s["article_id"] == rep_id),
            detail["sources"][0] if detail["sources"] else None,
        )
        segments = []
        if rep is not None:
            segments = highlight(
                rep["title"],
                rep["text"],
                evidence=rep["evidence"],
                locations=rep["locations"],
                counts=rep["counts"],
            )
        back = request.query_params.get("back") or ""
        if not back.startswith("status=") and back:
            back = ""
        eff = detail["effective"]
        return ctx(
            request,
            user,
            inc=detail,
            rep=rep,
            segments=segments,
            eff=eff,
            back=back,
            kinds=KINDS,
            all_modus=MODUS,
            count_keys=COUNT_KEYS,
            qualifiers=QUALIFIERS,
            place_roles=ROLES_OF_PLACE,
            can=lambda action: role_allows(user.role, action),
            province_names=province_names(),
            **extra,
        )

    @app.get(
        "/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False
    )
    def incident_page(
        request: Request, incident_id: int, user: User = Depends(current_user)
    ) -> Response:
        return templates.TemplateResponse(
            request, "incident.html", incident_context(request, user, incident_id)
        )

    @app.get("/incidents/{incident_id}/next", include_in_schema=False)
    def next_incident(
        request: Request, incident_id: int, user: User = Depends(current_user)
    ) -> Response:
        """The incident after this one in the queue order the reviewer came from."""
        back = request.query_params.get("back") or "status=pending"
        params = {k: v[0] for k, v in parse_qs(back).items()}
        q = QueueQuery(
            status=params.get("status", "pending"),
            province=params.get("province"),
            modus=params.get("modus"),
            outlet=params.get("outlet"),
            date_from=params.get("from"),
            date_to=params.get("to"),
            sort=params.get("sort", "score")
            if params.get("sort") in SORTS
            else "score",
            limit=1,
        )
        try:
            following = queue.next_after(incident_id, q)
        except QueueError as exc:
            raise HTTPException(400, str(exc)) from exc
        if following is None:
            return RedirectResponse(f"/queue?{back}&msg=end", status_code=303)
        return RedirectResponse(
            f"/incidents/{following}?" + urlencode({"back": back}), status_code=303
        )

    @app.post("/incidents/{incident_id}/decide", include_in_schema=False)
    async def decide_form(
        request: Request, incident_id: int, user: User = Depends(csrf_user)
    ) -> Response:
        form: FormData = await request.form()
        action = str(form.get("action") or "")
        if action in ACTION_ROLE:
            require(user, action)
        detail = queue.get_incident(incident_id)
        if detail is None:
            raise HTTPException(404, f"no incident {incident_id}")
        try:
            version = int(str(form.get("version") or ""))
        except ValueError as exc:
            raise HTTPException(400, "missing version") from exc
        back = str(form.get("back") or "")
        try:
            changes = changes_from_form(form, detail["effective"])
            target = str(form.get("target_id") or "").strip()
            queue.decide(
                incident_id,
                user.email,
                action,
                expected_version=version,
                changes=changes,
                note=str(form.get("note") or "").strip()[:2000] or None,
                target_id=int(target) if target.isdigit() else None,
                article_ids=[
                    int(a) for a in form.getlist("article_ids") if str(a).isdigit()
                ],
            )
        except ConflictError as exc:
            return templates.TemplateResponse(
                request,
                "incident.html",
                incident_context(request, user, incident_id, conflict=str(exc)),
                status_code=409,
            )
        except QueueError as exc:
            return templates.TemplateResponse(
                request,
                "incident.html",
                incident_context(request, user, incident_id, error=str(exc)),
                status_code=400,
            )
        if action in ("confirm", "reject", "duplicate") and form.get("go_next"):
            return RedirectResponse(
                f"/incidents/{incident_id}/next?"
                + urlencode({"back": back or "status=pending"})
                + f"&msg={action}",
                status_code=303,
            )
        suffix = urlencode({"msg": action, **({"back": back} if back else {})})
        return RedirectResponse(f"/incidents/{incident_id}?{suffix}", status_code=303)

    @app.get(
        "/articles/{article_id}/page",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def stored_page(
        request: Request, article_id: int, user: User = Depends(current_user)
    ) -> Response:
        article = store.get_article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        raw = store.raw_html(article_id)
        cleaned = None
        if raw is not None:
            text = raw.decode("utf-8", errors="replace")
            # no scripts, styles, forms, frames or event handlers survive; links get
            # noopener
            cleaned = nh3.clean(
                text,
                tags={
                    "p",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "ul",
                    "ol",
                    "li",
                    "a",
                    "b",
                    "i",
                    "em",
                    "strong",
                    "blockquote",
                    "br",
                    "figure",
                    "figcaption",
                    "table",
                    "tr",
                    "td",
                    "th",
                    "span",
                    "div",
                },
                attributes={"a": {"href", "title"}},
                url_schemes={"http", "https"},
            )
        return templates.TemplateResponse(
            request, "page.html", ctx(request, user, article=article, cleaned=cleaned)
        )

    @app.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request, user: User = Depends(current_user)) -> Response:
        stats = queue.stats()
        provinces = places.provinces()
        return templates.TemplateResponse(
            request,
            "dashboard.html",
            ctx(
                request,
                user,
                stats=stats,
                months_incidents=bars(stats["by_month"], "month", "incidents"),
                months_victims=bars(stats["by_month"], "month", "victims"),
                map=map_points(provinces, stats["by_province"], land=places.land()),
                province_names=province_names(),
                places_source=places.source,
                modus_max=max([r["incidents"] for r in stats["by_modus"]] + [1]),
            ),
        )

    @app.get("/exports", response_class=HTMLResponse, include_in_schema=False)
    def exports_page(request: Request, user: User = Depends(current_user)) -> Response:
        return templates.TemplateResponse(
            request,
            "exports.html",
            ctx(
                request,
                user,
                formats=FORMATS,
                can_labels=role_allows(user.role, "merge"),
            ),
        )

    @app.get("/exports/{fmt}", include_in_schema=False)
    def export_file(
        request: Request, fmt: str, user: User = Depends(current_user)
    ) -> Response:
        return _export(fmt, request.query_params.get("status") or "confirmed", user)

    def _export(fmt: str, status: str, user: User) -> Response:
        if fmt not in FORMATS:
            raise HTTPException(404, f"unknown export {fmt!r}")
        if fmt == "labels":
            require_role(
                user, "coordinator"
            )  # training data shapes the model: coordinators
        if status not in (*STATUSES, "all"):
            raise HTTPException(400, f"unknown status {status!r}")
        text = export(queue, fmt, None if status == "all" else status)
        media, ext = {
            "csv": ("text/csv; charset=utf-8", "csv"),
            "json": ("application/json", "json"),
            "geojson": ("application/geo+json", "geojson"),
            "labels": ("application/x-ndjson", "jsonl"),
        }[fmt]
        name = (
            f"pantau-{status}-incidents.{ext}"
            if fmt != "labels"
            else "pantau-labels.jsonl"
        )
        return Response(
            text,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request, user: User = Depends(current_user)) -> Response:
        require_role(user, "admin")
        return templates.TemplateResponse(
            request,
            "users.html",
            ctx(request, user, accounts=accounts.list(), error=None),
        )

    @app.post("/admin/users", include_in_schema=False)
    async def users_add(request: Request, user: User = Depends(csrf_user)) -> Response:
        require_role(user, "admin")
        from review.users import UserError

        form = await request.form()
        try:
            accounts.add(
                str(form.get("email") or ""),
                str(form.get("password") or ""),
                str(form.get("role") or ""),
            )
        except UserError as exc:
            return templates.TemplateResponse(
                request,
                "users.html",
                ctx(request, user, accounts=accounts.list(), error=str(exc)),
                status_code=400,
            )
        return RedirectResponse("/admin/users?msg=user", status_code=303)

    # -- JSON API
    # -------------------------------------------------------------------------

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(user: User = Depends(current_user)) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/api/me", tags=["account"])
    def api_me(user: User = Depends(current_user)) -> dict[str, Any]:
        """Who is logged in, and the CSRF token to send as X-CSRF-Token on writes."""
        return {
            "id": user.id,
            "email": user.email,
            "role": user.role,
            "csrf_token": user.csrf,
        }

    @app.get("/api/incidents", tags=["queue"])
    def api_incidents(
        request: Request, user: User = Depends(current_user)
    ) -> dict[str, Any]:
        """A queue page. Query: status
        (pending|new|in_review|confirmed|rejected|duplicate|
        all), province, modus, outlet, from, to, sort (score|uncertain|newest|oldest|
        score_asc), cursor, limit."""
        page = queue.list_incidents(query_from(request))
        return {
            "items": page.items,
            "next_cursor": page.next_cursor,
            "total": page.total,
        }

    @app.get("/api/incidents/{incident_id}", tags=["queue"])
    def api_incident(
        incident_id: int, user: User = Depends(current_user)
    ) -> dict[str, Any]:
        """One incident: sources with text, machine values, corrections, effective
        values,
        history."""
        detail = queue.get_incident(incident_id)
        if detail is None:
            raise HTTPException(404, f"no incident {incident_id}")
        return json.loads(json.dumps(detail, default=str))  # type: ignore[no-any-return]

    @app.post(
        "/api/incidents/{incident_id}/decisions",
        tags=["queue"],
        responses={
            409: {"description": "someone else changed the incident first"},
            403: {"description": "role or CSRF token refused"},
        },
    )
    def api_decide(
        incident_id: int, body: DecisionIn, user: User = Depends(csrf_user)
    ) -> dict[str, Any]:
        """Apply an action with optional corrections; returns the new version."""
        require(user, body.action)
        try:
            version = queue.decide(
                incident_id,
                user.email,
                body.action,
                expected_version=body.expected_version,
                changes=body.changes,
                note=body.note,
                target_id=body.target_id,
                article_ids=body.article_ids,
            )
        except ConflictError as exc:
            raise HTTPException(409, str(exc)) from exc
        except QueueError as exc:
            raise HTTPException(400, str(exc)) from exc
        return {"id": incident_id, "version": version}

    @app.get("/api/gazetteer", tags=["places"])
    def api_gazetteer(
        q: str = "", user: User = Depends(current_user)
    ) -> dict[str, Any]:
        """Places matching ``q`` (provinces, kabupaten/kota, countries) for autocomplete."""
        found = places.search(q[:80])
        return {"source": places.source, "places": found}

    @app.get("/api/stats", tags=["dashboard"])
    def api_stats(user: User = Depends(current_user)) -> dict[str, Any]:
        """Confirmed incidents and victims by month, province and modus; status counts."""
        return queue.stats()

    @app.get("/api/exports/{fmt}", tags=["exports"])
    def api_export(
        fmt: str, status: str = "confirmed", user: User = Depends(current_user)
    ) -> Response:
        """csv | json | geojson | labels (labels: coordinators and admins)."""
        return _export(fmt, status, user)

    return app
