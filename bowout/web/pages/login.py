"""Signing in and out, when the app is served beyond loopback with an access token.

The checks themselves live in ``bowout.web.access`` (sessions, the throttle on wrong tokens) and
``bowout.web.security`` (the Guard asking for a session on every other request).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bowout.web.access import Access, client_key, wait_words
from bowout.web.deps import Form, field, render
from bowout.web.security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)


def _access(request: Request) -> Access | None:
    access: Access | None = request.app.state.access
    return access


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    needed = _access(request) is not None
    return render(request, "login.html", {"active": "", "needed": needed})


@router.post("/login")
def login(request: Request, form: Form) -> Response:
    access = _access(request)
    if access is None:
        return RedirectResponse("/", status_code=303)  # nothing to sign in to
    client = client_key(request.client.host if request.client else None)
    verdict = access.attempt(client, field(form, "token"))
    if not verdict.accepted:
        if not verdict.heard:
            error = f"Too many wrong tokens from your address: {wait_words(verdict.wait)}."
        elif verdict.wait:
            error = f"That token is not right; {wait_words(verdict.wait)}."
        else:
            error = "That token is not right."
        context = {"active": "", "needed": True, "error": error}
        page = render(request, "login.html", context, status=401 if verdict.heard else 429)
        if verdict.wait:
            page.headers["Retry-After"] = str(verdict.wait)
        return page
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        access.sessions.end(old)  # a fresh id at every sign-in: no id chosen by someone else
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        access.sessions.start(),
        max_age=access.sessions.lifetime,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    access = _access(request)
    session = request.cookies.get(SESSION_COOKIE)
    if access and session:
        access.sessions.end(session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
