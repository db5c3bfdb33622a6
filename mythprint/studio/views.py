"""The studio's views: each reads one request, runs one action in a thread (rendering never
blocks the event loop), and answers with a page, a redirect to one, or a file."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import replace

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..errors import ERROR
from ..inputs.colors import Rgb
from . import workflow, workspace
from .kitform import KitFields, Notice, read_fields
from .pages import errors_first, own_words
from .security import CSRF_FIELD, csrf_token, csrf_valid, from_own_page, same_origin
from .uploads import BadForm, Form, FormTooLarge, Upload, read_form
from .visitors import Page, StudioFull, Visitor

log = logging.getLogger(__name__)

COOKIE = "mythprint-studio"
# Set with a downloaded pack, to the token its form carried: the page's script, which cannot
# see a download end, sees the cookie arrive and says the pack is saved.
PACK_COOKIE = "mythprint-pack"
PACK_TOKEN = re.compile(r"[0-9a-z]{1,32}")
# Far beyond any form of the studio (a logo is 5 MB, a saved kit 20 MB): refused unread.
BODY_LIMIT = 64 * 1024 * 1024
# What each page's kit form says of the work it was shown with (see Visitor.current).
REVISION = "revision"
PAGE_ID = "page_id"
LOGO = {"logo": workflow.LOGO_LIMIT}
SAVED_KIT = {"saved_kit": workflow.ZIP_LIMIT}
PREVIEW_KEYS = ("poster", "myth", "leaflet-outside", "leaflet-inside", "handout")
PROBLEMS = {
    400: (
        "The studio could not read that",
        "What was sent is not a form from the studio's page. Nothing was changed.",
    ),
    403: (
        "That form has expired",
        "The form did not come from this studio's own page, or your work here was deleted "
        "after an hour without use. Nothing was changed.",
    ),
    404: ("There is no page here", "The address may have been mistyped."),
    405: ("There is no page here", "The address may have been mistyped."),
    413: (
        "That file is far too large",
        f"A logo can be at most {workflow.LOGO_LIMIT // 1024 // 1024} MB and a saved kit "
        f"{workflow.ZIP_LIMIT // 1024 // 1024} MB. Nothing was changed.",
    ),
    500: (
        "Something went wrong in the studio",
        "mythprint failed unexpectedly. Nothing you made was lost: go back and try again. "
        "If it happens again, please report it.",
    ),
    503: (
        "The studio is busy",
        "Too many people are using this studio at once. Try again in a few minutes.",
    ),
}


def studio_of(request: Request):
    return request.app.state.studio


def problem_page(request: Request, status: int) -> HTMLResponse:
    heading, text = PROBLEMS[status]
    html = studio_of(request).pages.render("problem.html.j2", heading=heading, text=text)
    return HTMLResponse(html, status_code=status)


async def _http_problem(request: Request, exc: Exception) -> HTMLResponse:
    status = getattr(exc, "status_code", 500)
    return problem_page(request, status if status in PROBLEMS else 500)


EXCEPTION_HANDLERS = {HTTPException: _http_problem, Exception: _http_problem}


# --- the home page ---


async def home(request: Request) -> Response:
    studio = studio_of(request)
    visitor = studio.visitors.get(request.cookies.get(COOKIE)) or _new_visitor(request)
    if isinstance(visitor, Response):
        return visitor
    page = visitor.show()
    html = studio.pages.render(
        "home.html.j2",
        page=page,
        fields=studio.pages.fields(page),
        previews=studio.pages.previews(page, handout=studio.pool.can_preview_handout),
        libreoffice=studio.pool.can_preview_handout,
        has_kit=visitor.has_kit,
        shipped=studio.shipped,
        csrf=csrf_token(studio.secret, visitor.id),
        summary=errors_first(page.notices),
        own=own_words(page),
        revision=visitor.revision,
        page_id=secrets.token_urlsafe(9),
    )
    return _answer(request, visitor, HTMLResponse(html, headers={"cache-control": "no-store"}))


def _new_visitor(request: Request) -> Visitor | Response:
    """A new visitor, or the page that says the studio has too many."""
    try:
        return studio_of(request).visitors.new()
    except StudioFull:
        return problem_page(request, 503)


def _answer(request: Request, visitor: Visitor, response: Response) -> Response:
    """`response`, giving the visitor's cookie to a browser that came without it."""
    if request.cookies.get(COOKIE) != visitor.id:
        response.set_cookie(COOKIE, visitor.id, httponly=True, samesite="strict", path="/")
    return response


# --- POSTs: each from the visitor's own page, with its token ---


