"""Refuses passwords that are long only by repetition ("aaaaaaaaaaaa", "abcabcabcabc"), which the common-password list misses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class VarietyValidator:
    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        if len(set(password.lower())) < self.min_distinct or _is_repetition(password.lower()):
            raise ValidationError(self.get_help_text(), code="password_too_repetitive")

    def get_help_text(self) -> str:
        return _("Your password must not be one character or one short sequence repeated; use at least %(count)d "
                 "different characters.") % {"count": self.min_distinct}


def _is_repetition(password: str) -> bool:
    """True when the password is a shorter piece repeated ("abcabcabcabc")."""
    return bool(password) and password in (password + password)[1:-1]
