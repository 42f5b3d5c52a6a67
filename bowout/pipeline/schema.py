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
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
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

    process: Mapped[Process] = relationship(back_populates="contacts")

    __table_args__ = (Index("ix_contacts_process", "process_id"),)


class Interview(Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    start: Mapped[datetime]
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")

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


TABLES = (Process, StageChange, Contact, Interview, Message, Followup)
