"""Writing mail into the store: each message once, placed in its thread, the thread matched.

``ingest`` takes parsed letters (and the ones skipped), a session and ``now``. Messages already
stored are recognised by their Message-ID and only their answered flag can change, so importing
the same mail twice changes nothing. Everything happens in the caller's transaction: a failure
rolls back whole, and what was committed before it stays consistent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bowout.pipeline import matching
from bowout.pipeline.inbox import signals, threads
from bowout.pipeline.inbox.bulk import chunks, insert_many, insert_rows
from bowout.pipeline.inbox.letters import Letter, snippet
from bowout.pipeline.inbox.settling import settle
from bowout.pipeline.inbox.sources import Skipped, is_sent_folder
from bowout.pipeline.inbox.tally import Tally
from bowout.pipeline.schema import MailMessage, MailRef, MailThread
from bowout.pipeline.tables import mail_message_table, mail_ref_table, mail_thread_table

BODY_LIMIT = 20_000
# Core statements over the tables: many rows at once, without the ORM's bookkeeping
_THREADS = mail_thread_table
_MAIL = mail_message_table
_REFS = mail_ref_table


class _Slot:
    """A thread while a batch is placed: stored already (``id``) or new."""

    __slots__ = ("first", "id", "last", "merged", "people", "skey", "subject")

    def __init__(self, ident: int | None, skey: str, subject: str, people: set[str], at: datetime):
        self.id = ident
        self.skey = skey
        self.subject = subject
        self.people = people
        self.first = at
        self.last = at
        self.merged: _Slot | None = None

    def root(self) -> _Slot:
        slot = self
        while slot.merged is not None:
            slot = slot.merged
        return slot


def mine_from(letters: Sequence[Letter], known: frozenset[str]) -> frozenset[str]:
    """The user's own addresses: given, plus the senders of sent mail and Delivered-To."""
    found = set(known)
    for letter in letters:
        if _sent_marked(letter) and letter.sender:
            found.add(letter.sender)
        found.update(letter.delivered_to)
    return frozenset(found)


def _sent_marked(letter: Letter) -> bool:
    return (
        letter.sent
        or is_sent_folder(letter.folder)
        or any(label.lower() == "sent" for label in letter.labels)
    )


def ingest(
    session: Session,
    items: Iterable[Letter | Skipped],
    *,
    now: datetime,
    origin: str,
    mine: frozenset[str] = frozenset(),
    tally: Tally | None = None,
    batch: int = 2000,
) -> Tally:
    """Store every new letter, update answered flags, rebuild and match the threads touched."""
    tally = tally or Tally()
    directory = matching.load(session)
    pending: list[Letter] = []
    for item in items:
        if isinstance(item, Skipped):
            tally.skip(item)
            continue
        tally.read += 1
        pending.append(item)
        if len(pending) >= batch:
            _batch(session, pending, tally, directory, origin, mine, now)
            pending = []
    if pending:
        _batch(session, pending, tally, directory, origin, mine, now)
    # Threads proposed earlier: a process added since may now be theirs.
    proposed = list(
        session.scalars(select(MailThread.id).where(MailThread.proposal_state == "open"))
    )
    if proposed:
        settle(session, proposed, tally, directory, now)
    return tally


def _batch(
    session: Session,
    letters: list[Letter],
    tally: Tally,
    directory: matching.Directory,
    origin: str,
    known_mine: frozenset[str],
    now: datetime,
) -> None:
    mine = mine_from(letters, known_mine)
    unique: dict[str, Letter] = {}
    for letter in letters:
        seen = unique.get(letter.key)
        if seen is None or (letter.answered and not seen.answered):
            unique[letter.key] = letter
    affected: set[int] = set()
    keys = list(unique)
    answered_now: list[int] = []
    for part in chunks(keys):
        for key, ident, thread, answered in session.execute(
            select(
                MailMessage.message_key, MailMessage.id, MailMessage.thread_id, MailMessage.answered
            ).where(MailMessage.message_key.in_(part))
        ):
            letter = unique.pop(key)
            tally.known += 1
            if letter.answered and not answered:
                answered_now.append(ident)
                affected.add(thread)
    if answered_now:
        tally.flags += len(answered_now)
        for idents in chunks(answered_now):
            session.execute(
                update(MailMessage).where(MailMessage.id.in_(idents)).values(answered=True)
            )
    fresh = sorted(unique.values(), key=lambda letter: letter.at)
    words = {f.key: signals.own_words(f.text) if f.text else "" for f in fresh}
    if fresh:
        affected |= _place(session, fresh, words, tally, origin, mine)
    if affected:
        settle(session, sorted(affected), tally, directory, now, words=words)


