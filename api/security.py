"""Hardening at the edge: security headers, a content security policy, request size limits."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response


# The bundled app only: scripts, styles, fonts and images from this origin; the live socket
# on this origin; blob:/data: for map canvases and photo previews.  No CDN, no inline script.
# A basemap the park configures (an XYZ URL) is the one other origin images may come from.
def content_security_policy(image_origins: tuple[str, ...] = ()) -> str:
    images = " ".join(("'self'", "data:", "blob:", *image_origins))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {images}; font-src 'self'; connect-src 'self' ws: wss:; "
        "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
        "object-src 'none'"
    )


def origin_of(url: str | None) -> tuple[str, ...]:
    """The scheme://host[:port] of an absolute URL (a basemap template), or nothing."""
    if not url:
        return ()
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ()
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return (f"{parts.scheme}://{host}",)


def security_headers(image_origins: tuple[str, ...] = ()) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy(image_origins).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", b"geolocation=(self), camera=(self), microphone=()"),
    ]


# for responses written straight to ASGI (tiles): no page is rendered from them, so the
# basemap's origin does not matter there
SECURITY_HEADERS = security_headers()


class SecurityMiddleware:
    """Adds the security headers and refuses bodies larger than ``max_body`` bytes (413)."""

    def __init__(self, app: ASGIApp, max_body: int, image_origins: tuple[str, ...] = ()):
        self.app = app
        self.max_body = max_body
        self.headers = security_headers(image_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, receive, send)
            return
        received = 0
        too_large = False

        async def counted_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in present
                ]
            await send(message)

        await self.app(scope, counted_receive, send_with_headers)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "payload_too_large", f"the request body exceeds {self.max_body} bytes")
        response.headers.update({k.decode(): v.decode() for k, v in self.headers})
        await response(scope, receive, send)
