"""Which formula cells depend on a typed cell: references read from the formula text, by hand."""

from types import SimpleNamespace as NS

from xlengine.workbook.precedents import dependents


def book(*formulas, names=None):
    return NS(names=names or {}, formula_cells=[NS(sheet=s, cell=c, formula=f) for s, c, f in formulas])


def test_cells_ranges_names_whole_columns_and_other_sheets():
    ev = book(
        ("Case", "A1", "=rate*2"),  # the name rate is Inputs!B2
        ("Case", "A2", "=SUM(Inputs!A1:C3)"),  # a range holding B2
        ("Case", "A3", "=A2+1"),  # through A2
        ("Case", "A4", "=SUM(Inputs!B:B)"),  # a whole column
        ("Case", "A5", "=SUM(Inputs!C:C)+B2"),  # C:C misses B2; B2 here is Case!B2
        ("Case", "A6", '=ENG_X(block,"rate")'),  # a named block holding B2 (text "rate" is no reference)
        ("Case", "A7", "='Other sheet'!B2"),
        names={"rate": ("Inputs", "B2"), "block": ("Inputs", "A2:D40")},
    )
    assert dependents(ev, [("Inputs", "B2")]) == {("Case", c) for c in ("A1", "A2", "A3", "A4", "A6")}


def test_a_chain_too_long_to_follow_within_the_budget_is_not_told():
    # B2 = SUM(A:A) + B1, B3 = SUM(A:A) + B2, ...: every step scans every whole-column reference
    ev = book(*[("S", f"B{i}", f"=SUM(A:A)+B{i - 1}") for i in range(2, 200)])
    assert len(dependents(ev, [("S", "B1")])) == 198
    assert dependents(ev, [("S", "B1")], budget=1_000) is None
