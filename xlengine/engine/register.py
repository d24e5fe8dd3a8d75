"""The assumption register: every assumption of the business case, declared once.

Validation, the template's Assumptions sheet, the audit, the CLI and the docs all read
this table. Nothing else in the package holds a default, a range or a source.

Each entry carries:

* ``key``: the name used everywhere (Python argument, Excel defined name, CSV key).
* ``label_en`` / ``label_nl``: what a person reads.
* ``unit``: ``EUR``, ``EUR/FTE/yr``, ``FTE``, ``days``, ``months``, ``years``,
  ``switch`` (0/1), ``edition`` (a year) or ``fraction`` (Excel shows fractions as %, so
  12% arrives as 0.12).
* ``default``: the embedded example (a mid-sized Dutch organisation shaped like the seed
  text: turnover 12% -> 8%, absence down 1.5 points, eNPS 45 -> 60).
* ``allowed``: outside it the value is refused (hard error).
* ``plausible``: outside it the audit warns (the value may be right, but look again).
* ``low`` / ``high``: the range used for scenarios, sensitivity and Monte Carlo
  (Beta-PERT with ``default`` as most likely). ``None`` for a figure that is a decision
  or a fact, not an estimate (headcount, horizon, working days).
* ``low`` / ``high`` of a lever (turnover_after, absence_after, productivity_gain,
  gap_closed) set the relative spread of the improvement the default range rule uses
  (docs/uncertainty-ranges.md); for every other entry the range scales with the value.
* ``source``: where the default comes from, with edition or date; ``verified`` says
  whether the figure was checked against the original (see ../shared/domain.md).
  ``citation``: the same source in a few language-neutral words (publication, law).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "Assumption",
    "REGISTER",
    "BY_KEY",
    "GALLUP",
    "GALLUP_EDITIONS",
    "defaults",
    "get",
    "gallup_gap",
    "PRIVACY_MINIMUM",
]

#: The smallest group whose survey result is shown: fewer answers (ENG_ENPS, a roster's
#: team) or fewer people (a team in ENG_TEAMS) and no eNPS is given, so that no one can
#: be identified.
PRIVACY_MINIMUM = 5


@dataclass(frozen=True)
class Assumption:
    key: str
    label_en: str
    label_nl: str
    unit: str
    default: float
    allowed: tuple[float, float]
    plausible: tuple[float, float]
    source: str
    verified: bool = True
    low: float | None = None
    high: float | None = None
    integer: bool = False
    group: str = "organisation"
    citation: str = ""  # short, language-neutral: publication or law (the Dutch story cites this)

    def label(self, language: str = "en") -> str:
        return self.label_nl if language == "nl" else self.label_en

    @property
    def uncertain(self) -> bool:
        """True when the figure is an estimate with a low/high range."""
        return self.low is not None and self.high is not None

    @property
    def default_range(self) -> tuple[float, float]:
        """(low, high) of an estimate's default range; a decision or a fact has none (ValueError)."""
        if self.low is None or self.high is None:
            raise ValueError(f"{self.key} is a decision or a fact: it has no range")
        return float(self.low), float(self.high)

    @property
    def is_fraction(self) -> bool:
        return self.unit == "fraction"


_SEED = (
    "Worked example in 'Betrokkenheid is geen soft thema, maar de hardste KPI die je nog "
    "niet meet' (the Dutch text this product grew from)"
)
_SEED_TITLE = "'Betrokkenheid is geen soft thema, maar de hardste KPI die je nog niet meet'"
_ILLUSTRATIVE = "Illustrative default for the embedded example; replace with your own figure"

