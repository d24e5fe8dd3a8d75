"""What a person reads, in English and Dutch: labels of the tables and sections the
engine's results are shown in. Display only; no figure is computed here.

``language`` is "en" or "nl" everywhere; :func:`pick` maps anything else to English.
"""

from __future__ import annotations

__all__ = [
    "CASE",
    "CONVENTIONS",
    "SCENARIO",
    "SIMULATION",
    "TORNADO_HEADER",
    "TEAMS",
    "STORY_SECTIONS",
    "SOURCE",
    "TEAMS_KEPT",
    "pick",
    "years",
    "no_payback",
]


def pick(language: str) -> str:
    """ "nl" for Dutch, "en" for everything else."""
    return "nl" if language == "nl" else "en"


def years(language: str, n: int) -> str:
    """A number of years with the right noun: "1 year", "3 years"; Dutch "1 jaar", "3 jaar".

    >>> years("en", 1), years("en", 3), years("nl", 1)
    ('1 year', '3 years', '1 jaar')
    """
    if pick(language) == "nl":
        return f"{n} jaar"
    return f"{n} year" if n == 1 else f"{n} years"


def no_payback(language: str, horizon: int) -> str:
    """The payback cell's sentence when the case never pays back within its horizon.

    >>> no_payback("en", 1), no_payback("nl", 3)
    ('No payback within 1 year', 'Niet terugverdiend binnen 3 jaar')
    """
    return CASE[pick(language)]["no_payback"].format(years(language, horizon))


# The business-case table (ENG_BUSINESS_CASE, the CLI, the board report).
CASE = {
    "en": {
        "line_item": "Line item",
        "start": "Start (year 0)",
        "year": "Year {}",
        "total": "Total",
        "turnover": "Turnover savings",
        "absence": "Absence savings",
        "productivity": "Productivity gain",
        "benefits": "Total benefits",
        "costs": "Programme cost",
        "net": "Net benefit",
        "cumulative": "Cumulative net",
        "npv": "NPV",
        "roi": "ROI",
        "bcr": "BCR",
        "payback_months": "Payback (months)",
        "no_payback": "No payback within {}",
    },
    "nl": {
        "line_item": "Post",
        "start": "Start (jaar 0)",
        "year": "Jaar {}",
        "total": "Totaal",
        "turnover": "Besparing verloop",
        "absence": "Besparing verzuim",
        "productivity": "Productiviteitswinst",
        "benefits": "Totale baten",
        "costs": "Programmakosten",
        "net": "Netto baten",
        "cumulative": "Cumulatief netto",
        "npv": "NCW (netto contante waarde)",
        "roi": "ROI",
        "bcr": "Baten-kostenverhouding",
        "payback_months": "Terugverdientijd (maanden)",
        "no_payback": "Niet terugverdiend binnen {}",
    },
}

# Where the case's conventions are written out (once): the CLI, the template and the
# board report point there instead of restating them.
CONVENTIONS = {
    "en": "How the figures are computed (attribution x confidence, year 1, the one-off cost at the start, NPV, ROI, "
    "BCR, payback): xlengine's docs/business-case.md.",
    "nl": "Hoe de cijfers berekend zijn (toerekening x betrouwbaarheid, jaar 1, eenmalige kosten bij de start, NCW, ROI, "
    "BCR, terugverdientijd): docs/business-case.md van xlengine.",
}

# The scenarios table (ENG_SCENARIOS): the outer columns put every uncertain assumption at
# one end at the same time, a stress test far outside the Monte Carlo's P5..P95.
SCENARIO = {
    "en": {
        "measure": "Measure",
        "conservative": "Stress test: all unfavourable at once",
        "base": "Base",
        "optimistic": "Stress test: all favourable at once",
        "assumption": "Assumption",
    },
    "nl": {
        "measure": "Uitkomst",
        "conservative": "Stresstest: alles tegelijk ongunstig",
        "base": "Basis",
        "optimistic": "Stresstest: alles tegelijk gunstig",
        "assumption": "Aanname",
    },
}

# The Monte Carlo summary (ENG_SIMULATION, simulate).
SIMULATION = {
    "en": {"npv": "NPV", "roi": "ROI", "prob_positive": "P(NPV > 0)", "draws": "Draws", "seed": "Seed", "mean": "Mean"},
    "nl": {
        "npv": "NCW",
        "roi": "ROI",
        "prob_positive": "Kans NCW > 0",
        "draws": "Trekkingen",
        "seed": "Startgetal",
        "mean": "Gemiddelde",
    },
}

# The tornado table's header (ENG_SENSITIVITY).
TORNADO_HEADER = {
    "en": ["key", "label", "low", "most_likely", "high", "npv_at_low", "npv_at_high", "change_at_low", "change_at_high", "swing"],
    "nl": [
        "sleutel",
        "omschrijving",
        "laag",
        "meest_waarschijnlijk",
        "hoog",
        "ncw_bij_laag",
        "ncw_bij_hoog",
        "verschil_bij_laag",
        "verschil_bij_hoog",
        "bandbreedte",
    ],
}

# The per-team table (ENG_TEAMS).
TEAMS = {
    "en": [
        "Team",
        "Headcount",
        "eNPS before",
        "eNPS after",
        "Turnover savings / yr",
        "Absence savings / yr",
        "Productivity gain / yr",
        "Total / yr",
        "Total over {}",
        "Share of total",
        "Total",
    ],
    "nl": [
        "Team",
        "Medewerkers",
        "eNPS vóór",
        "eNPS na",
        "Besparing verloop / jr",
        "Besparing verzuim / jr",
        "Productiviteitswinst / jr",
        "Totaal / jr",
        "Totaal over {}",
        "Aandeel in totaal",
        "Totaal",
    ],
}

# Section titles of the board story (ENG_STORY).
STORY_SECTIONS = {
    "en": ["Problem", "Intervention", "Expected result", "Impact", "Uncertainty", "Break-even", "Not in the money", "Sources"],
    "nl": [
        "Probleem",
        "Interventie",
        "Verwacht resultaat",
        "Impact",
        "Onzekerheid",
        "Break-even",
        "Niet in geld uitgedrukt",
        "Bronnen",
    ],
}

# Beside an assumption's value: where it comes from (xlengine.decision.provenance).
SOURCE = {
    "en": {
        "input": "your input ({where})",
        "unverified": " [unverified]",
        "benchmark": "benchmark mode: {closed} of the Gallup Q12 {edition} quartile gap (gap_closed); "
        "the typed {key} is not used",
    },
    "nl": {
        "input": "eigen invoer ({where})",
        "unverified": " [niet geverifieerd]",
        "benchmark": "benchmarkmodus: {closed} van het Gallup Q12-kwartielverschil {edition} (gap_closed); "
        "de ingevulde {key} telt niet mee",
    },
}

# A team that keeps its own figure in the per-team table (xlengine.decision.teams).
TEAMS_KEPT = {
    "en": {
        "header": "Note",
        "target": "target",
        "turnover_after": "turnover",
        "absence_after": "absence",
        "enps_after": "eNPS",
        "sentence": "already at or better than the target: {}; its own figure kept, no saving",
    },
    "nl": {
        "header": "Toelichting",
        "target": "doel",
        "turnover_after": "verloop",
        "absence_after": "verzuim",
        "enps_after": "eNPS",
        "sentence": "al op of beter dan het doel: {}; eigen cijfer aangehouden, geen besparing",
    },
}
