"""The tables of the pipeline store in SQLAlchemy Core: every column and index, declared once.

The ORM classes in ``schema`` are mapped onto these tables for the writes that need a unit of
work; the reads a command runs most (status, list, show) query the tables directly, so they
load no ORM at all. Times are stored in UTC (``UTCDateTime``); an interview also keeps the IANA
zone it happens in, so its calendar day (and so its notice class) is judged where the
interviewers live. Enum-like columns hold the string values of the enums in ``bowout.model``.

A new column goes here, with its type in an annotation on the class in ``schema`` (and a
migration); a new table goes here too, mapped by a class in ``schema`` when writes need one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        value = value.astimezone(UTC)
        # SQLite keeps text: drop the offset so every stored value sorts as plain UTC text.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()


process_table = Table(
    "processes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company", String(200), nullable=False),
    Column("role", String(200)),
    Column("link", Text),
    Column("source", String(200)),
    Column("stage", String(20), nullable=False, default="applied"),
    # What the user means to do before the next interview (model.ProcessIntent), or None.
    Column("intent", String(20)),
    Column("notes", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # When the user put the process away: out of the lists and the to-do list until restored.
    Column("archived_at", UTCDateTime()),
    Index("ix_processes_stage", "stage"),
    Index("ix_processes_company", "company"),
    Index("ix_processes_archived_at", "archived_at"),
)

stage_change_table = Table(
    "stage_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("note", Text),
    Index("ix_stage_changes_process", "process_id"),
)

contact_table = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("phone", String(50)),
    Column("linkedin", Text),
    Column("part", String(20), nullable=False, default="recruiter"),
    Column("keep", Boolean, nullable=False, default=False),
    Column("keep_why", String(40)),
    # The person this contact is, across processes and companies (see pipeline.people).
    # (People are never deleted: a merge empties one, so an undo can fill it again.)
    Column("person_id", Integer, ForeignKey("people.id")),
    Index("ix_contacts_process", "process_id"),
    Index("ix_contacts_person", "person_id"),
)

# Someone the user dealt with, in one process or many: the contacts that are them.
person_table = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

# One change to who is who, kept so it can be undone: contacts moved between people by a match
# or a merge, moved out by a split, or two people said to be different ("apart").
person_change_table = Table(
    "person_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),  # merge | split | apart
    # merge: the person who gained the contacts; split: the new person; apart: the first.
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    # merge: who they came from (None: a new contact that matched); split: who they left.
    Column("other_id", Integer, ForeignKey("people.id", ondelete="CASCADE")),
    Column("contacts", JSON, nullable=False, default=list),
    Column("reason", String(20), nullable=False),  # email | linkedin | name | user
    Column("at", UTCDateTime(), nullable=False),
    Column("undone_at", UTCDateTime()),
    Index("ix_person_changes_person", "person_id"),
)

interview_table = Table(
    "interviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("start", UTCDateTime(), nullable=False),
    Column("zone", String(64), nullable=False, default="UTC"),
    Column("minutes", Integer, nullable=False, default=60),
    Column("place", Text),
    Column("status", String(20), nullable=False, default="scheduled"),
    # An interview that came in as a calendar invitation keeps the invitation's UID and
    # SEQUENCE, so a later update moves it and a cancellation finds it.
    Column("uid", String(500)),
    Column("sequence", Integer),
    Index("ix_interviews_process", "process_id"),
    Index("ix_interviews_status_start", "status", "start"),
    Index("ix_interviews_uid", "uid"),
)

message_table = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
    Column("direction", String(3), nullable=False),
    Column("channel", String(20), nullable=False, default="email"),
    Column("at", UTCDateTime(), nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False, default=""),
    Column("intent", String(20)),
    Column("findings", JSON),
    # None: logged by hand; "mail": read from the user's mail (its thread owns the reply debt).
    Column("origin", String(20)),
    # status asks "latest in / latest out per open process": one index seek each.
    Index("ix_messages_process_direction_at", "process_id", "direction", "at"),
    Index("ix_messages_process_intent_direction_at", "process_id", "intent", "direction", "at"),
)

followup_table = Table(
    "followups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
    Column("kind", String(20), nullable=False),  # model.FollowupKind
    Column("due", UTCDateTime(), nullable=False),
    Column("done_at", UTCDateTime()),
    Column("note", Text),
    Column("draft", JSON),
    Index("ix_followups_open", "done_at", "due"),
)

# A message as the user left it while writing: saved as they type, gone once sent.
draft_table = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(100), nullable=False),  # which message: its page and what it is for
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="CASCADE")),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_drafts_key", "key", unique=True),
    Index("ix_drafts_process", "process_id"),
)

# A conversation rebuilt from the user's mail, matched to a process or proposed as one.
mail_thread_table = Table(
    "mail_threads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("process_id", Integer, ForeignKey("processes.id", ondelete="SET NULL")),
    Column("subject", Text),
    Column("subject_key", String(200), nullable=False, default=""),
    Column("participants", JSON, nullable=False, default=list),
    Column("first_at", UTCDateTime(), nullable=False),
    Column("last_at", UTCDateTime(), nullable=False),
    Column("last_direction", String(3), nullable=False, default="in"),
    # Their oldest unanswered message that asks something; None when nothing is owed.
    Column("owed_since", UTCDateTime()),
    Column("owed_message_id", Integer),
    Column("automated", Boolean, nullable=False, default=False),
    Column("reading", String(20)),
    # An unmatched approach or invitation: "approach" / "invitation", and "open", "dismissed"
    # or "confirmed" once the user has seen it.
    Column("proposal", String(20)),
    Column("proposal_state", String(20)),
    Column("proposal_company", String(200)),
    Index("ix_mail_threads_process", "process_id"),
    Index("ix_mail_threads_subject_key", "subject_key"),
    Index("ix_mail_threads_owed", "owed_since"),
)

# One message seen in the user's mail, once, whichever file or folder it came from.
mail_message_table = Table(
    "mail_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("thread_id", Integer, ForeignKey("mail_threads.id", ondelete="CASCADE"), nullable=False),
    Column("message_key", String(500), nullable=False, unique=True),
    Column("direction", String(3), nullable=False),
    Column("sender", String(320), nullable=False, default=""),
    Column("sender_name", String(200)),
    Column("recipients", JSON, nullable=False, default=list),
    Column("subject", Text),
    Column("at", UTCDateTime(), nullable=False),
    Column("snippet", Text, nullable=False, default=""),
    Column("asks", Boolean, nullable=False, default=False),
    Column("automated", Boolean, nullable=False, default=False),
    Column("answered", Boolean, nullable=False, default=False),
    Column("reading", String(20)),
    Column("origin", String(20), nullable=False),
    Column("folder", String(200)),
    Column("uid", BigInteger),
    Column("message_id", Integer, ForeignKey("messages.id", ondelete="SET NULL")),
    Index("ix_mail_messages_thread_at", "thread_id", "at"),
)

# Every Message-ID a thread's messages name (their own and those they reply to).
mail_ref_table = Table(
    "mail_refs",
    metadata,
    Column("key", String(500), primary_key=True),
    Column("thread_id", Integer, ForeignKey("mail_threads.id", ondelete="CASCADE"), nullable=False),
    Index("ix_mail_refs_thread", "thread_id"),
)

# Where mail was read from, and how far: an IMAP folder (UIDVALIDITY and the last UID) or a
# file (its size and fingerprint, so reading it again with nothing new costs nothing).
mail_source_table = Table(
    "mail_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(1000), nullable=False),
    Column("uidvalidity", BigInteger),
    Column("last_uid", BigInteger),
    Column("size", BigInteger),
    Column("fingerprint", String(64)),
    Column("messages", Integer, nullable=False, default=0),
    Column("synced_at", UTCDateTime(), nullable=False),
    UniqueConstraint("kind", "name", name="uq_mail_sources_kind_name"),
)