REGISTER: tuple[Assumption, ...] = (
    # --- organisation ---------------------------------------------------------------
    Assumption(
        "headcount",
        "Headcount",
        "Aantal medewerkers",
        "FTE",
        200,
        (0, 1_000_000),
        (5, 100_000),
        f"{_ILLUSTRATIVE}: a mid-sized organisation (200 FTE), as in the seed example",
        group="organisation",
    ),
    Assumption(
        "annual_employer_cost",
        "Average employer cost per FTE (salary plus on-costs)",
        "Gemiddelde werkgeverslasten per FTE (salaris plus premies)",
        "EUR/FTE/yr",
        60_000,
        (0, 2_000_000),
        (25_000, 250_000),
        f"{_ILLUSTRATIVE}: order of a Dutch average wage plus about 30% employer on-costs "
        "(not checked against CBS; use your payroll figure)",
        verified=False,
        low=55_000,
        high=65_000,
    ),
    Assumption(
        "working_days",
        "Working days per FTE per year",
        "Werkdagen per FTE per jaar",
        "days",
        220,
        (1, 366),
        (200, 261),
        "Convention: 261 weekdays less holidays and public holidays; set to your CAO",
        integer=False,
    ),
    # --- turnover ------------------------------------------------------------------
    Assumption(
        "turnover_before",
        "Annual turnover rate before the programme",
        "Verloop per jaar vóór het programma",
        "fraction",
        0.12,
        (0, 1),
        (0.02, 0.40),
        f"{_SEED}: turnover 12%",
        group="turnover",
        citation=_SEED_TITLE,
    ),
    Assumption(
        "turnover_after",
        "Annual turnover rate after the programme",
        "Verloop per jaar na het programma",
        "fraction",
        0.08,
        (0, 1),
        (0.02, 0.40),
        f"{_SEED}: turnover falls to 8%",
        low=0.07,
        high=0.11,
        group="turnover",
        citation=_SEED_TITLE,
    ),
    Assumption(
        "recruitment_cost",
        "Recruitment cost per hire",
        "Wervingskosten per nieuwe medewerker",
        "EUR",
        5_000,
        (0, 1_000_000),
        (1_000, 50_000),
        "SHRM benchmarking (2022): average cost per hire about USD 4,700 (USD 4,129 in 2016), "
        "by the cost-per-hire formula of the ANSI/SHRM 06001.2012 standard. A US dollar figure: "
        "the EUR 5,000 default takes it as euros, rounded up; replace it with your own cost per hire",
        low=3_000,
        high=8_000,
        group="turnover",
        citation="SHRM (2022); ANSI/SHRM 06001.2012",
    ),
    Assumption(
        "onboarding_cost",
        "Onboarding and training cost per hire",
        "Inwerk- en opleidingskosten per nieuwe medewerker",
        "EUR",
        3_000,
        (0, 1_000_000),
        (500, 30_000),
        f"{_ILLUSTRATIVE}; component list from Cascio & Boudreau, Investing in People, ch. 4 (2nd ed. 2011)",
        verified=False,
        low=1_500,
        high=6_000,
        group="turnover",
    ),
    Assumption(
        "vacancy_days",
        "Working days a post stays vacant (work not covered)",
        "Werkdagen dat een vacature openstaat (werk niet opgevangen)",
        "days",
        30,
        (0, 366),
        (0, 120),
        f"{_ILLUSTRATIVE}; vacancy cost component from the CLASP-CEPR turnover calculator",
        verified=False,
        low=10,
        high=60,
        group="turnover",
    ),
    Assumption(
        "ramp_up_months",
        "Months until a new hire is fully productive",
        "Maanden tot een nieuwe medewerker volledig productief is",
        "months",
        6,
        (0, 60),
        (1, 24),
        "Oxford Economics (2014), The Cost of Brain Drain: lost output while a new hire "
        "reaches proficiency is the largest part of turnover cost",
        verified=False,
        low=3,
        high=9,
        group="turnover",
        citation="Oxford Economics (2014)",
    ),
    Assumption(
        "ramp_up_shortfall",
        "Average productivity shortfall during ramp-up",
        "Gemiddeld productiviteitsverlies tijdens het inwerken",
        "fraction",
        0.5,
        (0, 1),
        (0.2, 0.8),
        "CLASP-CEPR turnover cost calculator: ramp-up costed at 50% of time to proficiency",
        low=0.3,
        high=0.6,
        group="turnover",
        citation="CLASP-CEPR",
    ),
    # --- absence -------------------------------------------------------------------
    Assumption(
        "absence_before",
        "Absence rate before (share of working days lost to sickness)",
        "Verzuimpercentage vóór (aandeel werkdagen verzuimd)",
        "fraction",
        0.056,
        (0, 1),
        (0.01, 0.12),
        "CBS (Statistics Netherlands) absence rate 2022: 5.6% of working days",
        group="absence",
        citation="CBS (2022)",
    ),
    Assumption(
        "absence_after",
        "Absence rate after the programme",
        "Verzuimpercentage na het programma",
        "fraction",
        0.041,
        (0, 1),
        (0.01, 0.12),
        f"{_SEED}: absence falls by 1.5 percentage points",
        low=0.035,
        high=0.050,
        group="absence",
        citation=_SEED_TITLE,
    ),
    Assumption(
        "continued_pay",
        "Continued pay during sickness (share of daily employer cost)",
        "Loondoorbetaling bij ziekte (deel van de daglast)",
        "fraction",
        1.0,
        (0, 1),
        (0.7, 1.0),
        "Dutch Civil Code art. 7:629: at least 70% of the wage (not of the employer cost) for up "
        "to 104 weeks, at least the statutory minimum wage in the first 52 weeks, capped at the "
        "maximum daily wage; many collective agreements top it up to 100% in year 1. As a share of "
        "the employer cost the legal minimum is lower than 70% (on-costs continue)",
        low=0.7,
        high=1.0,
        group="absence",
        citation="BW art. 7:629",
    ),
    Assumption(
        "cover_share",
        "Extra cost of cover per sick day (share of daily employer cost)",
        "Extra kosten vervanging per verzuimdag (deel van de daglast)",
        "fraction",
        0.0,
        (0, 2),
        (0.0, 1.3),
        "Conservative default (Phillips: take the most conservative option): no cover "
        "cost counted. Agency cover costs about the wage plus 30% (Dutch market practice, not verified)",
        low=0.0,
        high=0.3,
        group="absence",
        citation="Phillips (ROI Institute)",
    ),
    # --- productivity --------------------------------------------------------------
    Assumption(
        "value_per_fte",
        "Value of one FTE's output per year",
        "Waarde van de output per FTE per jaar",
        "EUR/FTE/yr",
        60_000,
        (0, 10_000_000),
        (25_000, 1_000_000),
        "Human-capital approach: employer cost per FTE (conservative); value added per "
        "FTE is the alternative; never revenue per FTE (it overstates)",
        low=55_000,
        high=65_000,
        group="productivity",
        citation="Phillips (ROI Institute); ISO 30414",
    ),
    Assumption(
        "productivity_gain",
        "Productivity gain from the programme",
        "Productiviteitswinst door het programma",
        "fraction",
        0.02,
        (-1, 1),
        (0.0, 0.14),
        "Gallup Q12 Meta-Analysis, 11th ed. (2024): top vs bottom quartile +14% "
        "productivity; 2% assumes about one seventh of that gap is closed",
        low=0.0,
        high=0.04,
        group="productivity",
        citation="Gallup Q12 (2024)",
    ),
    # --- attribution and confidence (Phillips) -------------------------------------
    Assumption(
        "attribution",
        "Share of the improvement caused by the programme",
        "Deel van de verbetering dat aan het programma toe te schrijven is",
        "fraction",
        0.5,
        (0, 1),
        (0.2, 0.9),
        "Phillips ROI Methodology (ROI Institute): isolate the programme's effect; assuming 100% inflates ROI 2-3x",
        low=0.3,
        high=0.7,
        group="adjustment",
        citation="Phillips (ROI Institute)",
    ),
    Assumption(
        "confidence",
        "Confidence in the estimates",
        "Betrouwbaarheid van de schattingen",
        "fraction",
        0.8,
        (0, 1),
        (0.5, 1.0),
        "Phillips ROI Methodology (ROI Institute): adjust estimates for error",
        low=0.6,
        high=0.9,
        group="adjustment",
        citation="Phillips (ROI Institute)",
    ),
    # --- programme and finance -----------------------------------------------------
    Assumption(
        "programme_cost_one_off",
        "Programme cost, one-off (at the start, year 0)",
        "Programmakosten, eenmalig (bij de start, jaar 0)",
        "EUR",
        100_000,
        (0, 1_000_000_000),
        (0, 10_000_000),
        f"{_ILLUSTRATIVE}; fully load all costs (Phillips), including staff time",
        verified=False,
        low=90_000,
        high=130_000,
        group="programme",
    ),
    Assumption(
        "programme_cost_annual",
        "Programme cost, every year",
        "Programmakosten, elk jaar",
        "EUR",
        50_000,
        (0, 1_000_000_000),
        (0, 10_000_000),
        f"{_ILLUSTRATIVE}; survey licence, workshops, manager time",
        verified=False,
        low=40_000,
        high=70_000,
        group="programme",
    ),
    Assumption(
        "horizon_years",
        "Horizon of the business case",
        "Looptijd van de businesscase",
        "years",
        3,
        (1, 10),
        (1, 5),
        "Convention for HR programmes; Phillips: count only first-year benefits for short programmes",
        integer=True,
        group="programme",
    ),
    Assumption(
        "effect_year1",
        "Share of the full effect reached in year 1",
        "Deel van het volledige effect in jaar 1",
        "fraction",
        0.5,
        (0, 1),
        (0.25, 1.0),
        f"{_ILLUSTRATIVE}: effects build up during the first year",
        verified=False,
        low=0.3,
        high=0.8,
        group="programme",
    ),
    Assumption(
        "discount_rate",
        "Discount rate (cost of capital)",
        "Disconteringsvoet (kapitaalkosten)",
        "fraction",
        0.08,
        (0, 1),
        (0.02, 0.15),
        f"{_ILLUSTRATIVE}; use your organisation's cost of capital (ask finance)",
        verified=False,
        low=0.06,
        high=0.10,
        group="programme",
    ),
    # --- benchmark mode: "after" values from the Gallup quartile gap ----------------
    Assumption(
        "benchmark_mode",
        "Benchmark mode: derive the 'after' values from the Gallup gap (1 = on, 0 = off)",
        "Benchmarkmodus: 'na'-waarden afleiden uit het Gallup-verschil (1 = aan, 0 = uit)",
        "switch",
        0,
        (0, 1),
        (0, 1),
        "Decision of the case's owner: typed targets (0, default) or Gallup Q12 quartile gap x "
        "gap_closed (1); the board story says which",
        integer=True,
        group="benchmark",
    ),
    Assumption(
        "gap_closed",
        "Share of the Gallup top-vs-bottom-quartile gap the programme closes",
        "Deel van het Gallup-verschil tussen beste en slechtste kwartiel dat het programma dicht",
        "fraction",
        0.15,
        (0, 1),
        (0.0, 0.5),
        "Gallup Q12 Meta-Analysis compares quartiles, not interventions (Harter et al.); "
        "15% is close to the register's productivity default (2% of a 14% gap); illustrative",
        verified=False,
        low=0.05,
        high=0.30,
        group="benchmark",
    ),
    Assumption(
        "gallup_edition",
        "Gallup Q12 Meta-Analysis edition used in benchmark mode",
        "Editie van de Gallup Q12-meta-analyse in benchmarkmodus",
        "edition",
        2024,
        (2020, 2024),
        (2020, 2024),
        "Gallup Q12 Meta-Analysis, 11th edition (2024); the 10th edition (2020) is widely cited but not verified here",
        integer=True,
        group="benchmark",
    ),
    # --- survey (story only, not monetised) ----------------------------------------
    Assumption(
        "enps_before",
        "eNPS before the programme",
        "eNPS vóór het programma",
        "eNPS points",
        45,
        (-100, 100),
        (-50, 80),
        f"{_SEED}: eNPS 45",
        group="survey",
    ),
    Assumption(
        "enps_after",
        "eNPS after the programme",
        "eNPS na het programma",
        "eNPS points",
        60,
        (-100, 100),
        (-50, 80),
        f"{_SEED}: eNPS rises to 60",
        group="survey",
    ),
    # --- the Dutch absence cost in full (off by default: one cost per sick day) ---------
    Assumption(
        "absence_in_full",
        "Absence cost in full (1 = on, 0 = off)",
        "Verzuimkosten volledig (1 = aan, 0 = uit)",
        "switch",
        0,
        (0, 1),
        (0, 1),
        "Decision of the case's owner: 0 (default) one year-1 cost per sick day; 1 the duration classes "
        "priced apart (docs/business-case.md)",
        integer=True,
        group="absence_in_full",
    ),
    Assumption(
        "absence_share_short",
        "Share of sick days in short absence (1-7 days)",
        "Aandeel verzuimdagen in kort verzuim (1-7 dagen)",
        "fraction",
        0.15,
        (0, 1),
        (0.05, 0.40),
        "Duration classes as CBS and TNO (NEA) use them: short 1-7, medium 8-42, long over 42 calendar days. "
        "The shares of the days lost are illustrative (long-term absence is commonly reported as about two thirds "
        "of the days lost; not checked against CBS): take your arbo service's split",
        verified=False,
        group="absence_in_full",
        citation="CBS; TNO (NEA)",
    ),
    Assumption(
        "absence_share_medium",
        "Share of sick days in medium absence (8-42 days)",
        "Aandeel verzuimdagen in middellang verzuim (8-42 dagen)",
        "fraction",
        0.20,
        (0, 1),
        (0.05, 0.40),
        "Duration classes as CBS and TNO (NEA) use them (8-42 calendar days); the share is illustrative, not "
        "checked against CBS: take your arbo service's split. Long-term absence is the rest (1 - short - medium)",
        verified=False,
        group="absence_in_full",
        citation="CBS; TNO (NEA)",
    ),
    Assumption(
        "engagement_on_long",
        "Engagement also shortens long-term absence (1 = yes, 0 = short and medium only)",
        "Betrokkenheid verkort ook langdurig verzuim (1 = ja, 0 = alleen kort en middellang)",
        "switch",
        0,
        (0, 1),
        (0, 1),
        "Conservative default (Phillips: the most conservative option): engagement acts on short and medium "
        "absence, the frequent and motivation-related part; long-term absence is mostly illness that a programme "
        "does not shorten",
        integer=True,
        group="absence_in_full",
        citation="Phillips (ROI Institute)",
    ),
    Assumption(
        "continued_pay_year2",
        "Continued pay in the second year of sickness (share of daily employer cost)",
        "Loondoorbetaling in het tweede ziektejaar (deel van de daglast)",
        "fraction",
        0.7,
        (0, 1),
        (0.7, 1.0),
        "Dutch Civil Code art. 7:629: at least 70% of the wage for up to 104 weeks, capped at 70% of the maximum "
        "daily wage; collective agreements usually pay 70% in year 2 (year 1: continued_pay)",
        group="absence_in_full",
        citation="BW art. 7:629",
    ),
    Assumption(
        "long_absence_year2_share",
        "Share of long-term sick days in the second year of sickness",
        "Aandeel langdurige verzuimdagen in het tweede ziektejaar",
        "fraction",
        0.25,
        (0, 1),
        (0.0, 0.6),
        f"{_ILLUSTRATIVE}: the part of long-term absence that lasts beyond 52 weeks; take it from your absence records",
        verified=False,
        group="absence_in_full",
    ),
    Assumption(
        "max_daily_wage",
        "Maximum daily wage (cap of the statutory 70%)",
        "Maximumdagloon (grens van de wettelijke 70%)",
        "EUR/day",
        290.67,
        (0, 10_000),
        (200, 400),
        "UWV maximum daily wage from 1 January 2025 (EUR 290.67 per wage day, 261 wage days a year; "
        "EUR 274.44 from 1 January 2024), the cap of the 70% in BW art. 7:629; check the current figure at UWV",
        verified=False,
        group="absence_in_full",
        citation="UWV; BW art. 7:629",
    ),
    Assumption(
        "long_case_days",
        "Working days lost per long-term absence case",
        "Verzuimde werkdagen per langdurig verzuimgeval",
        "days",
        120,
        (1, 520),
        (30, 400),
        f"{_ILLUSTRATIVE}: a long-term case (over 42 days) that lasts about half a year; take the average from "
        "your absence records",
        verified=False,
        group="absence_in_full",
    ),
    Assumption(
        "reintegration_cost_per_case",
        "Re-integration cost per long-term absence case",
        "Re-integratiekosten per langdurig verzuimgeval",
        "EUR",
        3_500,
        (0, 1_000_000),
        (1_000, 15_000),
        "Dutch market practice: about EUR 3,500 per long-term case (case management, occupational health "
        "physician, trajectory; Wet verbetering poortwachter); not checked against a published survey",
        verified=False,
        group="absence_in_full",
        citation="Wet verbetering poortwachter",
    ),
    Assumption(
        "occupational_health_cost",
        "Occupational health (arbo) service cost per employee per year",
        "Kosten arbodienst per medewerker per jaar",
        "EUR",
        140,
        (0, 10_000),
        (50, 400),
        "Dutch market practice: an arbo contract costs about EUR 140 per employee per year (not checked against a "
        "published survey). Counted in the cost of absence, never in its savings: the fee is per employee",
        verified=False,
        group="absence_in_full",
        citation="Arbowet",
    ),
    Assumption(
        "wga_own_risk",
        "WGA own risk: the employer is eigenrisicodrager (1 = yes, 0 = insured with UWV)",
        "Eigenrisicodrager WGA (1 = ja, 0 = publiek verzekerd bij UWV)",
        "switch",
        0,
        (0, 1),
        (0, 1),
        "Option of the Dutch WGA (Wet WIA): an eigenrisicodrager pays the WGA benefit of former employees for up "
        "to 10 years instead of the UWV premium; off by default (most employers are publicly insured)",
        integer=True,
        group="absence_in_full",
        citation="Wet WIA",
    ),
    Assumption(
        "wga_cost_per_long_case",
        "Expected WGA own-risk cost per long-term absence case",
        "Verwachte kosten eigen risico WGA per langdurig verzuimgeval",
        "EUR",
        5_000,
        (0, 10_000_000),
        (0, 50_000),
        f"{_ILLUSTRATIVE}: the share of long-term cases that enter the WGA after 104 weeks times the benefits "
        "the eigenrisicodrager bears (up to 10 years); ask your insurer or UWV for your figure. Counted only "
        "with wga_own_risk = 1",
        verified=False,
        group="absence_in_full",
        citation="Wet WIA",
    ),
    # --- Phillips strict ------------------------------------------------------------
    Assumption(
        "phillips_strict",
        "Phillips strict: first-year benefits only (1 = on, 0 = off)",
        "Phillips strikt: alleen baten van jaar 1 (1 = aan, 0 = uit)",
        "switch",
        0,
        (0, 1),
        (0, 1),
        "Phillips ROI Methodology, guiding principle 9: only first-year benefits for short programmes",
        integer=True,
        group="programme",
        citation="Phillips (ROI Institute)",
    ),
)

