#!/usr/bin/env bash
# Report benchmark (issue 4): the 安置帮教工作统计表 over a register of N people (default 1,000,000) made by
# Scripts/bench/gen_register.py and imported into a county office database; release build; ROUNDS runs each of
# the XLSX and the CSV rendering; prints medians.
#   Scripts/bench-report.sh [N=1000000] [ROUNDS=5]      (SKIP_BUILD=1 or ANZHI_BIN=PATH: see Scripts/bench/anzhi-binary.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}; rounds=${2:-5}
ROOT=$PWD; source Scripts/bench/anzhi-binary.sh; bin=$ANZHI
mkdir -p .bench-data; cd .bench-data
export ANZHI_TEMPLATES=$PWD/../Templates ANZHI_TODAY=2026-11-29
db=register-$n.sqlite
if [ ! -f "$db" ]; then
  # As offices build it: the prison's batch (prison-owned fields), then the office's ledger (its own fields;
  # the prison fields in it are equal, so nothing conflicts). Same seed and index: the same people.
  [ -f "register-$n.csv" ] || python3 ../Scripts/bench/gen_register.py "$n" --county 370102 --out "register-$n.csv" >&2
  [ -f "batch-370102-prison-0-$n.csv" ] || python3 ../Scripts/bench/gen_batch.py "$n" --county 370102 --out . --format csv --side prison >&2
  "$bin" init --db "$db" --office 370102 --name 历下区安帮办 --level county --region 370102 >/dev/null
  /usr/bin/time -f "import of the prison batch: %e s, %M KB" "$bin" import --db "$db" "batch-370102-prison-0-$n.csv" >&2
  /usr/bin/time -f "import of the office ledger: %e s, %M KB" "$bin" import --db "$db" --source office "register-$n.csv" >&2
fi
: > report-times.tsv
for _ in $(seq "$rounds"); do
  /usr/bin/time -f "report-xlsx %e %M" -a -o report-times.tsv "$bin" report --db "$db" --period 2026H1 -o report.xlsx 2>/dev/null
  /usr/bin/time -f "report-csv %e %M" -a -o report-times.tsv "$bin" report --db "$db" --period 2026 -o report.csv 2>/dev/null
  # The same form with the four lists of people behind its figures (issue 7: within 2x of the plain form).
  /usr/bin/time -f "report-details %e %M" -a -o report-times.tsv "$bin" report --db "$db" --period 2026H1 --details -o report-details.xlsx 2>/dev/null
done
python3 - "$n" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list)
for line in open("report-times.tsv"):
    k, s, kb = line.split(); runs[k].append((float(s), int(kb) / 1024))
print(f"register of {int(sys.argv[1]):,} people")
for k in sorted(runs):
    print(f"{k:<15} runs {len(runs[k])}  median {statistics.median(x[0] for x in runs[k]):.2f} s  peak {statistics.median(x[1] for x in runs[k]):.1f} MiB")
m = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
print(f"details / plain XLSX: {m['report-details'] / m['report-xlsx']:.2f}x")
PY
