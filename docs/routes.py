"""The REST API's endpoints as a table for docs/web.md, from the router itself (run by cog)."""

from __future__ import annotations

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
from fastapi.routing import APIRoute

from bowout.web.app import ROUTERS

API_PREFIX = "/api/v1"


def api_table() -> None:
    cog.outl("| method | endpoint | what it does |")
    cog.outl("|---|---|---|")
    for router in (r for r in ROUTERS if r.prefix == API_PREFIX):  # every API router, in order
        for route in router.routes:
            if isinstance(route, APIRoute):
                methods = ", ".join(sorted((route.methods or set()) - {"HEAD"}))
                path = route.path.removeprefix(router.prefix)
                cog.outl(f"| {methods} | `{path}` | {route.summary or route.name} |")