async def _posted(
    request: Request, files: dict[str, int], *, kit_form: bool = False, anew: bool = False
) -> tuple[Visitor, Form] | Response:
    """The visitor and its form, or the page that refuses the request.

    A form sent from the studio's own page after the visitor's work was deleted (the
    studio restarted, or an hour passed) finds no visitor. The kit form is not acted on,
    but it carried everything typed: the form is filled in again with it, so that nothing
    is lost. An action that needs none of the work that went (`anew`: opening a kit, or
    starting a blank one) is done for a new visitor, as from the studio's home page.
    """
    studio = studio_of(request)
    visitor = studio.visitors.get(request.cookies.get(COOKIE))
    own_page = (kit_form or anew) and from_own_page(request)
    if (visitor is None and not own_page) or not same_origin(request):
        return problem_page(request, 403)
    try:
        form = await read_form(request, files, BODY_LIMIT)
    except FormTooLarge:
        return problem_page(request, 413)
    except BadForm:
        return problem_page(request, 400)
    if visitor is None and anew:
        visitor = _new_visitor(request)
        return visitor if isinstance(visitor, Response) else (visitor, form)
    if visitor is None or not csrf_valid(studio.secret, visitor.id, form.get(CSRF_FIELD)):
        return await _refill(request, visitor, form) if own_page else problem_page(request, 403)
    return visitor, form


async def _refill(request: Request, visitor: Visitor | None, form: Form) -> Response:
    """The studio's page, its form filled in with what a stale form carried; nothing else."""
    new = visitor is None
    visitor = visitor or _new_visitor(request)
    if isinstance(visitor, Response):
        return visitor
    async with visitor.lock:
        fields = _read(visitor, form)[0]
        logo = form.file("logo")
        logo_lost = logo.given or (form.get("logo_kept") == "yes" and new)
        visitor.page = workflow.refilled(
            visitor, fields, logo_lost, logo.name if logo.given else ""
        )
    return _answer(request, visitor, _back(visitor.page))


async def _act(visitor: Visitor, action, *args, form: Form | None = None):
    """Run one action in a thread, off the event loop. A bug it meets becomes a plain error
    on the visitor's page (with the form as it was sent), never a traceback or a 500."""
    try:
        return await anyio.to_thread.run_sync(action, *args)
    except Exception as error:
        log.exception("a studio action failed unexpectedly")
        values = _read(visitor, form)[0] if form else None
        return workflow.failed(visitor, error, values)


def _read(visitor: Visitor, form: Form) -> tuple[KitFields, list[Notice]]:
    """The kit form's fields, tidied, and what is wrong with them (see read_fields)."""
    page = visitor.page
    return read_fields(form.fields, page.values, form.too_long, page.kit_language)


def _back(page: Page) -> RedirectResponse:
    """To the page, at what it says first: its summary, whenever it has one (problems, or a
    form refilled because the work had expired or changed elsewhere), else the previews."""
    anchor = "summary" if page.notices or page.expired or page.elsewhere else "previews"
    return RedirectResponse(f"/#{anchor}", status_code=303)


def _save(request: Request, visitor: Visitor, form: Form) -> Page:
    fields, problems = _read(visitor, form)
    remove = form.get("remove_logo") == "yes"
    return workflow.save_form(
        studio_of(request).pool, visitor, fields, problems, form.file("logo"), remove
    )


async def preview(request: Request) -> Response:
    """Preview: save the kit the form describes, check it, and make its previews."""
    posted = await _posted(request, LOGO, kit_form=True)
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    async with visitor.lock:
        if not _current(visitor, form):
            return _elsewhere(visitor, form, "preview")
        page = visitor.page = await _act(visitor, _save, request, visitor, form, form=form)
        _count(visitor, form)
    return _back(page)


def _current(visitor: Visitor, form: Form) -> bool:
    """Whether the form's page shows the work as it stands (see Visitor.current)."""
    return visitor.current(form.get(REVISION), form.get(PAGE_ID))


def _count(visitor: Visitor, form: Form) -> None:
    visitor.changed(form.get(REVISION), form.get(PAGE_ID))


def _elsewhere(visitor: Visitor, form: Form, asked: str) -> Response:
    """The page for a form from a page shown before the kit was changed in another tab or
    window: nothing done with it (its logo, or its lack of one, would have been mixed with
    the other change), and everything typed on it back in the form, over the kit as it
    now stands. Changes nothing, so no other page goes stale by it."""
    fields = _read(visitor, form)[0] if asked != "fix" else visitor.page.values
    logo = form.file("logo")
    name, remove = (logo.name if logo.given else ""), form.get("remove_logo") == "yes"
    visitor.page = workflow.changed_elsewhere(visitor, fields, asked, name, remove)
    return _back(visitor.page)


async def fix(request: Request) -> Response:
    """A one-click fix: the suggested shade for Main colour or Second colour."""
    posted = await _posted(request, {})
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    changes = {}
    for name in ("primary", "secondary"):
        if value := form.get(name):
            try:
                changes[name] = Rgb.parse(value).hex
            except ValueError:
                return problem_page(request, 400)
    if not changes or not visitor.has_kit:
        return problem_page(request, 400)
    pool = studio_of(request).pool
    async with visitor.lock:
        if not _current(visitor, form):
            return _elsewhere(visitor, form, "fix")
        fields = replace(visitor.page.values, **changes)
        page = visitor.page = await _act(
            visitor, workflow.save_form, pool, visitor, fields, [], Upload(), False
        )
        _count(visitor, form)
    return _back(page)