BY_KEY: dict[str, Assumption] = {a.key: a for a in REGISTER}


def get(key: str) -> Assumption:
    """The register entry for ``key`` (case-insensitive)."""
    try:
        return BY_KEY[key.strip().lower()]
    except KeyError:
        raise KeyError(key) from None


def defaults(keys: Iterable[str] | None = None) -> dict[str, float]:
    """The register's defaults as ``{key: value}``."""
    chosen = BY_KEY if keys is None else {k: BY_KEY[k] for k in keys}
    return {k: a.default for k, a in chosen.items()}


# --- Gallup Q12 meta-analysis: top vs bottom quartile of business units -------------
# These compare quartiles; they are NOT the effect of an intervention. Use them only as
# a labelled benchmark, scaled by an explicit share of the gap closed.
GALLUP_SOURCES = {
    2024: "Gallup, Q12 Meta-Analysis, 11th edition (2024): 183,806 business units, 736 studies",
    2020: "Gallup, Q12 Meta-Analysis, 10th edition (2020); widely cited, not verified here",
}
GALLUP_EDITIONS = tuple(sorted(GALLUP_SOURCES))

# outcome -> {edition: signed fraction}
GALLUP: dict[str, dict[int, float]] = {
    "absenteeism": {2024: -0.78, 2020: -0.81},
    "turnover_high": {2024: -0.21, 2020: -0.18},
    "turnover_low": {2024: -0.51, 2020: -0.43},
    "productivity": {2024: 0.14, 2020: 0.14},
    "sales": {2024: 0.18, 2020: 0.18},
    "profitability": {2024: 0.23, 2020: 0.23},
    "customer_loyalty": {2024: 0.10, 2020: 0.10},
}

