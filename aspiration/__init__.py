"""Aspiration: UN human rights recommendations turned into understood, planned, tracked action."""

__version__ = "0.1.0"
