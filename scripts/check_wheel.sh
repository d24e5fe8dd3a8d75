#!/usr/bin/env bash
# The package as a user gets it: install the built wheel into fresh virtual environments in
# a temporary folder outside the checkout, and run it there.
#   bash scripts/check_wheel.sh dist/xlengine-*.whl
# Each extra in an environment of its own, so that it must install everything its commands
# need, and nothing another extra brings can hide a gap:
# 1. core only (`pip install WHEEL`): the ENG_ functions compute the business case, and
#    pandas, formulas and openpyxl are not even installed;
# 2. the workbook extra alone: demo, template -o, compute and audit of that workbook,
#    vba --check; the report holds the demo's NPV;
# 3. the hr extra alone: roster of an .xlsx export to teams.csv (the atomic writer without
#    the workbook extra) and survey; a workbook command names the extra it needs.
# 4. the board pack (in the workbook environment): refused naming the report extra, then
#    written with it.
# pip takes the packages from its cache when it has them (the versions of constraints.txt).
set -euo pipefail
wheel=$(realpath "$1")
constraints=$(realpath "$(dirname "$0")/../constraints.txt")
PY=${PYTHON:-python3}
work=$(mktemp -d -t xlengine-wheel-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { echo "check_wheel: $* (at ${SECONDS} s)"; }
# exit 2 and the sentence naming the workbook extra, from a workbook command where it is missing
names_the_workbook_extra() {
  local rc=0
  "$1" compute nothing.xlsm 2> "$2" || rc=$?
  cat "$2"
  # the install line names the wheel this venv was installed from (xlengine is not on the index)
  [ "$rc" = 2 ] && grep -qF "pip install \"$wheel[workbook]\"" "$2" || {
    echo "check_wheel: expected exit 2 naming the workbook extra and the wheel, got $rc" >&2; exit 1; }
}

step "core: pip install $(basename "$wheel")"
"$PY" -m venv venv
venv/bin/python -m pip install -q -c "$constraints" "$wheel"
venv/bin/python - <<'EOF'
import importlib.util
absent = [m for m in ("pandas", "formulas", "openpyxl", "xlsxwriter") if importlib.util.find_spec(m) is None]
assert absent == ["pandas", "formulas", "openpyxl", "xlsxwriter"], f"the core installed {absent}"
import xlengine
from xlengine import udfs
table = udfs.ENG_BUSINESS_CASE([["key", "value"], ["discount_rate", 0.08]])
npv = next(row[-1] for row in table if row[0] == "NPV")
assert isinstance(npv, float) and npv > 0, table
print(f"check_wheel: core: ENG_BUSINESS_CASE computes NPV {npv:,.2f} from {xlengine.__file__}")
EOF
step "core: a workbook command names the extra it needs"
names_the_workbook_extra venv/bin/xlengine core.err

step "workbook: pip install $(basename "$wheel")[workbook] into a fresh environment"
"$PY" -m venv wb
wb/bin/python -m pip install -q -c "$constraints" "$wheel[workbook]"
wb/bin/python -c "import importlib.util as u; assert u.find_spec('pandas') is None, 'the workbook extra installed pandas'"
mkdir elsewhere && cd elsewhere
step "workbook: demo, template -o x.xlsm, compute, audit, vba --check in $PWD"
../wb/bin/xlengine demo > demo.txt
grep '^NPV' demo.txt
../wb/bin/xlengine template -o x.xlsm
../wb/bin/xlengine compute x.xlsm --json > compute.json
../wb/bin/xlengine audit x.xlsm
../wb/bin/xlengine vba --check
../wb/bin/python - <<'EOF'
import json
import openpyxl
from xlengine.engine import case, register
demo_npv = case.compute(register.defaults()).npv  # the demo is the embedded example
npv = json.load(open("compute.json"))["headlines"]["npv"]
cell = openpyxl.load_workbook("x_report.xlsx")[npv["sheet"]][npv["cell"]].value
assert abs(cell - demo_npv) < 0.005 and abs(npv["value"] - demo_npv) < 0.005, (cell, npv, demo_npv)
print(f"check_wheel: workbook: x_report.xlsx {npv['sheet']}!{npv['cell']} holds the demo's NPV {cell:,.2f}")
EOF
step "report: without its extra, then pip install $(basename "$wheel")[workbook,report]"
rc=0; ../wb/bin/xlengine report x.xlsm -o board.pdf 2> report.err || rc=$?
[ "$rc" = 2 ] && grep -qF "pip install \"$wheel[report]\"" report.err && [ ! -e board.pdf ] \
  || { echo "check_wheel: expected exit 2 naming the report extra, got $rc" >&2; exit 1; }
../wb/bin/python -m pip install -q -c "$constraints" "$wheel[workbook,report]"
../wb/bin/xlengine report x.xlsm -o board.pdf --language nl
../wb/bin/python - <<'EOF'
from pathlib import Path
pdf = Path("board.pdf").read_bytes()
assert pdf.startswith(b"%PDF-") and b"DejaVuSans" in pdf, "the board pack lacks its embedded font"
print(f"check_wheel: report: board.pdf ({len(pdf):,} bytes) with its font from the installed matplotlib")
EOF
cd ..

step "hr: pip install $(basename "$wheel")[hr] into a fresh environment"
"$PY" -m venv hr
hr/bin/python -m pip install -q -c "$constraints" "$wheel[hr]"
mkdir hr-run && cd hr-run
step "hr: roster emp.xlsx -o teams.csv, survey in $PWD"
../hr/bin/python - <<'EOF'
import importlib.util
present = [m for m in ("formulas", "xlsxwriter", "ms_ovba") if importlib.util.find_spec(m) is not None]
assert not present, f"the hr extra installed {present}"
import openpyxl
# 3 teams of 10 people (none merged for privacy); in team A two resign, their last day 1 July 2024
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["employee_id", "team", "start_date", "end_date", "reason", "fte"])
for team in "ABC":
    for i in range(10):
        leaves = team == "A" and i < 2
        ws.append([f"{team}{i}", team, "2020-01-01", "2024-07-01" if leaves else None, "resignation" if leaves else None, 1.0])
