"""Static files: WhiteNoise serving the hashed names ``collectstatic`` writes, cached for a year."""

from __future__ import annotations

from whitenoise.middleware import WhiteNoiseMiddleware as _WhiteNoiseMiddleware


class WhiteNoiseMiddleware(_WhiteNoiseMiddleware):
    """WhiteNoise with a year, not its ten, for files whose name carries their hash: a year is the longest
    lifetime HTTP caches are told to honour (RFC 9111 §5.3), and a changed file gets a new name anyway."""

    FOREVER = 365 * 24 * 60 * 60
