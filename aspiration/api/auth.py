"""Authentication for the API: bearer tokens for programs, the session for the web app."""

from __future__ import annotations

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from aspiration.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


# Writes need a token or a logged-in session (ninja enforces CSRF for the session);
# reads of public corpus data need neither.
WRITE_AUTH = [TokenAuth(), django_auth]


def allow(allowed: bool, message: str = "You are not allowed to do this.") -> None:
    """The API's one guard: 403 with ``message`` when a ``permissions`` predicate says no (who is asking
    is settled by the router's ``auth``; pages use ``permissions.requires`` instead)."""
    if not allowed:
        raise HttpError(403, message)
