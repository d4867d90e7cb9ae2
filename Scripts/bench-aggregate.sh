#!/usr/bin/env bash
# Aggregation benchmark (issue 13): a county-level office imports N report packages (default 3,000) from its direct
# subordinates in one `anzhi import`, then renders the aggregate (XLSX with its charts); release build, ROUNDS rounds,
# medians. The packages are made by the independent implementation of the format (Scripts/bench/gen_reports.py); the
# approvals between the two steps are written straight into the database (not timed).
#   Scripts/bench-aggregate.sh [N=3000] [ROUNDS=5]      (SKIP_BUILD=1 or ANZHI_BIN=PATH: see Scripts/bench/anzhi-binary.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}; rounds=${2:-5}
ROOT=$PWD; source Scripts/bench/anzhi-binary.sh; bin=$ANZHI
export ANZHI_TEMPLATES=$PWD/Templates ANZHI_TODAY=2026-07-01
w=$PWD/.bench-data/aggregate; rm -rf "$w"; mkdir -p "$w"
# One real township's submission is the template of every payload.
"$bin" init --db "$w/k.sqlite" --office 370102 --name 历下区安帮办 --level county --region 370102 >/dev/null
"$bin" office add --db "$w/k.sqlite" --code 370102001 --name 解放路司法所 --level township --region 370102001 -o "$w/e.zip" >/dev/null
"$bin" init --enroll "$w/e.zip" --db "$w/t.sqlite" -o "$w/r.zip" >/dev/null
# A small ledger so the template's counts are consistent (the payloads scale them, so every check still passes).
python3 - "$w/ledger.csv" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("姓名,公民身份号码,户籍地区划代码,释放日期,释放来源,衔接日期,衔接方式,安置日期,帮教落实日期,危险性评估\n")
    for n in range(1, 9):
        body = f"37010219700{n}01{n:02d}1"[:17]
        check = "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]
        handed = f"2026-03-1{n}" if n % 2 else ""
        f.write(f"人{n},{body}{check},370102001,2026-03-0{n},监狱,{handed},{'必接必送' if handed else ''},"
                f"{'2026-04-01' if n % 3 else ''},{'2026-04-02' if n % 4 else ''},{'高危' if n < 3 else '低危'}\n")
PY
"$bin" import --db "$w/t.sqlite" --source migration "$w/ledger.csv" >/dev/null
"$bin" report submit --db "$w/t.sqlite" --period 2026H1 >/dev/null
python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT payload FROM report_submission').fetchone()[0])" "$w/t.sqlite" > "$w/template.json"
python3 Scripts/bench/gen_reports.py "$n" "$w/k.sqlite" "$w/template.json" "$w/packages"
cp "$w/k.sqlite" "$w/base.sqlite"; cp "$w/k.sqlite.key" "$w/base.sqlite.key"
: > "$w/times.tsv"
for r in $(seq "$rounds"); do
  rm -f "$w"/k.sqlite*; cp "$w/base.sqlite" "$w/k.sqlite"; cp "$w/base.sqlite.key" "$w/k.sqlite.key"
  /usr/bin/time -f "import %e %M" -a -o "$w/times.tsv" "$bin" import --db "$w/k.sqlite" "$w/packages" >"$w/import.log"
  python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute(\"INSERT INTO report_decision (direction, office, period, submission, approved, decided_at) SELECT 'out', office, period, max(id), 1, '2026-07-01T00:00:00Z' FROM report_submission WHERE direction = 'in' GROUP BY office, period\")
c.commit()" "$w/k.sqlite"
  /usr/bin/time -f "aggregate %e %M" -a -o "$w/times.tsv" "$bin" report --db "$w/k.sqlite" --period 2026H1 -o "$w/aggregate.xlsx" 2>/dev/null
done
python3 - "$n" "$w/times.tsv" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[2]):
    k, s, kb = line.split(); runs[k].append((float(s), int(kb) / 1024))
m = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
print(f"{int(sys.argv[1]):,} report packages, {len(runs['import'])} rounds, medians")
for k in ("import", "aggregate"):
    print(f"{k:<10} {m[k]:.2f} s  peak {statistics.median(x[1] for x in runs[k]):.1f} MiB")
print(f"total      {m['import'] + m['aggregate']:.2f} s (target < 3 s)")
PY
