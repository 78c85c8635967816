"""Privacy primitives: Fernet encryption of item texts, keyed pseudonyms (of handles, also inside links),
keyed dedupe hashes.

Keys come from settings (generated into ASPIRATION_HOME on first run); each use gets its own derived
key so a leaked pseudonym table cannot be used to test guesses against the dedupe hashes, and so on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import cache
from urllib.parse import unquote, urlsplit, urlunsplit

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"aspiration-watch:{purpose}:".encode() + str(secret).encode()).digest()


@cache
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, "text")))


def encrypt(text: str) -> str:
    return _fernet(settings.ENCRYPTION_KEY).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return _fernet(settings.ENCRYPTION_KEY).decrypt(token.encode("ascii")).decode("utf-8")


def _hmac(purpose: str, value: str) -> str:
    return hmac.new(_derive(settings.PSEUDONYM_KEY, purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise(handle: str) -> str:
    """Same handle (case and a leading @ ignored) -> same pseudonym; unlinkable without the key."""
    handle = handle.strip().lstrip("@").casefold()
    return _hmac("handle", handle) if handle else ""


# Sites whose first path segment is the account (https://x.com/<handle>/status/<id>), and that segment's
# values that are pages of the site itself.
ACCOUNT_FIRST_HOSTS = {"x.com", "twitter.com", "instagram.com", "threads.net", "facebook.com", "t.me"}
SITE_PAGES = {"i", "home", "search", "explore", "hashtag", "intent", "share", "settings", "notifications", "messages",
              "p", "reel", "tags", "groups", "events", "watch", "s"}
# A segment after these is an account on any site: /users/<name>/statuses/<id> (Mastodon), /user/<name> (Reddit).
ACCOUNT_PREFIXES = {"users", "user", "u"}


def pseudonymise_url(url: str) -> str:
    """The link with every account handle in its path replaced by that handle's pseudonym (as ``pseudonymise``,
    so it matches the item's author pseudonym): ``/@alice/1`` and ``/@alice@host/1`` (Mastodon, TikTok, YouTube),
    ``/alice/status/1`` (X, Instagram, ...), ``/users/alice/...``. Anything that is not a web link is kept."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    host = (parts.hostname or "").removeprefix("www.").removeprefix("mobile.").removeprefix("m.")
    segments = parts.path.split("/")
    for index, segment in enumerate(segments):
        name = unquote(segment)
        if name.startswith("@") and len(name) > 1:
            segments[index] = "@" + pseudonymise(name)
        elif name and _is_account(host, index, name, segments[index - 1] if index else ""):
            segments[index] = pseudonymise(name)
    return urlunsplit(parts._replace(path="/".join(segments)))


def _is_account(host: str, index: int, name: str, previous: str) -> bool:
    if index == 1 and host in ACCOUNT_FIRST_HOSTS:
        return name.casefold() not in SITE_PAGES
    return index > 1 and previous.casefold() in ACCOUNT_PREFIXES


def normalise_for_dedupe(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def dedupe_key(text: str, source: str) -> str:
    return _hmac("dedupe", f"{source.strip().casefold()}\x1f{normalise_for_dedupe(text)}")
