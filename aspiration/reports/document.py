"""The document model every report is built into, and every renderer reads.

Plain data, no Django: a report is a title, a language and a list of blocks (headings,
paragraphs, bullet lists, tables, charts). Builders decide what to say; renderers decide how a
format shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RTL_LANGUAGES = frozenset({"ar"})

Cell = str | int | float | None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection, 3 = minor heading


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a side remark (data caveat, "no plan yet"), shown in a quieter style


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row. ``name`` titles the table and names its spreadsheet sheet."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"table {self.name!r}: a row has {len(row)} cells, the header {width}")


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar group per category, one bar per series (stacked when ``stacked``)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (series label, one value per category)
    stacked: bool = False
    horizontal: bool = False
    value_label: str = ""

    def __post_init__(self) -> None:
        for label, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(
                    f"chart {self.title!r}: series {label!r} has {len(values)} values for {len(self.categories)} categories"
                )


Block = Heading | Paragraph | BulletList | Table | Chart


@dataclass
class Document:
    title: str
    language: str = "en"
    subtitle: str = ""
    generated: date = field(default_factory=date.today)
    blocks: list[Block] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        return self.language.split("-")[0] in RTL_LANGUAGES

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def charts(self) -> list[Chart]:
        return [block for block in self.blocks if isinstance(block, Chart)]
