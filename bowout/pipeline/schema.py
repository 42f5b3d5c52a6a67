"""The ORM classes of the pipeline store, mapped onto the Core tables in ``tables``.

Writes go through these (a process and its stages, contacts and interviews are saved as one
unit of work); every column and index is declared once, in ``tables``, and the annotations here
only give each attribute its Python type. Loading this module loads SQLAlchemy's ORM: the reads
that need none (status, list, show) use ``tables`` alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from bowout.model import InterviewStatus
from bowout.pipeline import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class Process(Base):
    __table__ = tables.process_table

    id: Mapped[int]
    company: Mapped[str]
    role: Mapped[str | None]
    link: Mapped[str | None]
    source: Mapped[str | None]
    stage: Mapped[str]
    intent: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
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


class StageChange(Base):
    __table__ = tables.stage_change_table

    id: Mapped[int]
    process_id: Mapped[int]
    stage: Mapped[str]
    at: Mapped[datetime]
    note: Mapped[str | None]

    process: Mapped[Process] = relationship(back_populates="stages")


class Contact(Base):
    __table__ = tables.contact_table

    id: Mapped[int]
    process_id: Mapped[int]
    name: Mapped[str]
    email: Mapped[str | None]
    phone: Mapped[str | None]
    linkedin: Mapped[str | None]
    part: Mapped[str]
    keep: Mapped[bool]
    keep_why: Mapped[str | None]
    person_id: Mapped[int | None]

    process: Mapped[Process] = relationship(back_populates="contacts")
    person: Mapped[Person | None] = relationship(back_populates="contacts")


class Person(Base):
    """Someone the user dealt with, in one process or many: the contacts that are them."""

    __table__ = tables.person_table

    id: Mapped[int]
    name: Mapped[str]
    created_at: Mapped[datetime]

    contacts: Mapped[list[Contact]] = relationship(back_populates="person", order_by="Contact.id")


class PersonChange(Base):
    """One change to who is who, kept so it can be undone (see ``tables.person_change_table``)."""

    __table__ = tables.person_change_table

    id: Mapped[int]
    kind: Mapped[str]  # merge | split | apart
    person_id: Mapped[int]
    other_id: Mapped[int | None]
    contacts: Mapped[list[int]]
    reason: Mapped[str]  # email | linkedin | name | user
    at: Mapped[datetime]
    undone_at: Mapped[datetime | None]


class Interview(Base):
    __table__ = tables.interview_table

    id: Mapped[int]
    process_id: Mapped[int]
    start: Mapped[datetime]
    zone: Mapped[str]
    minutes: Mapped[int]
    place: Mapped[str | None]
    status: Mapped[str]
    uid: Mapped[str | None]
    sequence: Mapped[int | None]

    process: Mapped[Process] = relationship(back_populates="interviews")

    @property
    def local_start(self) -> datetime:
        """The start in the interview's own zone, where its calendar day (and notice) is judged."""
        return self.start.astimezone(ZoneInfo(self.zone))

    @property
    def is_live(self) -> bool:
        return InterviewStatus(self.status).is_live


class Message(Base):
    __table__ = tables.message_table

    id: Mapped[int]
    process_id: Mapped[int]
    contact_id: Mapped[int | None]
    direction: Mapped[str]
    channel: Mapped[str]
    at: Mapped[datetime]
    subject: Mapped[str | None]
    body: Mapped[str]
    intent: Mapped[str | None]
    findings: Mapped[list[dict[str, Any]] | None]
    origin: Mapped[str | None]

    process: Mapped[Process] = relationship(back_populates="messages")
    contact: Mapped[Contact | None] = relationship()


class Followup(Base):
    __table__ = tables.followup_table

    id: Mapped[int]
    process_id: Mapped[int]
    contact_id: Mapped[int | None]
    kind: Mapped[str]  # model.FollowupKind
    due: Mapped[datetime]
    done_at: Mapped[datetime | None]
    note: Mapped[str | None]
    draft: Mapped[dict[str, Any] | None]

    process: Mapped[Process] = relationship(back_populates="followups")
    contact: Mapped[Contact | None] = relationship()


class MailThread(Base):
    """A conversation rebuilt from the user's mail, matched to a process or proposed as one."""

    __table__ = tables.mail_thread_table

    id: Mapped[int]
    process_id: Mapped[int | None]
    subject: Mapped[str | None]
    subject_key: Mapped[str]
    participants: Mapped[list[str]]
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    last_direction: Mapped[str]
    owed_since: Mapped[datetime | None]
    owed_message_id: Mapped[int | None]
    automated: Mapped[bool]
    reading: Mapped[str | None]
    proposal: Mapped[str | None]
    proposal_state: Mapped[str | None]
    proposal_company: Mapped[str | None]

    process: Mapped[Process | None] = relationship()
    messages: Mapped[list[MailMessage]] = relationship(
        back_populates="thread", cascade="all, delete-orphan", order_by="MailMessage.at"
    )


class MailMessage(Base):
    """One message seen in the user's mail, once, whichever file or folder it came from."""

    __table__ = tables.mail_message_table

    id: Mapped[int]
    thread_id: Mapped[int]
    message_key: Mapped[str]
    direction: Mapped[str]
    sender: Mapped[str]
    sender_name: Mapped[str | None]
    recipients: Mapped[list[str]]
    subject: Mapped[str | None]
    at: Mapped[datetime]
    snippet: Mapped[str]
    asks: Mapped[bool]
    automated: Mapped[bool]
    answered: Mapped[bool]
    reading: Mapped[str | None]
    origin: Mapped[str]
    folder: Mapped[str | None]
    uid: Mapped[int | None]
    message_id: Mapped[int | None]

    thread: Mapped[MailThread] = relationship(back_populates="messages")


class MailRef(Base):
    """Every Message-ID a thread's messages name (their own and those they reply to)."""

    __table__ = tables.mail_ref_table

    key: Mapped[str]
    thread_id: Mapped[int]


class MailSource(Base):
    """Where mail was read from, and how far (see ``tables.mail_source_table``)."""

    __table__ = tables.mail_source_table

    id: Mapped[int]
    kind: Mapped[str]
    name: Mapped[str]
    uidvalidity: Mapped[int | None]
    last_uid: Mapped[int | None]
    size: Mapped[int | None]
    fingerprint: Mapped[str | None]
    messages: Mapped[int]
    synced_at: Mapped[datetime]


class Draft(Base):
    """A message as the user left it while writing: saved as they type, gone once sent."""

    __table__ = tables.draft_table

    id: Mapped[int]
    key: Mapped[str]
    process_id: Mapped[int | None]
    subject: Mapped[str | None]
    body: Mapped[str]
    updated_at: Mapped[datetime]


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
