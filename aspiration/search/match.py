"""Cutting a document into the passages that are matched to recommendations, and finding, in a matched
recommendation, the sentence closest to a passage. Pure Python and numpy: no Django.

A passage is a paragraph, or one numbered item (``12.``, ``116.23``, ``3)``, ``(b)``, a bullet): a
submission, a progress report or a treaty-body text makes one point per paragraph or item, and a
recommendation answers one point. Headings and page furniture (a few words) are no passage; a very
long paragraph is cut at sentence ends so that each piece still makes one or two points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from aspiration.search.text import HAN, words

# A line starting a numbered or bulleted item; the marker is kept as the passage's label.
ITEM = re.compile(r"^\s*(?P<marker>\(?\d{1,3}(?:\.\d{1,3}){1,2}[.)]?|\(?\d{1,3}[.)]|\(?[a-zA-Z]\)|\(?[ivxlc]{1,5}\)"
                  r"|[•·▪‣◦*–-])\s+(?=\S)")
# Fewer words than this (Chinese: characters) make a heading, not a passage; so does an unnumbered
# paragraph shorter than HEADING_WORDS that does not end like a sentence ("Progress report of the ministry").
MIN_PASSAGE_WORDS = 4
MIN_PASSAGE_HAN = 8
HEADING_WORDS = 12
SENTENCE_FINAL = ".;:!?)。！？؟؛”\"»"
# Longer paragraphs are cut at sentence ends into pieces of at most this many characters.
MAX_PASSAGE_CHARS = 1200
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(«“]?[^\s\da-z])|(?<=[。！？；؟؛])\s*|\n+")


@dataclass(frozen=True)
class Passage:
    number: int   # 1-based position in the document
    label: str    # the item's own number or letter ("116.23", "b"), "" for a plain paragraph
    text: str


def _blocks(text: str) -> list[tuple[str, str]]:
    """(marker, text) of each paragraph or numbered item, lines of one paragraph joined with spaces."""
    blocks: list[tuple[str, list[str]]] = []
    new_paragraph = True
    for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            new_paragraph = True
            continue
        item = ITEM.match(line)
        if item:
            label = item.group("marker").strip("().")
            blocks.append((label if label[:1].isalnum() else "", [line[item.end():].strip()]))
        elif new_paragraph or not blocks:
            blocks.append(("", [stripped]))
        else:
            blocks[-1][1].append(stripped)
        new_paragraph = False
    return [(marker, _join(lines)) for marker, lines in blocks]


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one text: a word cut by a hyphen at a line end is mended; Chinese needs no space."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        elif text and HAN.search(text[-1]) and HAN.search(line[0]):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def _is_heading(text: str, numbered: bool) -> bool:
    if HAN.search(text):
        return len(HAN.findall(text)) < MIN_PASSAGE_HAN
    count = len(words(text))
    return count < MIN_PASSAGE_WORDS or (not numbered and count < HEADING_WORDS and not text.endswith(tuple(SENTENCE_FINAL)))


def sentences(text: str) -> list[str]:
    """The sentences of a text (Latin, Cyrillic, Arabic and Chinese punctuation), stripped, empty ones dropped."""
    return [part.strip() for part in SENTENCE_END.split(text or "") if part and part.strip()]


def _pieces(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """``text`` cut at sentence ends into pieces of at most ``limit`` characters (a longer sentence alone)."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for sentence in sentences(text):
        glue = "" if pieces and HAN.search(pieces[-1][-1:]) else " "
        if pieces and len(pieces[-1]) + len(sentence) + 1 <= limit:
            pieces[-1] = pieces[-1] + glue + sentence
        else:
            pieces.extend(sentence[start:start + limit] for start in range(0, len(sentence), limit))
    return pieces


def split_passages(text: str) -> list[Passage]:
    """The passages of a document, in order: paragraphs and numbered items, headings left out."""
    passages: list[Passage] = []
    for marker, block in _blocks(text or ""):  # a bullet's marker is "", so bullets count as unnumbered
        if _is_heading(block, numbered=bool(marker)):
            continue
        for piece in _pieces(block):
            passages.append(Passage(number=len(passages) + 1, label=marker, text=piece))
    return passages


def closest_sentence(passage_vector: np.ndarray, sentence_vectors: np.ndarray) -> tuple[int, float]:
    """Position and cosine similarity of the sentence most similar to the passage (vectors L2-normalised)."""
    if not len(sentence_vectors):
        return -1, 0.0
    scores = np.asarray(sentence_vectors, dtype=np.float32) @ np.asarray(passage_vector, dtype=np.float32)
    best = int(np.argmax(scores))
    return best, float(scores[best])


def feedback_vector(vector: np.ndarray, neighbours: np.ndarray, weight: float) -> np.ndarray:
    """The passage's vector moved towards the mean of its nearest recommendations' vectors (pseudo-relevance
    feedback, Rocchio 1971), L2-normalised: a state receives the same request from several states in other
    words, and the nearest one pulls in its rewordings, which the passage alone ranks lower."""
    vector = np.asarray(vector, dtype=np.float32)
    if not len(neighbours):
        return vector
    moved = vector + weight * np.asarray(neighbours, dtype=np.float32).mean(axis=0)
    return moved / np.linalg.norm(moved)
