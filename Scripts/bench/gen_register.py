#!/usr/bin/env python3
"""Write a large synthetic office register (the `gen_batch.py --side office` records) as CSV.

usage: gen_register.py N --county 370102 --out FILE.csv [--seed S] [--start K]

Same people, columns and format as `gen_batch.py N --county C --side office --format csv`
(UTF-8 with BOM, CRLF, canonical headers of domain.md §4): person i of the register is person i of
every batch made with the same seed and county, so batches can be imported on top of the register
as updates. Meant for the 1,000,000-person register of the report benchmark. All people are fake.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_batch as g  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, metavar="N", help="number of people")
    ap.add_argument("--county", required=True, help="6-digit county code (GB/T 2260), e.g. 370102")
    ap.add_argument("--out", required=True, type=Path, help="output CSV file")
    ap.add_argument("--seed", type=int, default=g.DEFAULT_SEED)
    ap.add_argument("--start", type=int, default=0, help="index of the first person (default 0)")
    a = ap.parse_args(argv)
    if a.n < 0 or a.start < 0 or a.start + a.n > g.ID_CAPACITY:
        ap.error(f"need 0 <= N, 0 <= start and start + N <= {g.ID_CAPACITY}")
    if a.seed < 0:
        ap.error("seed must be >= 0")
    if a.out.parent != Path(""):
        a.out.parent.mkdir(parents=True, exist_ok=True)
    gen = g.Generator(g.County(a.county), a.seed)
    t0 = time.perf_counter()
    n = g.write_csv(a.out, gen.rows(a.n, a.start, office=True))
    print(f"{a.out}\t{n} rows\t{time.perf_counter() - t0:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
