"""What a person reads, in English and Dutch: labels of the tables and sections the
engine's results are shown in. Display only; no figure is computed here.

``language`` is "en" or "nl" everywhere; :func:`pick` maps anything else to English.
"""

from __future__ import annotations

__all__ = ["CASE", "CONVENTIONS", "SCENARIO", "TORNADO_HEADER", "TEAMS", "STORY_SECTIONS", "pick"]


def pick(language: str) -> str:
    """"nl" for Dutch, "en" for everything else."""
    return "nl" if language == "nl" else "en"


# The business-case table (ENG_BUSINESS_CASE, the CLI, the board report).
CASE = {
    "en": {
        "line_item": "Line item", "year": "Year {}", "total": "Total",
        "turnover": "Turnover savings", "absence": "Absence savings",
        "productivity": "Productivity gain", "benefits": "Total benefits",
        "costs": "Programme cost", "net": "Net benefit", "cumulative": "Cumulative net",
        "npv": "NPV", "roi": "ROI", "bcr": "BCR", "payback_months": "Payback (months)",
        "no_payback": "No payback within {} years",
    },
    "nl": {
        "line_item": "Post", "year": "Jaar {}", "total": "Totaal",
        "turnover": "Besparing verloop", "absence": "Besparing verzuim",
        "productivity": "Productiviteitswinst", "benefits": "Totale baten",
        "costs": "Programmakosten", "net": "Netto baten", "cumulative": "Cumulatief netto",
        "npv": "NCW (netto contante waarde)", "roi": "ROI", "bcr": "Baten-kostenverhouding",
        "payback_months": "Terugverdientijd (maanden)",
        "no_payback": "Niet terugverdiend binnen {} jaar",
    },
}

# The scenarios table (ENG_SCENARIOS).
# Where the case's conventions are written out (once): the CLI, the template and the
# board report point there instead of restating them.
CONVENTIONS = {
    "en": "How the figures are computed (attribution x confidence, year 1, NPV, ROI, BCR, payback): "
          "xlengine's docs/business-case.md.",
    "nl": "Hoe de cijfers berekend zijn (toerekening x betrouwbaarheid, jaar 1, NCW, ROI, BCR, terugverdientijd): "
          "docs/business-case.md van xlengine.",
}

SCENARIO = {
    "en": {"measure": "Measure", "conservative": "Conservative", "base": "Base", "optimistic": "Optimistic",
           "assumption": "Assumption"},
    "nl": {"measure": "Uitkomst", "conservative": "Voorzichtig", "base": "Basis", "optimistic": "Optimistisch",
           "assumption": "Aanname"},
}

# The tornado table's header (ENG_SENSITIVITY).
TORNADO_HEADER = {
    "en": ["key", "label", "low", "most_likely", "high", "npv_at_low", "npv_at_high", "change_at_low",
           "change_at_high", "swing"],
    "nl": ["sleutel", "omschrijving", "laag", "meest_waarschijnlijk", "hoog", "ncw_bij_laag", "ncw_bij_hoog",
           "verschil_bij_laag", "verschil_bij_hoog", "bandbreedte"],
}

# The per-team table (ENG_TEAMS).
TEAMS = {
    "en": ["Team", "Headcount", "eNPS before", "eNPS after", "Turnover savings / yr",
           "Absence savings / yr", "Productivity gain / yr", "Total / yr",
           "Total over {} years", "Share of total", "Total"],
    "nl": ["Team", "Medewerkers", "eNPS voor", "eNPS na", "Besparing verloop / jr",
           "Besparing verzuim / jr", "Productiviteitswinst / jr", "Totaal / jr",
           "Totaal over {} jaar", "Aandeel in totaal", "Totaal"],
}

# Section titles of the board story (ENG_STORY).
STORY_SECTIONS = {
    "en": ["Problem", "Intervention", "Expected result", "Impact", "Uncertainty", "Break-even",
           "Not in the money", "Sources"],
    "nl": ["Probleem", "Interventie", "Verwacht resultaat", "Impact", "Onzekerheid", "Break-even",
           "Niet in geld uitgedrukt", "Bronnen"],
}
