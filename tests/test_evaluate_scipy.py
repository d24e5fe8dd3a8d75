"""The engine's statistical functions still work when scipy is imported on first use only."""

import json
import subprocess
import sys
import textwrap


def test_scipy_deferred_at_load_and_statistical_functions_still_compute(tmp_path):
    book = tmp_path / "stats.xlsx"
    code = textwrap.dedent(f"""
        import json, sys
        import openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "S"
        for i, v in enumerate([1, 2, 3, 4, 10], start=1):
            ws[f"A{{i}}"] = v
        ws["B1"] = "=KURT(A1:A5)"
        ws["B2"] = "=_xlfn.LOGNORM.INV(0.5,0,1)"
        ws["B3"] = "=SUM(A1:A5)"
        wb.save(r"{book}")
        from xlengine.workbook import evaluate
        evaluate.register_udfs()
        loaded_at_start = sorted(m for m in sys.modules if m == "scipy" or m.startswith("scipy."))
        ev = evaluate.evaluate(__import__("pathlib").Path(r"{book}"))
        values = {{c.cell: c.value for c in ev.formula_cells}}
        import scipy.stats
        expected_kurt = float(scipy.stats.kurtosis([1, 2, 3, 4, 10], fisher=True, bias=False))
        print(json.dumps({{"loaded_at_start": loaded_at_start, "values": values, "kurt": expected_kurt}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert data["loaded_at_start"] == []                       # not scipy, nor any part of it
    assert abs(data["values"]["B1"] - data["kurt"]) < 1e-12      # scipy imported on first use
    assert abs(data["values"]["B2"] - 1.0) < 1e-12               # median of lognormal(0, 1) = e^0
    assert data["values"]["B3"] == 20                            # 1 + 2 + 3 + 4 + 10
