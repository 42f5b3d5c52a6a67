"""People across processes: every contact becomes (part of) a person, and each change to who is
who is kept so it can be undone.

Existing contacts are gathered into people by the certain keys: the same e-mail address (a
team's shared mailbox only when the names match too) or the same LinkedIn profile. Each such
match is logged as a change, so a wrong one can be undone like any later one. Nothing else in
the store changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bowout.core import identity

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "person_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("other_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE")),
        sa.Column("contacts", sa.JSON, nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("undone_at", WHEN),
    )
    op.create_index("ix_person_changes_person", "person_changes", ["person_id"])
    # A plain ADD COLUMN: on SQLite, rebuilding the contacts table (Alembic's batch mode) would
    # null the references messages and follow-ups hold to it; SQLite takes the reference inline.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE contacts ADD COLUMN person_id INTEGER REFERENCES people (id)")
    else:
        op.add_column(
            "contacts",
            sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id")),
        )
    op.create_index("ix_contacts_person", "contacts", ["person_id"])
    _gather()


def _gather() -> None:
    """One person per contact, except where an address or a profile says they are one."""
    bind = op.get_bind()
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Integer),
        sa.column("process_id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("email", sa.String),
        sa.column("linkedin", sa.Text),
        sa.column("person_id", sa.Integer),
    )
    processes = sa.table("processes", sa.column("id", sa.Integer), sa.column("created_at", WHEN))
    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("created_at", WHEN),
    )
    changes = sa.table(
        "person_changes",
        sa.column("kind", sa.String),
        sa.column("person_id", sa.Integer),
        sa.column("other_id", sa.Integer),
        sa.column("contacts", sa.JSON),
        sa.column("reason", sa.String),
        sa.column("at", WHEN),
    )
    rows = bind.execute(
        sa.select(
            contacts.c.id,
            contacts.c.name,
            contacts.c.email,
            contacts.c.linkedin,
            processes.c.created_at,
        )
        .join(processes, processes.c.id == contacts.c.process_id)
        .order_by(contacts.c.id)
    ).all()
    by_email: dict[str, tuple[int, str | None]] = {}
    by_profile: dict[str, int] = {}
    for ident, name, email, linkedin, created in rows:
        address = identity.email_key(email)
        profile = identity.linkedin_key(linkedin)
        person, reason = None, ""
        if address in by_email:
            known, known_name = by_email[address]
            if not identity.shared_box(address) or known_name == identity.name_key(name):
                person, reason = known, "email"
        if person is None and profile in by_profile:
            person, reason = by_profile[profile], "linkedin"
        if person is None:
            person = bind.execute(
                people.insert().values(name=name, created_at=created).returning(people.c.id)
            ).scalar_one()
        else:
            bind.execute(
                changes.insert().values(
                    kind="merge",
                    person_id=person,
                    other_id=None,
                    contacts=[ident],
                    reason=reason,
                    at=created,
                )
            )
        bind.execute(contacts.update().where(contacts.c.id == ident).values(person_id=person))
        if address is not None:
            by_email.setdefault(address, (person, identity.name_key(name)))
        if profile is not None:
            by_profile.setdefault(profile, person)


def downgrade() -> None:
    op.drop_index("ix_contacts_person", table_name="contacts")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("person_id")
    op.drop_index("ix_person_changes_person", table_name="person_changes")
    op.drop_table("person_changes")
    op.drop_table("people")
