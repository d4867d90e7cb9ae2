#!/usr/bin/env python3
"""Compare two CSV files record by record (a correctness check for the benchmark; never fails).

usage: python3 compare_csv.py OURS.csv PEER.csv [--label TEXT] [--show 3]

Prints the record counts, how many rows differ (compared as parsed CSV records, so
quoting style and CRLF vs LF do not count as differences), and the first few
differing rows cell by cell. If the records agree but the bytes do not, says so
(quoting or line endings differ). Exit status is 0 whenever both files could be read.
"""
import argparse
import csv
import filecmp
import itertools
import os
import sys


def records(path):
    f = open(path, encoding="utf-8", newline="")
    first = f.read(1)
    if first != "\ufeff":  # tolerate a BOM, but mention it
        f.seek(0)
    return f, csv.reader(f), first == "\ufeff"


def clip(s, n=60):
    s = repr(s)
    return s if len(s) <= n else s[: n - 3] + "..."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ours")
    ap.add_argument("peer")
    ap.add_argument("--label", default="check")
    ap.add_argument("--show", type=int, default=3)
    a = ap.parse_args()
    for p in (a.ours, a.peer):
        if not os.path.exists(p):
            print(f"{a.label}: {p} is missing, cannot compare")
            return 0
    fa, ra, bom_a = records(a.ours)
    fb, rb, bom_b = records(a.peer)
    header = None
    n_a = n_b = ndiff = 0
    shown = []
    for i, (x, y) in enumerate(itertools.zip_longest(ra, rb)):
        if x is not None:
            n_a += 1
        if y is not None:
            n_b += 1
        if i == 0:
            header = x or y
        if x != y:
            ndiff += 1
            if len(shown) < a.show:
                shown.append((i + 1, x, y))
    fa.close()
    fb.close()
    if ndiff:
        verdict = ""
    elif filecmp.cmp(a.ours, a.peer, shallow=False):
        verdict = "; byte-identical"
    else:
        verdict = "; records equal but bytes differ (quoting/line endings/BOM)"
    status = "rows match" if n_a == n_b else "ROW COUNT DIFFERS"
    print(f"{a.label}: {os.path.basename(a.ours)} {n_a} rows vs {os.path.basename(a.peer)} {n_b} rows ({status}); "
          f"differing rows: {ndiff}{verdict}")
    if bom_a != bom_b:
        print(f"  note: BOM in {'ours' if bom_a else 'peer'} only")
    for rowno, x, y in shown:
        if x is None or y is None:
            print(f"     row {rowno}: only in {'peer' if x is None else 'ours'}: {clip(y if x is None else x, 200)}")
            continue
        cells = []
        for c in range(max(len(x), len(y))):
            u = x[c] if c < len(x) else None
            v = y[c] if c < len(y) else None
            if u != v:
                name = header[c] if header and c < len(header) else ""
                cells.append(f"col {c + 1} {name}: ours={clip(u)} peer={clip(v)}")
        extra = f" (width {len(x)} vs {len(y)})" if len(x) != len(y) else ""
        print(f"     row {rowno}{extra}: " + "; ".join(cells[:4]) + (f"; ... {len(cells) - 4} more" if len(cells) > 4 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
