#!/usr/bin/env python3
"""Builds the xlwt-written .xls fixtures of Tests/Fixtures/legacy and their expected CSV.

usage: python3 make_xlwt.py   (needs `pip install xlwt`; deterministic; rerun after editing)

The expected CSV is written from the Python values by the rules of `anzhi sheet to-csv` (README), not read
back from the .xls, so it checks the reader independently: text as stored, integral numbers without a point,
other numbers in the shortest round-trip form (Python's repr), TRUE/FALSE, error codes, dates YYYY-MM-DD,
date-times YYYY-MM-DD HH:MM:SS, times HH:MM:SS, durations H:MM:SS (at least two hour digits), merged ranges
with the value in the top-left cell, every record as wide as the used range, LF line ends.
"""
import csv
import datetime as dt
import io
import os

import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))


def render(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        if float(v) == int(v) and abs(v) < 9.2e18:
            return str(int(v))
        return repr(float(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, dt.timedelta):
        s = int(round(v.total_seconds()))
        return "%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)
    if isinstance(v, Err):
        return v.code
    return v


class Err:
    CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24,
             "#N/A": 0x2A}

    def __init__(self, code):
        self.code = code


def write_expected(folder, grid, merges=()):
    """grid: list of rows (lists of values, None = empty); merges: (r1, r2, c1, c2) 0-based inclusive."""
    height = 0
    width = 0
    cells = {}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            covered = any(r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1) for r1, r2, c1, c2 in merges)
            text = "" if covered else render(v)
            if text != "":
                cells[(r, c)] = text
                height = max(height, r + 1)
                width = max(width, c + 1)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for r in range(height):
        w.writerow([cells.get((r, c), "") for c in range(width)])
    with open(os.path.join(folder, "expected.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def write_cell(ws, r, c, v, styles):
    if v is None:
        return
    if isinstance(v, Err):
        ws.row(r).set_cell_error(c, Err.CODES[v.code])
    elif isinstance(v, dt.datetime):
        ws.write(r, c, v, styles["datetime"])
    elif isinstance(v, dt.date):
        ws.write(r, c, v, styles["date"])
    elif isinstance(v, dt.time):
        ws.write(r, c, v, styles["time"])
    elif isinstance(v, dt.timedelta):
        ws.write(r, c, v.total_seconds() / 86400, styles["duration"])
    else:
        ws.write(r, c, v)


def styles():
    return {
        "date": xlwt.easyxf(num_format_str="YYYY-MM-DD"),
        "datetime": xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS"),
        "time": xlwt.easyxf(num_format_str="HH:MM:SS"),
        "duration": xlwt.easyxf(num_format_str="[h]:mm:ss"),
        "cjk": xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"'),
    }


def case(name, grid, merges=(), dates_1904=False, sheet="名册", extra=None):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = dates_1904
    ws = wb.add_sheet(sheet)
    st = styles()
    covered = set()
    for r1, r2, c1, c2 in merges:
        ws.write_merge(r1, r2, c1, c2, grid[r1][c1])
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if (r, c) not in covered:
                write_cell(ws, r, c, v, st)
    if extra:
        extra(wb, st)
    wb.save(os.path.join(folder, "input.xls"))
    write_expected(folder, grid, merges)


def main():
    case("xlwt-types", [
        ["姓名", "身份证号", "出生日期", "考核分", "已衔接", "释放时间", "时刻", "时长", "备注"],
        ["张三", "11010519491231002X", dt.date(1949, 12, 31), 87.5, True, dt.datetime(2026, 3, 5, 14, 30, 0),
         dt.time(8, 15, 30), dt.timedelta(hours=36), '含,逗号 "引号"'],
        ["李四", "320102199001011234", dt.date(1990, 1, 1), -3, False, None, None, None, " 前后空格 "],
        ["王五", "13812345678", None, 0.1, Err("#DIV/0!"), None, None, None, "多行\n文本"],
        ["𠀀𠀁", 13812345678, dt.date(2024, 2, 29), 1234567.25, Err("#N/A"), None, None, None, "=1+1"],
        [None, None, None, 1e-05, None, None, None, None, "Ünïcödé àé"],
    ])
    case("xlwt-merged", [
        ["安置帮教工作统计表", None, None, None],
        ["项目", "人数", None, "比率"],
        ["衔接率", 40, None, 0.875],
        [None, 12, None, None],
    ], merges=[(0, 0, 0, 3), (1, 1, 1, 2), (2, 3, 0, 0)])
    case("xlwt-1904", [
        ["日期", "数"],
        [dt.date(2026, 3, 5), 1],
        [dt.date(1904, 1, 2), 2],
        [dt.datetime(2026, 3, 5, 12, 0, 0), 3],
    ], dates_1904=True)
    # Enough distinct strings that the SST runs over many CONTINUE records, Latin and CJK alike, with a long
    # string of each kind that crosses a record boundary in its characters.
    rows = [["序号", "名字", "name"]]
    for i in range(1, 1201):
        rows.append([i, "名字%04d号" % i, "name-%04d" % i])
    rows.append([1201, "长" * 5000, "L" * 9000])
    rows.append([1202, ("混合ab" * 1500), "x"])
    case("xlwt-long-sst", rows)


if __name__ == "__main__":
    main()
