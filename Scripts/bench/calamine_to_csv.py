#!/usr/bin/env python3
"""Peer for `anzhi sheet to-csv`: first sheet of an XLSX -> CSV, with python-calamine.

usage: python3 calamine_to_csv.py FILE.xlsx OUT.csv

Writes the CSV that `anzhi sheet to-csv` is meant to write, so the two can be
timed side by side and diffed:

  * UTF-8, no BOM; LF line endings; comma separator.
  * Quoting as the csv module's QUOTE_MINIMAL: a field is quoted only when it holds
    a comma, a double quote, CR or LF ('"' doubled inside). Note: with
    lineterminator="\n" the csv module would leave a field holding a bare CR
    unquoted, so rows are produced with "\r\n" (which quotes CR and LF) and the
    terminator is rewritten to "\n" on the way out.
    Also from the csv module: a row made of a single empty field is written as `""`.
  * Cell values:
      str                      -> as is ("" for an empty cell)
      float, integral          -> int text        (75.0 -> "75", 1e20 -> "100000000000000000000")
      float, other             -> repr            (105.2 -> "105.2", 0.1+0.2 -> "0.30000000000000004")
      bool                     -> TRUE / FALSE
      datetime.date            -> YYYY-MM-DD
      datetime.datetime        -> YYYY-MM-DD HH:MM:SS (fraction of a second dropped);
                                  calamine already hands a midnight datetime over as a date,
                                  and one that slips through is written as the date alone
      datetime.time            -> HH:MM:SS
      datetime.timedelta       -> str() (e.g. "1 day, 2:03:04"; durations are rare)
      anything else            -> str()
    Error cells (#DIV/0! ...) come as whatever python-calamine returns; formulas as their cached value.
  * Rows are anchored at A1: leading empty rows and columns before the first used cell
    are written as empty fields, as Excel's own CSV export does. Every row has the
    same width (calamine's range is rectangular), so trailing empty cells inside
    the used range are written as trailing commas.
"""
import csv
import datetime as dt
import sys

from python_calamine import CalamineWorkbook


def _datetime(v):
    if v.hour == 0 and v.minute == 0 and v.second == 0 and v.microsecond == 0:
        return v.date().isoformat()
    return v.isoformat(sep=" ", timespec="seconds")


def _float(v):
    return str(int(v)) if v.is_integer() else repr(v)


_FORMAT = {
    float: _float,
    bool: lambda v: "TRUE" if v else "FALSE",
    int: str,
    dt.date: dt.date.isoformat,
    dt.datetime: _datetime,
    dt.time: lambda v: v.isoformat(timespec="seconds"),
}


def _other(v):
    if v is None:
        return ""
    f = _FORMAT.get(type(v))
    return f(v) if f is not None else str(v)


class _LFWriter:
    """File wrapper: the csv writer hands over one whole row ending in CRLF; write it ending in LF."""

    __slots__ = ("write",)

    def __init__(self, f):
        fw = f.write
        self.write = lambda s: fw(s[:-2] + "\n")


def rows_from_a1(sheet):
    start, end = sheet.start, sheet.end
    if start is None:  # empty sheet
        return
    width = end[1] + 1  # columns A..last used
    it = iter(sheet.iter_rows())
    first = next(it, None)
    if first is None:
        return
    # python-calamine 0.9 already yields the empty rows above the first used row, but not
    # the empty columns left of it; cope with both behaviours for the rows.
    if start[0] > 0 and any(v != "" for v in first):
        for _ in range(start[0]):
            yield [""] * width
    pad = width - len(first)
    if pad > 0:
        blank = [""] * pad
        yield blank + first
        for row in it:
            yield blank + row
    else:
        yield first
        yield from it


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: calamine_to_csv.py FILE.xlsx OUT.csv\n")
        return 2
    wb = CalamineWorkbook.from_path(argv[1])
    sheet = wb.get_sheet_by_index(0)
    other = _other
    with open(argv[2], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(_LFWriter(f), lineterminator="\r\n")
        w.writerows([v if type(v) is str else other(v) for v in row] for row in rows_from_a1(sheet))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
