"""Authentication for the API: bearer tokens for programs, the session for the web app."""

from __future__ import annotations

from django.utils import timezone
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
