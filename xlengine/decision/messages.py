"""The prose a person reads, in English and Dutch: the board story's sentences and the
command line's sentences around the figures. One catalogue, one entry per sentence or
clause; the figures arrive already shown (:func:`xlengine.decision.tables.format_value`
and friends) as named fields.

A new sentence is a new key in both languages (``tests/test_messages.py`` checks that
both have the same keys and the same fields).

>>> say("en", "move_fall", subject="Turnover", before="12%", after="8%")
'Turnover falls from 12% to 8%'
>>> say("nl", "move_fall", subject="Het verloop", before="12%", after="8%")
'Het verloop daalt van 12% naar 8%'
"""

from __future__ import annotations

from .. import i18n

__all__ = ["MESSAGES", "GALLUP_NL", "say", "word"]

#: Short citations for the Dutch story (names of publications, no prose).
GALLUP_NL = {2024: "Gallup Q12-meta-analyse, 11e editie (2024)", 2020: "Gallup Q12-meta-analyse, 10e editie (2020)"}

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # --- the story: problem, intervention ---
        "problem": (
            "Turnover is {turnover_before} a year today: {leavers} leavers in {headcount} FTE, each costing "
            "{cost_per_leaver} to replace, together {turnover_cost} a year. Absence is {absence_before} of "
            "working days: {sick_days} sick days at {cost_per_sick_day}, together {absence_cost} a year."
        ),
        "problem_enps": " The eNPS is {enps}.",
        "intervention": (
            "An engagement programme costing {one_off} once at the start plus {annual} a year: "
            "{total_costs} over {over} (fully loaded, staff time included)."
        ),
        # --- expected result ---
        "subject_turnover": "Turnover",
        "subject_absence": "absence",
        "move_same": "{subject} stays at {before}",
        "move_rise": "{subject} rises from {before} to {after}",
        "move_fall": "{subject} falls from {before} to {after}",
        "productivity_same": "productivity stays the same",
        "productivity_rise": "productivity rises by {gain}",
        "productivity_fall": "productivity falls by {gain}",
        "enps_move": "the eNPS goes from {before} to {after}",
        "last_of_list": " and ",
        "year1": "Year 1 reaches {share} of the effect.",
        "benchmark_targets": (
            " These targets are derived from the benchmark ({source}): the top quartile of teams has "
            "{turnover_gap} lower turnover, {absence_gap} lower absenteeism and {productivity_gap} "
            "higher productivity than the bottom quartile; we assume the programme closes {gap_closed} "
            "of that gap. That compares quartiles; it is not a measured programme effect."
        ),
        "outcome_turnover": "turnover",
        "outcome_absence": "absence",
        "evidence_target": (
            "The {outcome} target comes from the organisation's own evidence (not a typed target, not the Gallup benchmark)."
        ),
        "evidence_none_entered": "The organisation's evidence gives no figure for {outcome}: the case uses the target as entered ({key} = {value}).",
        "evidence_none_default": "The organisation's evidence gives no figure for {outcome}: the case uses the register's default ({key} = {value}).",
        # --- impact ---
        "payback_after": "payback after {months} months",
        "payback_after_one": "payback after {months} month",
        "no_payback": "no payback within {over}",
        "impact": (
            "Over {over} {benefits} of benefits against {costs} of costs: a net present value (NPV) of {npv} at a "
            "discount rate of {rate}, an ROI of {roi}, a benefit-cost ratio of {bcr}, {payback}. Counted "
            "conservatively: {attribution} of the improvement is attributed to the programme and the estimates "
            "count at {confidence} confidence (Phillips ROI Methodology)."
        ),
        # --- uncertainty ---
        "uncertainty": (
            "With 90% probability the NPV lies between {p5} and {p95} (median {p50}); the chance of a "
            "positive NPV is {prob} (Monte Carlo, {draws} draws, Beta-PERT ranges, seed {seed}). A stress "
            "test, not a forecast: every uncertain assumption at its unfavourable end at once gives an NPV of "
            "{stress_low}, all at their favourable end at once {stress_high}; such a combination is far less "
            "likely than the 90% range above."
        ),
        "uncertainty_top": " The biggest uncertainty is '{label}': it moves the NPV from {low} to {high}.",
        "enps_noise": (
            " The eNPS change of {change} points is itself measured with error: even if all {people} "
            "employees answer both surveys, its 95% margin of error is up to ±{margin} points (eNPS is a "
            "difference of two shares of one sample); with fewer answers it is wider."
        ),
        # --- break-even ---
        "breakeven_gap": (
            "The programme breaks even (NPV = 0) when it closes {share} of the Gallup gap; the case assumes {planned}."
        ),
        "breakeven_fall": (
            "With the other assumptions as they are, the programme breaks even (NPV = 0) when turnover "
            "falls by {points} percentage points, to {value}; the plan assumes {plan}."
        ),
        "breakeven_rise_limit": (
            "With the other assumptions as they are, the programme breaks even (NPV = 0) if turnover "
            "rises by no more than {points} percentage points, to {value}; the plan assumes {plan}."
        ),
        "breakeven_not_hinge": (
            "The case does not hinge on turnover: even if turnover rose by {points} percentage "
            "points, to {value}, absence and productivity would pay the programme back (NPV = 0 at "
            "{value}; today {today})."
        ),
        "plan_none": "no change",
        "plan_fall": "a fall of {points} points",
        "plan_fall_one": "a fall of {points} point",
        "plan_rise": "a rise of {points} points",
        "plan_rise_one": "a rise of {points} point",
        "no_breakeven_best_gap": "closing the whole Gallup gap",
        "no_breakeven_best_turnover": "turnover falling to 0%",
        "no_breakeven_on_gap": "the Gallup gap",
        "no_breakeven_on_turnover": "turnover",
        "no_breakeven_not_enough": (
            "There is no break-even on {on}: even {best} leaves the NPV at {npv}; no improvement "
            "on it alone pays the programme back. Lower the cost or add other levers."
        ),
        "no_breakeven_always_pays": "There is no break-even on turnover: the case pays back whatever happens to turnover.",
        "no_breakeven_cannot_fall": "There is no break-even on turnover: turnover is 0% today and cannot fall.",
        "no_breakeven_worthless": (
            "There is no break-even: an improvement is worth nothing in this case (attribution, "
            "confidence, headcount or the cost it saves is 0)."
        ),
        # --- not in the money, sources ---
        "intangibles": (
            "Not in the money, but real: customer loyalty (the top quartile scores {loyalty} higher, Gallup "
            "2024), innovation and agility, and employer reputation. We name them but do not count them as "
            "benefits."
        ),
        "benchmark_entry": "{label}: {source}{unverified}",
        "benchmark_entry_bare": "{label}",
        "unverified": " (unverified)",
        "sources_benchmarks": "Benchmarks: {entries}.",
        "sources_examples": "Still example values (replace them with your own figures): {entries}.",
        "sources_all_own": "All assumptions are the organisation's own figures, as entered.",
        "sources_other_own": "The other assumptions are the organisation's own figures, as entered.",
        # --- the command line around its tables ---
        "simulate_head": (
            "Monte Carlo of the business case: {draws} draws, seed {seed}, Beta-PERT ranges ({uncertain} "
            "uncertain assumptions), {seconds} s"
        ),
        "simulate_positive": "P(NPV > 0): {prob}",
        "simulate_range": "With 90% probability the NPV lies between {p5} and {p95}.",
        "breakeven_rate": (
            "Break-even (NPV = 0) on {lever}, the other assumptions as given: {points} percentage points "
            "({key} = {value}); the plan assumes {planned} points."
        ),
        "breakeven_share": (
            "Break-even (NPV = 0) on {lever}, the other assumptions as given: {value} ({key}); the plan assumes {planned}."
        ),
        "breakeven_negative": "Negative: the other levers pay back on their own; {lever} may even worsen by that much.",
        "lever_turnover": "turnover",
        "lever_absence": "absence",
        "lever_productivity": "productivity",
        "lever_gap_closed": "the Gallup gap closed",
        "roster_head": (
            "Teams from {file}, {start} to {end} ({years}); turnover per year = leavers / average headcount "
            "(ISO 30414); voluntary = resignations; absence = working days lost / working days available."
        ),
        "roster_columns": "Team|People|Avg head|Avg FTE|Voluntary turnover|All-cause turnover|Absence|Sick reports / FTE / yr|Cost / FTE",
        "roster_enps_columns": "eNPS|eNPS interval|Answers",
        "interval": "{low} to {high}",
        "wide": " (wide)",
        "written": "Written: {file}",
        "written_teams_of": (
            " (a copy of {workbook} with these teams, the organisation's figures on Assumptions and {survey}, "
            "computed; the targets are the workbook's own: set them)"
        ),
        "written_survey": "the survey's answers",
        "written_survey_cleared": "the Survey sheet's example answers cleared",
        "survey_enps": "eNPS {enps} ({confidence} interval {low} to {high}, {answers} answers)",
        "survey_wide": "; the interval is wider than 30 points: too uncertain to compare teams",
        "survey_change": "Change: {change} points ({confidence} interval {low} to {high}): {verdict}.",
        "survey_noise_more": "more than survey noise",
        "survey_noise_not": "not distinguishable from survey noise (the interval includes 0)",
        "survey_columns": "Team|Answers|eNPS|Low|High|Interval > 30 points",
        "survey_hidden": "under {minimum} answers: not shown",
        "yes": "yes",
        "no": "no",
        # --- realised results (xlengine realised, ENG_REALISED) ---
        "realised_promised": "The case promised {promised} ({saving} a year after attribution and confidence)",
        "realised_promised_none": "The case promised no turnover or absence target",
        "realised_measured": "; measured against {comparison} comparison teams, in the {participating} participating teams {parts}",
        "realised_money": ": {money} a year at the estimate",
        "realised_roi": " (ROI {roi} on the actual cost)",
        "realised_part": "{subject} {move} ({interval})",
        "realised_interval": "{confidence}% interval {low} to {high}",
        "realised_points": "{points} points",
        "realised_down": "down {points}",
        "realised_up": "up {points}",
        "realised_fell": "fell {points}",
        "realised_rose": "rose {points}",
        "realised_and": " and ",
        "realised_clear_one": "the {subjects} effect is clear",
        "realised_clear_many": "the {subjects} effects are clear",
        "realised_unclear_one": "the {subjects} effect cannot be told from zero",
        "realised_unclear_many": "the {subjects} effects cannot be told from zero",
        "realised_plan_turnover": "voluntary turnover",
        "realised_plan_absence": "absence",
        "realised_turnover": "turnover",
        "realised_absence": "absence",
        "realised_enps": "eNPS",
    },
    "nl": {
        "problem": (
            "Het verloop is nu {turnover_before} per jaar: {leavers} vertrekkers op {headcount} FTE, elk "
            "{cost_per_leaver} om te vervangen, samen {turnover_cost} per jaar. Het verzuim is {absence_before} "
            "van de werkdagen: {sick_days} verzuimdagen van {cost_per_sick_day}, samen {absence_cost} per jaar."
        ),
        "problem_enps": " De eNPS is {enps}.",
        "intervention": (
            "Een betrokkenheidsprogramma van {one_off} eenmalig bij de start plus {annual} per jaar, over "
            "{over} samen {total_costs} (volledig belast, inclusief tijd van medewerkers)."
        ),
        "subject_turnover": "Het verloop",
        "subject_absence": "het verzuim",
        "move_same": "{subject} blijft {before}",
        "move_rise": "{subject} stijgt van {before} naar {after}",
        "move_fall": "{subject} daalt van {before} naar {after}",
        "productivity_same": "de productiviteit blijft gelijk",
        "productivity_rise": "de productiviteit stijgt met {gain}",
        "productivity_fall": "de productiviteit daalt met {gain}",
        "enps_move": "de eNPS gaat van {before} naar {after}",
        "last_of_list": " en ",
        "year1": "In jaar 1 wordt {share} van het effect bereikt.",
        "benchmark_targets": (
            " Deze doelen zijn afgeleid uit de benchmark ({source}): het beste kwartiel van teams heeft "
            "{turnover_gap} minder verloop, {absence_gap} minder verzuim en {productivity_gap} meer "
            "productiviteit dan het slechtste; wij nemen aan dat het programma {gap_closed} van dat "
            "verschil dicht. Dat is een vergelijking tussen kwartielen, geen gemeten effect van een programma."
        ),
        "outcome_turnover": "verloop",
        "outcome_absence": "verzuim",
        "evidence_target": (
            "Het doel voor het {outcome} komt uit het eigen bewijs van de organisatie (geen ingetypt doel, "
            "geen Gallup-benchmark)."
        ),
        "evidence_none_entered": "Het eigen bewijs geeft geen cijfer voor het {outcome}: de businesscase gebruikt het doel zoals ingevoerd ({key} = {value}).",
        "evidence_none_default": "Het eigen bewijs geeft geen cijfer voor het {outcome}: de businesscase gebruikt de standaardwaarde uit het register ({key} = {value}).",
        "payback_after": "terugverdiend na {months} maanden",
        "payback_after_one": "terugverdiend na {months} maand",
        "no_payback": "niet terugverdiend binnen {over}",
        "impact": (
            "Over {over} {benefits} aan baten tegen {costs} aan kosten: een netto contante waarde (NCW) van {npv} "
            "bij een disconteringsvoet van {rate}, een ROI van {roi}, een baten-kostenverhouding van {bcr}, "
            "{payback}. Voorzichtig gerekend: {attribution} van de verbetering wordt aan het programma "
            "toegeschreven en de schattingen tellen voor {confidence} mee (Phillips ROI-methodiek)."
        ),
        "uncertainty": (
            "Met 90% kans ligt de NCW tussen {p5} en {p95} (mediaan {p50}); de kans op een positieve NCW is "
            "{prob} (Monte Carlo, {draws} trekkingen, Beta-PERT-bandbreedtes, startgetal {seed}). Een "
            "stresstest, geen prognose: alle onzekere aannames tegelijk aan hun ongunstige kant geven een NCW "
            "van {stress_low}, alle tegelijk aan hun gunstige kant {stress_high}; zo'n combinatie is veel "
            "minder waarschijnlijk dan de bandbreedte van 90% hierboven."
        ),
        "uncertainty_top": " De grootste onzekerheid zit in '{label}': de NCW loopt daarmee van {low} tot {high}.",
        "enps_noise": (
            " Ook de eNPS-verandering van {change} punten wordt gemeten met een foutmarge: zelfs als alle "
            "{people} medewerkers beide metingen invullen, is de 95%-foutmarge tot ±{margin} punten (eNPS is "
            "het verschil van twee aandelen uit één steekproef); met minder antwoorden is zij groter."
        ),
        "breakeven_gap": (
            "Het programma verdient zich terug (NCW = 0) als het {share} van het Gallup-verschil dicht; de "
            "businesscase gaat uit van {planned}."
        ),
        "breakeven_fall": (
            "Met de overige aannames gelijk verdient het programma zich terug (NCW = 0) als het verloop "
            "met {points} procentpunt daalt, naar {value}; het plan gaat uit van {plan}."
        ),
        "breakeven_rise_limit": (
            "Met de overige aannames gelijk verdient het programma zich terug (NCW = 0) als het "
            "verloop met niet meer dan {points} procentpunt stijgt, naar {value}; het plan gaat uit "
            "van {plan}."
        ),
        "breakeven_not_hinge": (
            "De businesscase hangt niet van het verloop af: zelfs als het verloop met {points} "
            "procentpunt stijgt, naar {value}, verdienen verzuim en productiviteit het programma terug "
            "(NCW = 0 bij {value}; nu {today})."
        ),
        "plan_none": "geen verandering",
        "plan_fall": "een daling van {points} procentpunt",
        "plan_fall_one": "een daling van {points} procentpunt",
        "plan_rise": "een stijging van {points} procentpunt",
        "plan_rise_one": "een stijging van {points} procentpunt",
        "no_breakeven_best_gap": "het hele Gallup-verschil dichten",
        "no_breakeven_best_turnover": "een daling van het verloop naar 0%",
        "no_breakeven_on_gap": "het Gallup-verschil",
        "no_breakeven_on_turnover": "het verloop",
        "no_breakeven_not_enough": (
            "Er is geen break-even op {on}: zelfs {best} laat de NCW op {npv}; geen verbetering "
            "op dit punt alleen verdient het programma terug. Verlaag de kosten of tel andere "
            "hefbomen mee."
        ),
        "no_breakeven_always_pays": (
            "Er is geen break-even op het verloop nodig: de businesscase verdient zich terug, hoe "
            "het verloop zich ook ontwikkelt."
        ),
        "no_breakeven_cannot_fall": "Er is geen break-even op het verloop: het verloop is nu 0% en kan niet dalen.",
        "no_breakeven_worthless": (
            "Er is geen break-even: een verbetering levert in deze businesscase niets op "
            "(toerekening, betrouwbaarheid, aantal medewerkers of de bespaarde kosten zijn 0)."
        ),
        "intangibles": (
            "Niet in geld uitgedrukt, wel van belang: klantloyaliteit (het beste kwartiel scoort {loyalty} "
            "hoger, Gallup 2024), innovatie en wendbaarheid, en werkgeversreputatie. Wij noemen ze, maar "
            "tellen ze niet mee in de baten."
        ),
        "benchmark_entry": "{label} ({source}){unverified}",
        "benchmark_entry_bare": "{label}",
        "unverified": "",
        "sources_benchmarks": "Referentiecijfers uit het register: {entries}.",
        "sources_examples": "Nog voorbeeldwaarden (vervang ze door eigen cijfers): {entries}.",
        "sources_all_own": "Alle aannames zijn eigen cijfers van de organisatie, zoals ingevoerd.",
        "sources_other_own": "De overige aannames zijn eigen cijfers van de organisatie, zoals ingevoerd.",
        "simulate_head": (
            "Monte Carlo van de businesscase: {draws} trekkingen, startgetal {seed}, Beta-PERT-bandbreedtes "
            "({uncertain} onzekere aannames), {seconds} s"
        ),
        "simulate_positive": "Kans op NCW > 0: {prob}",
        "simulate_range": "Met 90% kans ligt de NCW tussen {p5} en {p95}.",
        "breakeven_rate": (
            "Break-even (NCW = 0) op {lever}, de overige aannames zoals ingevoerd: {points} procentpunt "
            "({key} = {value}); het plan gaat uit van {planned} procentpunt."
        ),
        "breakeven_share": (
            "Break-even (NCW = 0) op {lever}, de overige aannames zoals ingevoerd: {value} ({key}); het "
            "plan gaat uit van {planned}."
        ),
        "breakeven_negative": (
            "Negatief: de andere hefbomen verdienen het programma op zichzelf terug; {lever} mag zelfs zoveel verslechteren."
        ),
        "lever_turnover": "het verloop",
        "lever_absence": "het verzuim",
        "lever_productivity": "de productiviteit",
        "lever_gap_closed": "het gedichte deel van het Gallup-verschil",
        "roster_head": (
            "Teams uit {file}, {start} tot en met {end} ({years}); verloop per jaar = vertrekkers / "
            "gemiddeld aantal medewerkers (ISO 30414); vrijwillig = eigen ontslag; verzuim = verzuimde "
            "werkdagen / beschikbare werkdagen."
        ),
        "roster_columns": (
            "Team|Mensen|Gem. aantal|Gem. FTE|Vrijwillig verloop|Verloop (alle redenen)|Verzuim|"
            "Ziekmeldingen / FTE / jr|Kosten / FTE"
        ),
        "roster_enps_columns": "eNPS|eNPS-interval|Antwoorden",
        "interval": "{low} tot {high}",
        "wide": " (breed)",
        "written": "Geschreven: {file}",
        "written_teams_of": (
            " (een kopie van {workbook} met deze teams, de cijfers van de organisatie op Assumptions en "
            "{survey}, doorgerekend; de doelen zijn die van de werkmap zelf: stel ze in)"
        ),
        "written_survey": "de antwoorden van de enquête",
        "written_survey_cleared": "de voorbeeldantwoorden op het blad Survey gewist",
        "survey_enps": "eNPS {enps} ({confidence}-interval {low} tot {high}, {answers} antwoorden)",
        "survey_wide": "; het interval is breder dan 30 punten: te onzeker om teams te vergelijken",
        "survey_change": "Verandering: {change} punten ({confidence}-interval {low} tot {high}): {verdict}.",
        "survey_noise_more": "meer dan meetruis van de enquête",
        "survey_noise_not": "niet te onderscheiden van meetruis van de enquête (het interval bevat 0)",
        "survey_columns": "Team|Antwoorden|eNPS|Laag|Hoog|Interval > 30 punten",
        "survey_hidden": "minder dan {minimum} antwoorden: niet getoond",
        "yes": "ja",
        "no": "nee",
        # --- gerealiseerde resultaten (xlengine realised, ENG_REALISED) ---
        "realised_promised": "De businesscase beloofde {promised} ({saving} per jaar na toerekening en betrouwbaarheid)",
        "realised_promised_none": "De businesscase beloofde geen verloop- of verzuimdoel",
        "realised_measured": "; gemeten tegen {comparison} vergelijkingsteams lag bij de {participating} deelnemende teams {parts}",
        "realised_money": ": {money} per jaar bij de schatting",
        "realised_roi": " (ROI {roi} op de werkelijke kosten)",
        "realised_part": "{subject} {move} ({interval})",
        "realised_interval": "{confidence}%-interval {low} tot {high}",
        "realised_points": "{points} punt",
        "realised_down": "{points} lager",
        "realised_up": "{points} hoger",
        "realised_fell": "{points} lager",
        "realised_rose": "{points} hoger",
        "realised_and": " en ",
        "realised_clear_one": "{subjects}: duidelijk effect",
        "realised_clear_many": "{subjects}: duidelijk effect",
        "realised_unclear_one": "{subjects}: niet van nul te onderscheiden",
        "realised_unclear_many": "{subjects}: niet van nul te onderscheiden",
        "realised_plan_turnover": "vrijwillig verloop",
        "realised_plan_absence": "verzuim",
        "realised_turnover": "het verloop",
        "realised_absence": "het verzuim",
        "realised_enps": "de eNPS",
    },
}


def say(language: str, message: str, /, **fields: str) -> str:
    """The message ``message`` in ``language`` ("nl" or anything else: English), its fields filled in."""
    return MESSAGES[i18n.pick(language)][message].format(**fields)


def word(language: str, message: str) -> str:
    """A message without fields (a word or a fixed clause)."""
    return MESSAGES[i18n.pick(language)][message]