def _place(
    session: Session,
    fresh: list[Letter],
    words_of: dict[str, str],
    tally: Tally,
    origin: str,
    mine: frozenset[str],
) -> set[int]:
    wanted = sorted({k for letter in fresh for k in (letter.key, *letter.parents)})
    stored: dict[int, _Slot] = {}
    refs: dict[str, _Slot] = {}

    def slot_of(ident: int, skey: str, subject: str, people: set[str], last: datetime) -> _Slot:
        known = stored.get(ident)
        if known is None:
            known = stored[ident] = _Slot(ident, skey, subject, people, last)
        return known

    # A key names a thread through a stored message (its own Message-ID) or through mail_refs
    # (an id some message replied to, not stored itself yet).
    ref_threads: dict[str, int] = {}
    for part in chunks(wanted):
        for key, thread in session.execute(
            select(MailRef.key, MailRef.thread_id).where(MailRef.key.in_(part))
        ):
            ref_threads[key] = thread
        for key, thread in session.execute(
            select(MailMessage.message_key, MailMessage.thread_id).where(
                MailMessage.message_key.in_(part)
            )
        ):
            ref_threads[key] = thread
    skeys = sorted({threads.subject_key(f.subject) for f in fresh} - {""})
    by_subject: dict[str, list[_Slot]] = {}
    thread_ids = set(ref_threads.values())
    for part in chunks([k for k in skeys if threads.joinable(k)]):
        for ident, skey, subject, names, last in session.execute(
            select(
                MailThread.id,
                MailThread.subject_key,
                MailThread.subject,
                MailThread.participants,
                MailThread.last_at,
            ).where(MailThread.subject_key.in_(part))
        ):
            found = slot_of(ident, skey, subject or "", set(names or ()), last)
            by_subject.setdefault(skey, []).append(found)
            thread_ids.discard(ident)
    for idents in chunks(sorted(thread_ids)):
        for ident, skey, subject, names, last in session.execute(
            select(
                MailThread.id,
                MailThread.subject_key,
                MailThread.subject,
                MailThread.participants,
                MailThread.last_at,
            ).where(MailThread.id.in_(idents))
        ):
            slot_of(ident, skey, subject or "", set(names or ()), last)
    for key, ident in ref_threads.items():
        refs[key] = stored[ident]

    placed: list[tuple[Letter, _Slot, str]] = []
    merges: list[tuple[_Slot, _Slot]] = []
    for letter in fresh:
        direction = "out" if (letter.sender in mine or _sent_marked(letter)) else "in"
        people = (
            threads.counterparts("", letter.recipients, mine)
            if direction == "out"
            else threads.counterparts(letter.sender, (), mine)
        )
        linked = {refs[k].root() for k in (letter.key, *letter.parents) if k in refs}
        skey = threads.subject_key(letter.subject)
        slot: _Slot | None = None
        if linked:
            slot = min(linked, key=lambda s: (s.id is None, s.id or 0, id(s)))
            for other in linked - {slot}:
                other.merged = slot
                merges.append((other, slot))
                slot.people |= other.people
        else:
            for candidate in by_subject.get(skey, ()):
                root = candidate.root()
                if threads.same_conversation(skey, people, letter.at, root.people, root.last):
                    slot = root
                    break
        if slot is None:
            slot = _Slot(None, skey, letter.subject, set(), letter.at)
            by_subject.setdefault(skey, []).append(slot)
        slot.people |= people
        slot.last = max(slot.last, letter.at)
        slot.first = min(slot.first, letter.at)
        for key in (letter.key, *letter.parents):
            refs.setdefault(key, slot)
        placed.append((letter, slot, direction))

    # in the order their first message was read, so ids are the same on every machine
    new_slots = list(dict.fromkeys(s.root() for _, s, _ in placed if s.root().id is None))
    if new_slots:
        rows = [
            {
                "subject": s.subject[:1000] or None,
                "subject_key": s.skey,
                "participants": sorted(s.people),
                "first_at": s.first,
                "last_at": s.last,
                "last_direction": "in",
                "automated": False,
            }
            for s in new_slots
        ]
        ordered = new_slots
        ids = insert_many(session, _THREADS, rows)
        for slot, ident in zip(ordered, ids, strict=True):
            slot.id = ident
        tally.threads_new += len(ordered)
    for loser, winner in merges:
        _merge(session, loser, winner)
    message_rows = []
    for letter, slot, direction in placed:
        words = words_of[letter.key]
        ask = direction == "in" and signals.asks(words)
        automated = letter.automated or (signals.is_ats(letter.sender) and not ask)
        message_rows.append(
            {
                "thread_id": slot.root().id,
                "message_key": letter.key,
                "direction": direction,
                "sender": letter.sender[:320],
                "sender_name": letter.sender_name,
                "recipients": list(letter.recipients[:50]),
                "subject": letter.subject or None,
                "at": letter.at,
                "snippet": snippet(words),
                "asks": ask and not automated,
                "automated": automated,
                "answered": letter.answered,
                "reading": signals.reading(letter.subject, words[:5000])
                if direction == "in" and not automated
                else None,
                "origin": origin,
                "folder": (letter.folder or None) and letter.folder[:200],
                "uid": letter.uid,
            }
        )
        if letter.calendars:
            tally.calendars.extend((data, slot.root().id, letter.key) for data in letter.calendars)
    insert_rows(session, _MAIL, message_rows)
    tally.new += len(message_rows)
    own = {letter.key for letter, _, _ in placed}
    ref_rows = [
        {"key": key, "thread_id": slot.root().id}
        for key, slot in refs.items()
        if key not in ref_threads and key not in own and slot.root().id is not None
    ]
    insert_rows(session, _REFS, ref_rows)
    touched = {slot.root().id for _, slot, _ in placed}
    return {ident for ident in touched if ident is not None}


def _merge(session: Session, loser: _Slot, winner: _Slot) -> None:
    """Two stored threads turn out to be one conversation: keep the older id."""
    if loser.id is None or winner.root().id is None or loser.id == winner.root().id:
        return
    target = winner.root().id
    session.execute(
        update(MailMessage).where(MailMessage.thread_id == loser.id).values(thread_id=target)
    )
    session.execute(update(MailRef).where(MailRef.thread_id == loser.id).values(thread_id=target))
    session.execute(delete(MailThread).where(MailThread.id == loser.id))
