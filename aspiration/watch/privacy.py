"""Privacy primitives: Fernet encryption of item texts, keyed pseudonyms, keyed dedupe hashes.

Keys come from settings (generated into ASPIRATION_HOME on first run); each use gets its own derived
key so a leaked pseudonym table cannot be used to test guesses against the dedupe hashes, and so on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import cache

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


def normalise_for_dedupe(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def dedupe_key(text: str, source: str) -> str:
    return _hmac("dedupe", f"{source.strip().casefold()}\x1f{normalise_for_dedupe(text)}")
