"""Reading CSV and XLSX files into header-keyed rows, with clear errors for unreadable files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from aspiration import safe_zip
from aspiration.corpus.importers import MalformedFile


def decode(path: Path, data: bytes) -> str:
    """Text of a CSV file: UTF-8 if it is, else old-Mac Roman (CR line endings) or Windows-1252."""
    if b"\x00" in data[:65536]:
        raise MalformedFile(path, "not a text file (contains NUL bytes); is it a spreadsheet saved under the wrong name?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    old_mac = b"\r" in data and b"\n" not in data
    try:
        return data.decode("mac_roman" if old_mac else "cp1252")
    except UnicodeDecodeError as error:
        raise MalformedFile(path, f"unknown text encoding (byte {error.start}); save the file as UTF-8") from error


def csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (spreadsheet row number, row) pairs; the header is row 1."""
    text = decode(path, Path(path).read_bytes())
    # The delimiter is whichever of , ; tab the header line uses most (the Sniffer guesses wrong on prose).
    first_line = text.splitlines()[0] if text else ""
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise MalformedFile(path, "the file is empty") from None
    except csv.Error as error:
        raise MalformedFile(path, f"not a readable CSV file: {error}", row=1) from error
    return header, _dict_rows(path, reader, header)


def _dict_rows(path: Path, reader, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            row = dict(zip(header, cells, strict=False))
            if len(cells) > len(header):
                row["__extra__"] = cells[len(header):]
            yield number, row
    except csv.Error as error:
        raise MalformedFile(path, f"broken CSV: {error}", row=number + 1) from error


def xlsx_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and rows of the first worksheet; cell values as stripped strings."""
    from openpyxl import load_workbook

    try:
        safe_zip.check(path)  # before openpyxl inflates anything
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise MalformedFile(path, f"not a readable XLSX workbook: {error}") from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(value) for value in next(rows)]
    except StopIteration:
        raise MalformedFile(path, "the worksheet is empty") from None

    def generate() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(rows, start=2):
            values = [_cell(value) for value in cells]
            if any(values):
                yield number, dict(zip(header, values, strict=False))
        book.close()

    return header, generate()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def table_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_rows(path)
    return csv_rows(path)


def require_columns(path: Path, header: list[str], required: list[str]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        found = ", ".join(h for h in header if h)[:300] or "none"
        raise MalformedFile(path, f"missing column(s) {', '.join(missing)}; found: {found}", row=1)
