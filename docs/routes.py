"""The REST API's endpoints as a table for docs/web.md, from the router itself (run by cog)."""

from __future__ import annotations

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
from fastapi.routing import APIRoute

from bowout.web import api


def api_table() -> None:
    cog.outl("| method | endpoint | what it does |")
    cog.outl("|---|---|---|")
    for route in api.router.routes:
        if isinstance(route, APIRoute):
            methods = ", ".join(sorted(route.methods - {"HEAD"}))
            path = route.path.removeprefix(api.router.prefix)
            cog.outl(f"| {methods} | `{path}` | {route.summary or route.name} |")
