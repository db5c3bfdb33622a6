"""Safe on a shared office PC: only the studio's own address is answered (no DNS rebinding),
every POST carries a token tied to its visitor (no cross-site forms), and every response
tells the browser to load nothing from elsewhere."""

from __future__ import annotations

import hashlib
import hmac

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOCAL_NAMES = ("localhost", "127.0.0.1")
CSRF_FIELD = "csrftoken"
# The pages use their own stylesheet, script, images and fonts, and nothing else; the script
# asks the studio alone whether another tab changed the kit (/revision).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # "no-referrer" would make browsers send Origin: null
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def is_local(host: str) -> bool:
    return host in LOCAL_NAMES or host == "::1"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the studio answers: localhost and 127.0.0.1 with its port, and the
    host it was started with. A name that only points here (DNS rebinding) is not one."""
    names = {*LOCAL_NAMES, host}
    allowed = set()
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        allowed.add(f"{shown}:{port}".lower())
        if port == 80:
            allowed.add(shown.lower())
    return frozenset(allowed)


class HostCheck:
    """ASGI middleware: anything but an allowed Host header gets 400, before any view runs."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = Headers(scope=scope).get("host", "").lower()
            if host not in self.allowed:
                response = PlainTextResponse(
                    "Bad request: the studio answers only at its own address, "
                    "for example http://127.0.0.1:8000/.",
                    status_code=400,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: the headers above on every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(secret: bytes, visitor_id: str) -> str:
    """The token a visitor's forms carry: a signature of its id with the server's secret, so
    a page on another site, which cannot read the visitor's pages, cannot make one."""
    return hmac.new(secret, b"csrf:" + visitor_id.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, visitor_id: str, given: str) -> bool:
    return hmac.compare_digest(csrf_token(secret, visitor_id), given or "")


def same_origin(request: Request) -> bool:
    """False for a request a browser says came from another site (Origin, Sec-Fetch-Site);
    true when it says nothing, as scripts and older browsers do (the token still decides)."""
    site = request.headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.lower() == f"{request.url.scheme}://{request.headers.get('host', '')}".lower()


def from_own_page(request: Request) -> bool:
    """True only when the browser says the request came from the studio's own page, as every
    browser that sends Origin or Sec-Fetch-Site does; never for a script that says nothing.
    Enough to fill the studio's own form in again, never to act on it."""
    if not same_origin(request):
        return False
    return (
        request.headers.get("sec-fetch-site") == "same-origin"
        or request.headers.get("origin") is not None
    )
