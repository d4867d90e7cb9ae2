#!/usr/bin/env bash
# Runs Anzhi's main job on the bundled samples and leaves the results in .samples-out/:
# a county office imports a prison batch, its own ledger and a problem batch from an old system,
# then exports its register and the import template; the spreadsheet tools run on the side.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product anzhi >&2
bin=$PWD/.build/release/anzhi
out=.samples-out
rm -rf "$out"; mkdir -p "$out"
export ANZHI_DB=$out/历下区.sqlite ANZHI_TEMPLATES=$PWD/Templates
step() { printf '\n== %s\n' "$*"; }

step "create the office database"
"$bin" init --office 370102 --name 历下区安置帮教工作领导小组办公室 --level county --region 370102
step "import the prison's batch (300 people)"
"$bin" import Samples/监狱批次-历下区-300人.xlsx
step "import the office's own ledger (hand-over, placement, help-education)"
"$bin" import --source office Samples/司法所台账-历下区-300人.csv 2>&1 | head -n 5
step "import a problem batch from an old system (GB18030, title rows, alias headers, bad rows)"
"$bin" import --errors "$out/问题批次-错误行.xlsx" Samples/旧系统导出-问题批次-gb18030.csv || true
step "the same prison batch again: nothing changes"
"$bin" import Samples/监狱批次-历下区-300人.xlsx
step "the assignment queue (户籍 only to the county) with proposed townships"
"$bin" queue list || true

step "open conflicts (values from the side that does not own the field)"
"$bin" conflicts list | head -n 5 || true
step "part 1 of the form (entered by hand) and the 2026 half-year report"
"$bin" office-stats set --period 2026H1 县司法局.独立机构=1 县司法局.专职人员=4 司法所.专职人员=13 司法所.兼职人员=26 "村(社区).志愿者=240"
"$bin" report --period 2026H1 -o "$out/安置帮教工作统计表-2026H1.xlsx" --details
"$bin" report --period 2026H1 -o "$out/安置帮教工作统计表-2026H1.csv"
grep ',合计,B5,\|,合计,C3,\|,合计,A2,' "$out/安置帮教工作统计表-2026H1.csv" || true
step "the 2025 annual report"
"$bin" report --period 2025 -o "$out/安置帮教工作统计表-2025.xlsx"

step "export the register and write the blank import template"
"$bin" persons export -o "$out/人员台账.xlsx"
"$bin" template persons -o "$out/人员信息导入模板.xlsx"
step "spreadsheet tools: XLSX -> CSV, GB18030 CSV -> XLSX"
"$bin" sheet list --visibility Samples/罪犯名册.xlsx
"$bin" sheet to-csv Samples/罪犯名册.xlsx -o "$out/罪犯名册.csv"
"$bin" sheet from-csv Samples/旧系统导出-gb18030.csv --text-columns 身份证号,联系电话 -o "$out/旧系统导出.xlsx"
step "results in $out/"
ls "$out"
