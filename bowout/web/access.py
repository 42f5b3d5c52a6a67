"""Who may use a bowout reachable from a network: the token, sessions, and a throttle on guesses.

- The token must be strong (at least ``MIN_TOKEN_BITS`` of randomness by a generous estimate):
  a token is all that stands between the network and the user's job search.
- Signing in with it starts a session: a random id in the cookie, everything else kept here, in
  memory, so a restart signs everyone out and the cookie carries nothing but the id. A session
  ends after ``SESSION_SECONDS`` or when its browser signs out.
- Wrong tokens are counted per client (an IPv4 address, an IPv6 /64): after ``FREE_TRIES`` each
  further wrong one doubles the wait before the next try is heard, up to ``MAX_WAIT`` seconds.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
import string
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MIN_TOKEN_BITS = 128
MIN_TOKEN_LENGTH = 22  # 22 URL-safe characters carry 132 bits
MIN_DISTINCT = 8
SESSION_SECONDS = 12 * 3600
MAX_SESSIONS = 1000
FREE_TRIES = 5
MAX_WAIT = 15 * 60
FORGET_AFTER = 3600  # wrong tries older than this no longer count
MAX_CLIENTS = 10_000

Clock = Callable[[], float]

_ALPHABETS = (
    (frozenset(string.ascii_lowercase), 26),
    (frozenset(string.ascii_uppercase), 26),
    (frozenset(string.digits), 10),
)
_OTHER = 33  # printable ASCII punctuation and space; anything else is counted the same


def new_token() -> str:
    """256 random bits as 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


def token_bits(token: str) -> float:
    """A generous estimate of a token's randomness: its length times the bits of its alphabet."""
    chars = set(token)
    pool = sum(size for alphabet, size in _ALPHABETS if chars & alphabet)
    if any(not any(c in alphabet for alphabet, _ in _ALPHABETS) for c in chars):
        pool += _OTHER
    return len(token) * math.log2(pool) if pool else 0.0


def token_weakness(token: str) -> str | None:
    """What makes the token too weak for a network, in words, or None when it is strong enough."""
    bits = token_bits(token)
    need = (
        f"it needs at least {MIN_TOKEN_BITS} bits of randomness, "
        f"for example {MIN_TOKEN_LENGTH} or more random URL-safe characters"
    )
    if len(token) < MIN_TOKEN_LENGTH or bits < MIN_TOKEN_BITS:
        size = f"{len(token)} character{'' if len(token) == 1 else 's'}"
        return f"{size}, at most {bits:.0f} bits of randomness; {need}"
    if len(set(token)) < MIN_DISTINCT or token in (token + token)[1:-1]:
        return f"it repeats a few characters or a pattern; {need}"
    return None


def client_key(host: str | None) -> str:
    """The unit a throttle counts: an IPv4 address, or the /64 network of an IPv6 one."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class Sessions:
    """Signed-in browsers, by random id; the oldest is dropped past ``MAX_SESSIONS``."""

    def __init__(self, clock: Clock = time.monotonic, lifetime: int = SESSION_SECONDS) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self._expires: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def start(self) -> str:
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._expires[session] = self.clock() + self.lifetime
            while len(self._expires) > MAX_SESSIONS:
                self._expires.popitem(last=False)
        return session

    def valid(self, session: str) -> bool:
        if not session:
            return False
        with self._lock:
            expires = self._expires.get(session)
            if expires is None:
                return False
            if expires <= self.clock():
                del self._expires[session]
                return False
            return True

    def end(self, session: str) -> None:
        with self._lock:
            self._expires.pop(session, None)


@dataclass
class _Tries:
    wrong: int
    last: float
    until: float


class Throttle:
    """Wrong tokens per client, and how long each must wait before its next try is heard."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._clients: OrderedDict[str, _Tries] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Whole seconds before this client may try again; 0 when it may now."""
        with self._lock:
            tries = self._clients.get(client)
            if tries is None:
                return 0
            return max(0, math.ceil(tries.until - self.clock()))

    def failed(self, client: str) -> int:
        """Count a wrong token; returns the wait it earned (0 while tries are still free)."""
        now = self.clock()
        with self._lock:
            tries = self._clients.pop(client, None)
            if tries is None or now - tries.last > FORGET_AFTER:
                tries = _Tries(0, now, now)
            tries.wrong += 1
            tries.last = now
            over = tries.wrong - FREE_TRIES
            wait = 0 if over < 1 else min(MAX_WAIT, 2 ** min(over - 1, 20))
            tries.until = now + wait
            self._clients[client] = tries
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
            return wait

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)


class Access:
    """The token of a bowout served beyond loopback, with its sessions and its throttle."""

    def __init__(self, token: str, clock: Clock = time.monotonic) -> None:
        self.token = token.encode()
        self.sessions = Sessions(clock)
        self.throttle = Throttle(clock)

    def matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.token)

    def attempt(self, client: str, given: str) -> Verdict:
        """Try a token for a client. A client that must still wait is not heard at all: even the
        right token is refused then, so guessing during the wait tells the guesser nothing."""
        wait = self.throttle.wait(client)
        if wait:
            return Verdict(accepted=False, heard=False, wait=wait)
        if self.matches(given):
            self.throttle.succeeded(client)
            return Verdict(accepted=True, heard=True, wait=0)
        return Verdict(accepted=False, heard=True, wait=self.throttle.failed(client))


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    heard: bool
    wait: int  # seconds before this client's next try is heard


def wait_words(seconds: int) -> str:
    """'try again in 8 seconds' / 'in 4 minutes', for refusals a person reads."""
    if seconds < 90:
        return f"try again in {seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"try again in {minutes} minutes"
