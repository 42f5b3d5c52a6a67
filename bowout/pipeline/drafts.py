"""Drafts kept as the user writes them: one per message being written, by a key that says which
(the assistant's message for a process, a withdrawal, a reply), saved as they type and gone once
the message is marked as sent. A reload, a closed tab or an error on the page loses nothing.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bowout.errors import InvalidInput
from bowout.pipeline.fields import check_encodable, clean_text
from bowout.pipeline.messages import MAX_BODY
from bowout.pipeline.processes import resolve
from bowout.pipeline.schema import Draft
from bowout.pipeline.serialize import iso

KEY = re.compile(r"^[a-z0-9][a-z0-9:_-]{0,99}$")
FORGOTTEN_AFTER = timedelta(days=90)  # a draft untouched this long is dropped


def checked_key(key: str) -> str:
    if not isinstance(key, str) or not KEY.match(key):
        raise InvalidInput(
            "a draft's key is 1 to 100 lower-case letters, digits, '-', '_' or ':'", field="key"
        )
    return key


def draft_json(draft: Draft) -> dict[str, Any]:
    return {
        "key": draft.key,
        "process": draft.process_id,
        "subject": draft.subject,
        "body": draft.body,
        "updated_at": iso(draft.updated_at),
    }


def get(session: Session, key: str) -> dict[str, Any] | None:
    found = session.scalars(select(Draft).where(Draft.key == checked_key(key))).first()
    return draft_json(found) if found is not None else None


def save(
    session: Session,
    key: str,
    *,
    body: str,
    now: datetime,
    subject: str | None = None,
    process: str | None = None,
) -> dict[str, Any]:
    """Keep the draft as it is now (replacing the one kept under ``key``)."""
    checked_key(key)
    if not isinstance(body, str):
        raise InvalidInput("the draft's text must be text", field="body")
    text = check_encodable(body, "body").replace("\r\n", "\n")
    if len(text) > MAX_BODY:
        raise InvalidInput(f"a draft of at most {MAX_BODY} characters, please", field="body")
    process_id = resolve(session, process).id if process else None
    session.execute(delete(Draft).where(Draft.updated_at < now - FORGOTTEN_AFTER))
    found = session.scalars(select(Draft).where(Draft.key == key)).first()
    if found is None:
        found = Draft(key=key)
        session.add(found)
    found.body = text
    found.subject = clean_text(subject, "subject", 500)
    found.process_id = process_id if process_id is not None else found.process_id
    found.updated_at = now
    session.flush()
    return draft_json(found)


def discard(session: Session, key: str) -> bool:
    """Forget the draft kept under ``key``; True when there was one."""
    result = session.execute(delete(Draft).where(Draft.key == checked_key(key)))
    return bool(getattr(result, "rowcount", 0))


def discard_for(session: Session, process_id: int) -> None:
    """A message of the process was sent: its drafts are done with."""
    session.execute(delete(Draft).where(Draft.process_id == process_id))
