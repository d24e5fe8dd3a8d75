#!/usr/bin/env bash
# The package as a user gets it: install the built wheel into a fresh virtual environment in
# a temporary folder outside the checkout, and run it there.
#   bash scripts/check_wheel.sh dist/xlengine-*.whl
# 1. core only (`pip install WHEEL`): the ENG_ functions compute the business case, and
#    pandas, formulas and openpyxl are not even installed;
# 2. then with the workbook extra added: demo, template -o, compute and audit of that workbook, vba --check;
#    the report holds the demo's NPV.
set -euo pipefail
wheel=$(realpath "$1")
constraints=$(realpath "$(dirname "$0")/../constraints.txt")
PY=${PYTHON:-python3}
work=$(mktemp -d -t xlengine-wheel-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { echo "check_wheel: $* (at ${SECONDS} s)"; }

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
rc=0; venv/bin/xlengine compute nothing.xlsm 2> core.err || rc=$?
cat core.err
# the install line names the wheel this venv was installed from (xlengine is not on the index)
[ "$rc" = 2 ] && grep -qF "pip install \"$wheel[workbook]\"" core.err || { echo "check_wheel: expected exit 2 naming the extra and the wheel, got $rc" >&2; exit 1; }

step "workbook: pip install $(basename "$wheel")[workbook]"
venv/bin/python -m pip install -q -c "$constraints" "$wheel[workbook]"
mkdir elsewhere && cd elsewhere
step "workbook: demo, template -o x.xlsm, compute, audit, vba --check in $PWD"
../venv/bin/xlengine demo > demo.txt
grep '^NPV' demo.txt
../venv/bin/xlengine template -o x.xlsm
../venv/bin/xlengine compute x.xlsm --json > compute.json
../venv/bin/xlengine audit x.xlsm
../venv/bin/xlengine vba --check
../venv/bin/python - <<'EOF'
import json
import openpyxl
from xlengine.engine import case, register
demo_npv = case.compute(register.defaults()).npv  # the demo is the embedded example
npv = json.load(open("compute.json"))["headlines"]["npv"]
cell = openpyxl.load_workbook("x_report.xlsx")[npv["sheet"]][npv["cell"]].value
assert abs(cell - demo_npv) < 0.005 and abs(npv["value"] - demo_npv) < 0.005, (cell, npv, demo_npv)
print(f"check_wheel: workbook: x_report.xlsx {npv['sheet']}!{npv['cell']} holds the demo's NPV {cell:,.2f}")
EOF
echo "check_wheel: the installed wheel works outside the checkout (${SECONDS} s)"