GALLUP_LABELS = {
    "absenteeism": ("Absenteeism", "Verzuim"),
    "turnover_high": ("Turnover, high-turnover organisations (>40%/yr)", "Verloop, organisaties met hoog verloop (>40%/jr)"),
    "turnover_low": ("Turnover, low-turnover organisations", "Verloop, organisaties met laag verloop"),
    "productivity": ("Productivity (production)", "Productiviteit (productie)"),
    "sales": ("Productivity (sales)", "Productiviteit (verkoop)"),
    "profitability": ("Profitability", "Winstgevendheid"),
    "customer_loyalty": ("Customer loyalty", "Klantloyaliteit"),
}

_GALLUP_ALIASES = {
    "absence": "absenteeism",
    "turnover": "turnover_low",
    "turnover (low)": "turnover_low",
    "turnover (high)": "turnover_high",
    "production": "productivity",
    "profit": "profitability",
    "loyalty": "customer_loyalty",
    "customer loyalty": "customer_loyalty",
}


def gallup_gap(outcome: str, edition: int = 2024) -> float:
    """Gallup's top-vs-bottom-quartile difference for ``outcome`` as a signed fraction.

    >>> gallup_gap("absenteeism")
    -0.78
    >>> gallup_gap("turnover_low", 2020)
    -0.43
    """
    name = str(outcome).strip().lower().replace("-", "_")
    name = _GALLUP_ALIASES.get(name, name).replace(" ", "_")
    if name not in GALLUP:
        raise KeyError(outcome)
    by_edition = GALLUP[name]
    if edition not in by_edition:
        raise LookupError(edition)
    return by_edition[edition]
