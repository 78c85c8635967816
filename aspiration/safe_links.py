"""The one rule for links Aspiration stores or renders: only http and https web addresses.

A feed item or a pasted evidence link may say ``javascript:...`` or ``data:...``; rendered as a link,
one click runs it in the page. Pure Python: parsers, forms, models and templates all use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def web_link(value: str | None) -> str:
    """The address when it is an http(s) address with a host, else "" (nothing to link to)."""
    value = (value or "").strip()
    # Browsers skip tabs and newlines inside a scheme ("java\tscript:"), so an address holding any is refused whole.
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SCHEMES or not parts.netloc or any(ord(c) < 32 for c in value):
        return ""
    return value
