"""Pure scoring core of the early-warning desk: no Django imports.

Categories are stable codes (see ``CATEGORIES``); models are numpy ``.npz`` + JSON files.
"""

CATEGORIES: tuple[str, ...] = ("sexism", "violence_against_women", "hate", "threat", "hrd_journalist_attack")
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")
