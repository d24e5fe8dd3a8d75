"""The headers HR systems and survey tools give each field, in English and Dutch, and the
fields each export must have: the table :mod:`.hr_import` finds its columns by."""

from __future__ import annotations


# canonical column -> headers accepted (normalised: lower case, spaces/dashes/dots -> _)
EMPLOYEE_COLUMNS = {
    "employee": (
        "employee_id",
        "employee",
        "employee_number",
        "personnel_number",
        "id",
        "personeelsnummer",
        "medewerkernummer",
        "medewerker_id",
        "personeelsnr",
        "registratienummer",
    ),
    "team": (
        "team",
        "afdeling",
        "department",
        "dept",
        "team_name",
        "teamnaam",
        "unit",
        "organisatie_eenheid",
        "organisatieonderdeel",
        "kostenplaats_omschrijving",
    ),
    "start": (
        "start_date",
        "start",
        "hire_date",
        "date_of_hire",
        "date_hired",
        "datum_in_dienst",
        "in_dienst",
        "indienst",
        "startdatum",
        "datum_indiensttreding",
        "ingangsdatum",
    ),
    "end": (
        "end_date",
        "end",
        "termination_date",
        "leave_date",
        "leaving_date",
        "date_left",
        "datum_uit_dienst",
        "uit_dienst",
        "uitdienst",
        "einddatum",
        "datum_uitdiensttreding",
    ),
    "reason": (
        "reason",
        "reason_for_leaving",
        "leaving_reason",
        "termination_reason",
        "reden_vertrek",
        "reden_uit_dienst",
        "vertrekreden",
        "reden_einde_dienstverband",
        "reden",
    ),
    "fte": ("fte", "fte_factor", "deeltijdfactor", "parttime_factor", "part_time_factor"),
    "employer_cost": (
        "employer_cost",
        "annual_employer_cost",
        "employer_cost_per_year",
        "werkgeverslasten",
        "loonkosten",
        "kosten_werkgever",
        "jaarlijkse_werkgeverslasten",
    ),
}


EMPLOYEE_REQUIRED = ("employee", "team", "start", "end", "fte")


SICK_COLUMNS = {
    "employee": EMPLOYEE_COLUMNS["employee"],
    "start": (
        "start_date",
        "start",
        "sick_from",
        "first_day",
        "begin",
        "datum_ziekmelding",
        "ziekmelding",
        "ziek_vanaf",
        "eerste_ziektedag",
        "startdatum",
        "begindatum",
    ),
    "end": (
        "end_date",
        "end",
        "sick_to",
        "recovery_date",
        "return_date",
        "datum_herstel",
        "hersteldatum",
        "hersteld_op",
        "herstelmelding",
        "einddatum",
    ),
    "share": (
        "percentage",
        "percentage_sick",
        "sick_percentage",
        "pct",
        "share",
        "verzuimpercentage",
        "percentage_ziek",
        "ziektepercentage",
        "arbeidsongeschiktheidspercentage",
    ),
}


SICK_REQUIRED = ("employee", "start", "end")


SURVEY_COLUMNS = {
    "score": ("score", "answer", "enps", "enps_score", "recommend", "antwoord", "score_enps", "aanbeveling", "cijfer"),
    "team": EMPLOYEE_COLUMNS["team"],
}


SURVEY_REQUIRED = ("score",)
