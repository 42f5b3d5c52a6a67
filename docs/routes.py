"""The REST API's endpoints as a table for docs/web.md, from the router itself (run by cog)."""

from __future__ import annotations

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
from fastapi.routing import APIRoute

from bowout.web import api, api_people, api_workflows, inbox_api


def api_table() -> None:
    cog.outl("| method | endpoint | what it does |")
    cog.outl("|---|---|---|")
    for router in (api.router, api_workflows.router, api_people.router, inbox_api.router):
        for route in router.routes:
            if isinstance(route, APIRoute):
                methods = ", ".join(sorted(route.methods - {"HEAD"}))
                path = route.path.removeprefix(router.prefix)
                cog.outl(f"| {methods} | `{path}` | {route.summary or route.name} |")
