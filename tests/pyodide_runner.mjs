// Run a generated main.py inside real Pyodide under Node, as xlwings Lite runs it in Excel
// (test code; started by tests/test_lite.py).
//   node pyodide_runner.mjs PYODIDE_DIR MAIN_PY CALLS_JSON
// PYODIDE_DIR is laid out by scripts/pyodide_env.py. Prints one JSON object on stdout:
// what tests/lite_runner.py's run_calls returns, plus the Python and numpy versions.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, mainPy, callsJson] = process.argv.slice(2).map((p) => resolve(p));
const here = dirname(fileURLToPath(import.meta.url));
const ready = JSON.parse(readFileSync(`${pyodideDir}/READY.json`, "utf8"));
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);

const log = [];
const py = await loadPyodide({ indexURL: `${pyodideDir}/`, stdout: (s) => log.push(s), stderr: (s) => log.push(s) });
// numpy by its name: Pyodide checks the file against the sha256 in its own lock file.
await py.loadPackage("numpy", { messageCallback: () => {} });
await py.loadPackage(ready.wheels.map((w) => `${pyodideDir}/wheels/${w}`), { messageCallback: () => {} });
for (const [mount, root] of [["/pyodide_env", pyodideDir], ["/tests", here]]) {
  py.FS.mkdirTree(mount);
  py.FS.mount(py.FS.filesystems.NODEFS, { root }, mount);
}
py.globals.set("MAIN_PY", readFileSync(mainPy, "utf8"));
py.globals.set("CALLS", readFileSync(callsJson, "utf8"));
py.globals.set("XLWINGS_WHEEL", `emfs:/pyodide_env/wheels/${ready.xlwings_wheel}`);
const out = await py.runPythonAsync(`
import json, os, sys
# Lite's settings: xlwings' Office.js decorators, and the licence key the add-in brings
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import micropip
await micropip.install(XLWINGS_WHEEL, deps=False)
sys.path.insert(0, "/tests")
import lite_runner, numpy
report = await lite_runner.run_calls(MAIN_PY, json.loads(CALLS))
report["python"] = sys.version.split()[0]
report["numpy"] = numpy.__version__
json.dumps(report)
`);
process.stdout.write(out);
