#!/usr/bin/env bash
# The canaries against the newest versions pyproject.toml allows of the libraries whose
# internals xlengine relies on (xlwings, formulas, ms-ovba and its two parts): a fresh
# virtual environment outside the checkout with everything else as constraints.txt pins it,
# then tests/test_upstream_workarounds.py. A canary that fails here says a workaround no
# longer fits the newest allowed release; one that passes on a release above a bound is the
# sign the bound may be raised.
#   bash scripts/check_upstream.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
work=$(mktemp -d -t xlengine-upstream-XXXXXX)
trap 'rm -rf "$work"' EXIT
bounded='^(xlwings|formulas|ms[-_]ovba|ms[-_]ovba[-_]compression|ms[-_]ovba[-_]crypto)=='
grep -Eiv "$bounded" "$root/constraints.txt" > "$work/constraints.txt"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip > /dev/null 2>&1 || true
# pip takes the newest release inside each bound of pyproject.toml (from its cache when it has it)
"$work/venv/bin/python" -m pip install -q -c "$work/constraints.txt" "$root[all,test]"
"$work/venv/bin/python" -m pip list 2>/dev/null | grep -Ei '^(xlwings|formulas|ms[-_]ovba[-_a-z]*) ' | sed 's/^/check_upstream: /'
cd "$work"
# the installed package, the checkout's tests (rootdir and conftest from the checkout)
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$root" -c "$root/pyproject.toml" \
    "$root/tests/test_upstream_workarounds.py"
echo "check_upstream: the canaries pass against the newest allowed versions"
