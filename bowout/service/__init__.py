"""The one facade every front end calls: the CLI, the web pages, the REST API, the MCP server.

Each function takes a ``Context`` (settings, ``now``, the store) first and plain values after,
and returns JSON-ready dicts, so the same JSON comes out of every front end and each workflow
(mark sent, import, accept) is written once. Errors are ``bowout.errors`` carrying the field
they concern; each front end names that field its own way.
"""

from bowout.service.advising import WORKING_HOURS, advise, instant, reasons, slots
from bowout.service.checking import check, check_batch, check_context, explain, read_message, rules
from bowout.service.context import Context, open_store
from bowout.service.drafting import draft, scenario_intent, scenarios, variant_count
from bowout.service.drafts import discard_draft, get_draft, save_draft
from bowout.service.editing import (
    add_contact,
    archive,
    delete_process,
    edit_contact,
    edit_details,
    remove_contact,
    restore,
)
from bowout.service.endings import (
    accept,
    accept_plan,
    decline,
    prefill,
    reschedule,
)
from bowout.service.inbox import (
    confirm_proposal,
    connect_mail,
    dismiss_proposal,
    import_mail,
    import_mail_bytes,
    mail_overview,
    mail_proposals,
    sync_mail,
)
from bowout.service.invites import (
    calendar_events,
    calendar_feed,
    cancellation,
    import_calendar,
    import_calendar_bytes,
)
from bowout.service.ledger import late_reply, ledger
from bowout.service.people import (
    keep_apart,
    list_people,
    merge_people,
    person,
    process_draft,
    split_person,
    undo_people_change,
)
from bowout.service.preferences import (
    availability_days,
    availability_from,
    load_settings,
    save_settings,
    settings_rows,
)
from bowout.service.processes import (
    add_interview,
    add_process,
    edit_process,
    followup_show,
    followups,
    list_interviews,
    list_processes,
    log_message,
    set_stage,
    show_process,
    status,
    update_interview,
)
from bowout.service.relationships import keep, kept_contacts, reconnect
from bowout.service.replies import mark_answered, reply_draft, send_reply
from bowout.service.sending import followup_done, mark_sent
from bowout.service.transfer import export, import_text
from bowout.service.upcoming import HORIZON_DAYS, going, upcoming

__all__ = [
    "HORIZON_DAYS",
    "WORKING_HOURS",
    "Context",
    "accept",
    "accept_plan",
    "add_contact",
    "add_interview",
    "add_process",
    "advise",
    "archive",
    "availability_days",
    "availability_from",
    "calendar_events",
    "calendar_feed",
    "cancellation",
    "check",
    "check_batch",
    "check_context",
    "confirm_proposal",
    "connect_mail",
    "decline",
    "delete_process",
    "discard_draft",
    "dismiss_proposal",
    "draft",
    "edit_contact",
    "edit_details",
    "edit_process",
    "explain",
    "export",
    "followup_done",
    "followup_show",
    "followups",
    "get_draft",
    "going",
    "import_calendar",
    "import_calendar_bytes",
    "import_mail",
    "import_mail_bytes",
    "import_text",
    "instant",
    "keep",
    "keep_apart",
    "kept_contacts",
    "late_reply",
    "ledger",
    "list_interviews",
    "list_people",
    "list_processes",
    "load_settings",
    "log_message",
    "mail_overview",
    "mail_proposals",
    "mark_answered",
    "mark_sent",
    "merge_people",
    "open_store",
    "person",
    "prefill",
    "process_draft",
    "read_message",
    "reasons",
    "reconnect",
    "remove_contact",
    "reply_draft",
    "reschedule",
    "restore",
    "rules",
    "save_draft",
    "save_settings",
    "scenario_intent",
    "scenarios",
    "send_reply",
    "set_stage",
    "settings_rows",
    "show_process",
    "slots",
    "split_person",
    "status",
    "sync_mail",
    "undo_people_change",
    "upcoming",
    "update_interview",
    "variant_count",
]
