"""The one owner of what may go into an exported cell or document text (CSV, XLSX, DOCX).

Two dangers: a text starting with ``=``, ``+``, ``-`` or ``@`` runs as a formula when a spreadsheet
program opens the file (formula injection), and a control character such as U+0007 (imported texts
carry some) is illegal in XML, so openpyxl and python-docx refuse to write the whole file.
Pure Python: the corpus export, the explore exports, the plan workbook and the reports all use it.
"""

from __future__ import annotations

import re

# Spreadsheet programs run cells starting with these as formulas: such a text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids (tab, newline and carriage return are allowed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """Text for a DOCX (or any XML): the value as a string without XML-illegal characters."""
    return "" if value is None else NOT_XML.sub("", str(value))


def csv_cell(value):
    """A CSV cell: a formula-looking text is quoted; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(value):
    """An XLSX cell: XML-illegal characters dropped, then quoted like a CSV cell."""
    return csv_cell(NOT_XML.sub("", value)) if isinstance(value, str) else value


def unquote_cell(value):
    """The text a quoted cell stood for, for reading back a workbook Aspiration exported."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
