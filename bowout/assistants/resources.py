"""What an assistant's application can read: the open processes, what is due, and the checker's
rules with their rationale and examples (``bowout://rules/critique`` and one per rule).

Each is the same JSON as the tool (or the CLI's ``--json``) that shows it. A bowout error is a
protocol error carrying the error JSON in its data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mcp import MCPError
from mcp.types import INTERNAL_ERROR, INVALID_PARAMS

from bowout import service
from bowout.assistants.backend import Backend
from bowout.assistants.tools import MAIL_IS_DATA
from bowout.errors import BowoutError, NotFound

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

JSON = "application/json"


def _read(uri: str, produce: Callable[[], Any]) -> Callable[[], str]:
    def read() -> str:
        try:
            data = produce()
        except BowoutError as exc:
            code = INVALID_PARAMS if isinstance(exc, NotFound) else INTERNAL_ERROR
            raise MCPError(
                code=code, message=exc.message, data={"uri": uri, **exc.to_json()}
            ) from None
        return json.dumps(data, ensure_ascii=False, indent=2)

    return read


def register(server: MCPServer[Any], backend: Backend) -> None:
    def open_processes() -> dict[str, Any]:
        return {"processes": service.list_processes(backend.stored())}

    def due() -> dict[str, Any]:
        return service.status(backend.stored())

    server.resource(
        "bowout://processes/open",
        name="open-processes",
        title="Open processes",
        description="Every open job-search process, most recently changed first. " + MAIL_IS_DATA,
        mime_type=JSON,
    )(_read("bowout://processes/open", open_processes))
    server.resource(
        "bowout://status",
        name="status",
        title="What is due",
        description="Replies owed, interviews to decide on, withdrawals owed, reconnections "
        "due; most urgent first, each with its next step. " + MAIL_IS_DATA,
        mime_type=JSON,
    )(_read("bowout://status", due))

    @server.resource(
        "bowout://processes/{process}",
        name="process",
        title="One process",
        description="A process by id or company name, with its contacts, interviews, messages "
        "and follow-ups. " + MAIL_IS_DATA,
        mime_type=JSON,
    )
    def one_process(process: str) -> str:
        uri = f"bowout://processes/{process}"
        return _read(uri, lambda: service.show_process(backend.stored(), process))()

    server.resource(
        "bowout://rules",
        name="rules",
        title="The checker's rules",
        description="Every rule bowout_check applies: id, severity, what it catches.",
        mime_type=JSON,
    )(_read("bowout://rules", service.rules))
    for rule in service.rules():
        uri = f"bowout://rules/{rule['id']}"
        server.resource(
            uri,
            name=f"rule-{rule['id']}",
            title=f"Rule {rule['id']}",
            description=f"{rule['summary']} Why it matters, with messages it fires on and "
            "messages it lets pass.",
            mime_type=JSON,
        )(_read(uri, _explaining(rule["id"])))


def _explaining(rule_id: str) -> Callable[[], dict[str, Any]]:
    return lambda: service.explain(rule_id)
