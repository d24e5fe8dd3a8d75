Attribute VB_Name = "xlengine_macros"
' The workbook's buttons. They hand over to Python through xlwings' RunPython, which
' needs the xlwings add-in (xlwings addin install) and a reference to it in this VBA
' project (VBA editor: Tools > References > xlwings). See docs/windows.md.
' The Python side is xlengine/workbook/macros.py.
Option Explicit

Sub Recalculate()
    ' First the function server forgets what it remembered (tables, simulations, checked
    ' ranges), then a full recalculation re-runs every ENG_ cell (they are not volatile).
    ' RunPython reaches the process that serves the ENG_ cells when "Use UDF Server" is
    ' True on the xlwings.conf sheet; otherwise it clears a fresh process (harmless).
    RunPython "import xlengine.excel; xlengine.excel.clear_caches()"
    Application.CalculateFull
End Sub

Sub WriteBoardReport()
    RunPython "import xlengine.workbook.macros; xlengine.workbook.macros.write_board_report()"
End Sub

Sub RunAudit()
    RunPython "import xlengine.workbook.macros; xlengine.workbook.macros.run_audit()"
End Sub

Sub ResetInputs()
    If MsgBox("Reset every assumption to the register default? / Alle aannames terugzetten naar de standaardwaarde?", vbOKCancel + vbQuestion) <> vbOK Then Exit Sub
    RunPython "import xlengine.workbook.macros; xlengine.workbook.macros.reset_inputs()"
End Sub
