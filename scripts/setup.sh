#!/usr/bin/env bash
# One set-up for a fresh Linux machine, used by the README and by CI alike:
# system packages for the headless checks (LibreOffice, poppler), a virtual environment
# in .venv, and xlengine installed into it with every extra and the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice   >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} (apt, a few minutes on a fresh machine)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: ${need_apt[*]} not installed and no apt/root here: the LibreOffice checks will be skipped" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# constraints.txt pins what the committed template and VBA module were built and tested
# with (xlwings' generator and XlsxWriter's output are checked byte for byte).
.venv/bin/python -m pip install -q -c constraints.txt -e '.[all,test]'
echo "setup: done (.venv/bin/xlengine, .venv/bin/python -m pytest)"