wb.save("emp.xlsx")
with open("answers.csv", "w", encoding="utf-8") as f:
    f.write("score\n" + "\n".join(["10"] * 6 + ["8"] * 2 + ["3"] * 2) + "\n")
EOF
../hr/bin/xlengine roster emp.xlsx --from 2024-01-01 --to 2024-12-31 -o teams.csv > roster.txt
../hr/bin/python - <<'EOF'
import csv
rows = {r["team"]: r for r in csv.DictReader(open("teams.csv", encoding="utf-8"))}
assert sorted(rows) == ["A", "B", "C"], rows
# team A: the two leavers count 1 January to 1 July, 183 of 2024's 366 days: average headcount
# 8 + 2 x 183 / 366 = 9, turnover 2 / 9
turnover = float(rows["A"]["turnover_before"])
assert abs(float(rows["A"]["headcount"]) - 9) < 1e-9 and abs(turnover - 2 / 9) < 1e-9, rows["A"]
assert float(rows["B"]["turnover_before"]) == 0.0, rows["B"]
print(f"check_wheel: hr: teams.csv has teams A, B, C; A's turnover {turnover:.1%}")
EOF
../hr/bin/xlengine survey answers.csv --json > survey.json
# 6 promoters and 2 detractors of 10 answers: eNPS = 100 x (6 - 2) / 10 = 40
../hr/bin/python -c "import json; d = json.load(open('survey.json')); assert abs(d['enps'] - 40) < 1e-9, d; print('check_wheel: hr: survey eNPS', d['enps'])"
step "hr: a workbook command names the extra it needs"
names_the_workbook_extra ../hr/bin/xlengine hr.err
echo "check_wheel: the installed wheel works outside the checkout (${SECONDS} s)"
