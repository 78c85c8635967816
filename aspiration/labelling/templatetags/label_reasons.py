"""``{{ annotation.reason|plain_reason:recommendation.language }}``: a model's reason as sentences (see reasons.py)."""

from __future__ import annotations

from django import template

from aspiration.labelling.reasons import confidence_words, plain_reason, source_words

register = template.Library()

register.filter("plain_reason", plain_reason)
register.filter("confidence_words", confidence_words)
register.filter("source_words", source_words)