async def pack(request: Request) -> Response:
    """Download pack: save the form as Preview does, then, with no check error standing,
    make the whole pack and send it as one zip."""
    posted = await _posted(request, LOGO, kit_form=True)
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    studio = studio_of(request)
    async with visitor.lock:
        if not _current(visitor, form):
            return _elsewhere(visitor, form, "pack")
        if _changed(visitor, form):
            page = visitor.page = await _act(visitor, _save, request, visitor, form, form=form)
            _count(visitor, form)
        made = await _act(visitor, workflow.make_pack, studio.pool, visitor)
        page, name, data = made if isinstance(made, tuple) else (made, "", None)
        visitor.page = page
    if data is None:
        return RedirectResponse("/#summary", status_code=303)
    disposition = f'attachment; filename="{name}-myth-busting-pack.zip"'
    response = Response(
        data, media_type="application/zip", headers={"content-disposition": disposition}
    )
    if PACK_TOKEN.fullmatch(token := form.get("pack_token")):
        response.set_cookie(PACK_COOKIE, token, max_age=600, samesite="strict", path="/")
    return response


def _changed(visitor: Visitor, form: Form) -> bool:
    """Whether the form says anything the kit in place does not. The form is read tidied
    (a browser sends a textarea's lines ending in CRLF), so that a kit opened and sent back
    unchanged is not written again: its palette's names and its layout stay as they are."""
    fields, problems = _read(visitor, form)
    return (
        bool(problems)
        or fields != visitor.page.values
        or form.file("logo").given
        or form.get("remove_logo") == "yes"
        or not visitor.has_kit
        or bool(visitor.page.errors)
        or visitor.page.expired
    )


async def open_shipped(request: Request) -> Response:
    """Start from a kit that comes with mythprint, picked by name from a list the server
    made: the browser's choice is looked up, never used as a path."""
    posted = await _posted(request, {}, anew=True)
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    studio = studio_of(request)
    chosen = studio.shipped.get(form.get("shipped_kit"))
    async with visitor.lock:
        if chosen is None:
            notice = Notice("shipped_kit", ERROR, "Choose one of the kits in the list.")
            visitor.page = replace(
                visitor.page, notices=(notice,), previews={}, handout=None, not_made=(),
                expired=False, elsewhere="",
            )  # fmt: skip
            return _answer(request, visitor, _back(visitor.page))
        page = visitor.page = await _act(
            visitor, workflow.open_shipped, studio.pool, visitor, chosen[1]
        )
        _count(visitor, form)
    return _answer(request, visitor, _back(page))


async def open_saved(request: Request) -> Response:
    """Open a kit saved earlier: its zip is checked whole before anything is extracted."""
    posted = await _posted(request, SAVED_KIT, anew=True)
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    studio = studio_of(request)
    async with visitor.lock:
        page = visitor.page = await _act(
            visitor, workflow.open_saved, studio.pool, visitor, form.file("saved_kit")
        )
        _count(visitor, form)
    return _answer(request, visitor, _back(page))


async def start_again(request: Request) -> Response:
    """Forget the kit and start a blank one."""
    posted = await _posted(request, {}, anew=True)
    if isinstance(posted, Response):
        return posted
    visitor, form = posted
    async with visitor.lock:
        await anyio.to_thread.run_sync(workspace.clear, visitor)
        visitor.opened = False
        visitor.page = Page(status="You started a new kit.")
        _count(visitor, form)
    return _answer(request, visitor, RedirectResponse("/", status_code=303))


async def revision(request: Request) -> Response:
    """Whether the page that asks (by the revision and id its form holds) still shows the
    work as it stands: its script asks when its tab is shown again, and says plainly when
    another tab or window has changed the kit since."""
    visitor = studio_of(request).visitors.get(request.cookies.get(COOKIE))
    query = request.query_params
    current = visitor is None or visitor.current(query.get(REVISION), query.get(PAGE_ID))
    return JSONResponse({"current": current}, headers={"cache-control": "no-store"})


# --- files ---


async def preview_image(request: Request) -> Response:
    """One of the visitor's own previews, by a key from a fixed list."""
    key = request.path_params["key"]
    visitor = studio_of(request).visitors.get(request.cookies.get(COOKIE))
    if visitor is None or key not in PREVIEW_KEYS:
        return problem_page(request, 404)
    if key == "handout":
        png = await studio_of(request).handout_preview(visitor)
    else:
        png = visitor.page.previews.get(key)
    if png is None:
        return problem_page(request, 404)
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})


async def static(request: Request) -> Response:
    """The pages' stylesheet, script and fonts, by a name from a fixed list."""
    found = studio_of(request).pages.assets.get(request.path_params["name"])
    if found is None:
        return problem_page(request, 404)
    data, media_type = found
    return Response(data, media_type=media_type, headers={"cache-control": "no-cache"})


SWATCH = re.compile(r"[0-9a-f]{6}")


async def swatch(request: Request) -> Response:
    """A square of a colour a button offers ("Use #7a7a00"), so that it shows the colour:
    an image, which the page's policy of no inline styles allows."""
    code = request.path_params["code"]
    if not SWATCH.fullmatch(code):
        return problem_page(request, 404)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
        f'<rect width="1" height="1" fill="#{code}"/></svg>'
    )
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})
