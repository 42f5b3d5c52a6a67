"""The tables of the pipeline store, as typed SQLAlchemy 2 models.

Times are stored in UTC (``UTCDateTime``); an interview also keeps the IANA zone it happens in,
so its calendar day (and so its notice class) is judged where the interviewers live.
Enum-like columns hold the string values of the enums in ``bowout.model``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bowout.model import InterviewStatus


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


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    link: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(20), default="applied")
    # What the user means to do before the next interview (model.ProcessIntent), or None.
    intent: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # When the user put the process away: out of the lists and the to-do list until restored.
    archived_at: Mapped[datetime | None]

    stages: Mapped[list[StageChange]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="StageChange.id"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Contact.id"
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Interview.start"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Message.at"
    )
    followups: Mapped[list[Followup]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Followup.due"
    )

    __table_args__ = (
        Index("ix_processes_stage", "stage"),
        Index("ix_processes_company", "company"),
        Index("ix_processes_archived_at", "archived_at"),
    )


class StageChange(Base):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)

    process: Mapped[Process] = relationship(back_populates="stages")

    __table_args__ = (Index("ix_stage_changes_process", "process_id"),)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    linkedin: Mapped[str | None] = mapped_column(Text)
    part: Mapped[str] = mapped_column(String(20), default="recruiter")
    keep: Mapped[bool] = mapped_column(Boolean, default=False)
    keep_why: Mapped[str | None] = mapped_column(String(40))
    # The person this contact is, across processes and companies (see pipeline.people).
    # (People are never deleted: a merge empties one, so an undo can fill it again.)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    process: Mapped[Process] = relationship(back_populates="contacts")
    person: Mapped[Person | None] = relationship(back_populates="contacts")

    __table_args__ = (
        Index("ix_contacts_process", "process_id"),
        Index("ix_contacts_person", "person_id"),
    )


class Person(Base):
    """Someone the user dealt with, in one process or many: the contacts that are them."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]

    contacts: Mapped[list[Contact]] = relationship(back_populates="person", order_by="Contact.id")


class PersonChange(Base):
    """One change to who is who, kept so it can be undone: contacts moved between people by a
    match or a merge, moved out by a split, or two people said to be different ("apart")."""

    __tablename__ = "person_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # merge | split | apart
    # merge: the person who gained the contacts; split: the new person; apart: the first.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # merge: who they came from (None: a new contact that matched); split: who they left.
    other_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    contacts: Mapped[list[int]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(20))  # email | linkedin | name | user
    at: Mapped[datetime]
    undone_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_person_changes_person", "person_id"),)


class Interview(Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    start: Mapped[datetime]
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # An interview that came in as a calendar invitation keeps the invitation's UID and
    # SEQUENCE, so a later update moves it and a cancellation finds it.
    uid: Mapped[str | None] = mapped_column(String(500))
    sequence: Mapped[int | None] = mapped_column(Integer)

    process: Mapped[Process] = relationship(back_populates="interviews")

    @property
    def local_start(self) -> datetime:
        """The start in the interview's own zone, where its calendar day (and notice) is judged."""
        return self.start.astimezone(ZoneInfo(self.zone))

    @property
    def is_live(self) -> bool:
        return InterviewStatus(self.status).is_live

    __table_args__ = (
        Index("ix_interviews_process", "process_id"),
        Index("ix_interviews_status_start", "status", "start"),
        Index("ix_interviews_uid", "uid"),
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    at: Mapped[datetime]
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    intent: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # None: logged by hand; "mail": read from the user's mail (its thread owns the reply debt).
    origin: Mapped[str | None] = mapped_column(String(20))

    process: Mapped[Process] = relationship(back_populates="messages")
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        # status asks "latest in / latest out per open process": one index seek each.
        Index("ix_messages_process_direction_at", "process_id", "direction", "at"),
        Index("ix_messages_process_intent_direction_at", "process_id", "intent", "direction", "at"),
    )


class Followup(Base):
    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # model.FollowupKind
    due: Mapped[datetime]
    done_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    process: Mapped[Process] = relationship(back_populates="followups")
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (Index("ix_followups_open", "done_at", "due"),)


class MailThread(Base):
    """A conversation rebuilt from the user's mail, matched to a process or proposed as one."""

    __tablename__ = "mail_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="SET NULL"))
    subject: Mapped[str | None] = mapped_column(Text)
    subject_key: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    last_direction: Mapped[str] = mapped_column(String(3), default="in")
    # Their oldest unanswered message that asks something; None when nothing is owed.
    owed_since: Mapped[datetime | None]
    owed_message_id: Mapped[int | None] = mapped_column(Integer)
    automated: Mapped[bool] = mapped_column(Boolean, default=False)
    reading: Mapped[str | None] = mapped_column(String(20))
    # An unmatched approach or invitation: "approach" / "invitation", and "open", "dismissed"
    # or "confirmed" once the user has seen it.
    proposal: Mapped[str | None] = mapped_column(String(20))
    proposal_state: Mapped[str | None] = mapped_column(String(20))
    proposal_company: Mapped[str | None] = mapped_column(String(200))

    process: Mapped[Process | None] = relationship()
    messages: Mapped[list[MailMessage]] = relationship(
        back_populates="thread", cascade="all, delete-orphan", order_by="MailMessage.at"
    )

    __table_args__ = (
        Index("ix_mail_threads_process", "process_id"),
        Index("ix_mail_threads_subject_key", "subject_key"),
        Index("ix_mail_threads_owed", "owed_since"),
    )


class MailMessage(Base):
    """One message seen in the user's mail, once, whichever file or folder it came from."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("mail_threads.id", ondelete="CASCADE"))
    message_key: Mapped[str] = mapped_column(String(500), unique=True)
    direction: Mapped[str] = mapped_column(String(3))
    sender: Mapped[str] = mapped_column(String(320), default="")
    sender_name: Mapped[str | None] = mapped_column(String(200))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]
    snippet: Mapped[str] = mapped_column(Text, default="")
    asks: Mapped[bool] = mapped_column(Boolean, default=False)
    automated: Mapped[bool] = mapped_column(Boolean, default=False)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    reading: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(20))
    folder: Mapped[str | None] = mapped_column(String(200))
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))

    thread: Mapped[MailThread] = relationship(back_populates="messages")

    __table_args__ = (Index("ix_mail_messages_thread_at", "thread_id", "at"),)


class MailRef(Base):
    """Every Message-ID a thread's messages name (their own and those they reply to)."""

    __tablename__ = "mail_refs"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("mail_threads.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_mail_refs_thread", "thread_id"),)


class MailSource(Base):
    """Where mail was read from, and how far: an IMAP folder (UIDVALIDITY and the last UID) or
    a file (its size and fingerprint, so reading it again with nothing new costs nothing)."""

    __tablename__ = "mail_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(1000))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int | None] = mapped_column(BigInteger)
    size: Mapped[int | None] = mapped_column(BigInteger)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    messages: Mapped[int] = mapped_column(Integer, default=0)
    synced_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("kind", "name", name="uq_mail_sources_kind_name"),)


class Draft(Base):
    """A message as the user left it while writing: saved as they type, gone once sent."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))  # which message: its page and what it is for
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_drafts_key", "key", unique=True),
        Index("ix_drafts_process", "process_id"),
    )


TABLES = (
    Process,
    StageChange,
    Contact,
    Interview,
    Message,
    Followup,
    Draft,
    Person,
    PersonChange,
)
MAIL_TABLES = (MailThread, MailMessage, MailRef, MailSource)
