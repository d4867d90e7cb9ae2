#!/usr/bin/env bash
# Runs Anzhi's main job on the bundled samples and leaves the results in .samples-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product anzhi >&2
bin=.build/release/anzhi
out=.samples-out
rm -rf "$out"; mkdir -p "$out"
echo "== sheets of Samples/罪犯名册.xlsx"
"$bin" sheet list --visibility Samples/罪犯名册.xlsx
echo "== XLSX -> CSV"
"$bin" sheet to-csv Samples/罪犯名册.xlsx -o "$out/罪犯名册.csv"
head -n 3 "$out/罪犯名册.csv"
echo "== GB18030 CSV -> XLSX -> CSV"
"$bin" sheet from-csv Samples/旧系统导出-gb18030.csv --text-columns 身份证号,联系电话 -o "$out/旧系统导出.xlsx"
"$bin" sheet to-csv "$out/旧系统导出.xlsx" | head -n 3
echo "== results in $out/"
