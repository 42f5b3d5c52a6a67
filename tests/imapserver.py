"""The real IMAP server the tests sync from (dovecot, started by .ci/imap-server), as a mail
client sees it: each test gets its own user (a fresh Maildir) and fills it over IMAP."""

from __future__ import annotations

import contextlib
import imaplib
import os
import socket
import ssl
import threading
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

SKIP = "no IMAP server: set BOWOUT_TEST_IMAP_URL (.ci/run starts dovecot and sets it)"


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    password: str
    cafile: str

    @classmethod
    def from_environment(cls) -> ImapServer | None:
        url = os.environ.get("BOWOUT_TEST_IMAP_URL")
        if not url:
            return None
        parts = urlsplit(url)
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 993,
            password=parts.username or "",
            cafile=parse_qs(parts.query)["cafile"][0],
        )

    def new_user(self) -> str:
        return f"alex-{uuid.uuid4().hex[:10]}@example.org"

    def client(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.cafile)
        connection = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=10)
        connection.login(user, self.password)
        return connection

    def append(self, user: str, folder: str, message: bytes, flags: str = "") -> None:
        connection = self.client(user)
        try:
            connection.create(folder)  # already there: the server says so, and that is fine
            typ, data = connection.append(folder, flags or None, None, message)
            assert typ == "OK", data
        finally:
            connection.logout()

    def flags(self, user: str, folder: str) -> dict[int, str]:
        connection = self.client(user)
        try:
            connection.select(folder, readonly=True)
            _, data = connection.uid("FETCH", "1:*", "(UID FLAGS)")
        finally:
            connection.logout()
        found = {}
        for line in data:
            if isinstance(line, bytes) and b"UID" in line:
                text = line.decode()
                uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
                found[uid] = text.split("FLAGS (")[1].split(")")[0]
        return found

    def mark_answered(self, user: str, folder: str, uid: int) -> None:
        connection = self.client(user)
        try:
            connection.select(folder)
            typ, data = connection.uid("STORE", str(uid), "+FLAGS", "(\\Answered)")
            assert typ == "OK", data
        finally:
            connection.logout()


class CuttingProxy:
    """A loopback relay to the server that closes the connection after ``limit`` bytes from
    the server: a network that fails midway, in front of the real server."""

    def __init__(self, server: ImapServer, limit: int) -> None:
        self.server, self.limit = server, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(20)
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection((self.server.host, self.server.port), timeout=20)
        sent = 0

        def pump_up() -> None:
            with contextlib.suppress(OSError):
                while data := client.recv(65536):
                    upstream.sendall(data)

        threading.Thread(target=pump_up, daemon=True).start()
        with contextlib.suppress(OSError):
            while sent < self.limit and (data := upstream.recv(min(65536, self.limit - sent))):
                client.sendall(data)
                sent += len(data)
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()
