"""What the command line says around the figures: help, a mistyped key, where files go,
the language and the number format of every table."""

import argparse

import pytest

from xlengine import cli, resources


def run(capsys, *argv):
    code = cli.main([str(x) for x in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- help ---------------------------------------------------------------------------------

def _subcommands():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub


def test_every_subcommand_has_a_line_in_the_main_help_and_a_description():
    parser, sub = _subcommands()
    listed = {a.dest: a.help for a in sub._choices_actions}
    assert set(listed) == set(sub.choices) and len(listed) >= 16
    main_help = parser.format_help()
    for name, command in sub.choices.items():
        assert listed[name] and listed[name].strip(), name
        assert command.description == listed[name], name
        assert listed[name].split()[0] in main_help


def test_every_option_of_every_subcommand_has_help_text():
    _, sub = _subcommands()
    missing = [f"{name} {'/'.join(a.option_strings) or a.dest}"
               for name, command in sub.choices.items() for a in command._actions
               if not isinstance(a, argparse._HelpAction) and not (a.help and a.help.strip())]
    assert missing == []


def test_language_is_offered_wherever_text_or_tables_are_printed():
    _, sub = _subcommands()
    for name in ("demo", "case", "compute", "simulate", "scenarios", "sensitivity", "breakeven", "story", "teams",
                 "roster", "survey", "evidence"):
        options = {o for a in sub.choices[name]._actions for o in a.option_strings}
        assert "--language" in options, name


# --- a mistyped key ------------------------------------------------------------------------

def test_a_mistyped_key_in_a_case_file_points_to_the_register_and_the_nearest_key(tmp_path, capsys):
    f = tmp_path / "case.csv"
    f.write_text("turnover_befor,12%\n", encoding="utf-8")
    for command in ("case", "simulate", "story"):
        code, out, err = run(capsys, command, f)
        assert (code, out) == (2, "")
        assert err == ("xlengine: 'turnover_befor' is not a known assumption: did you mean turnover_before? "
                       "Every key is listed in xlengine's docs/register.md.\n")
    f.write_text("zzz,1\n", encoding="utf-8")  # nothing near it
    code, _, err = run(capsys, "case", f)
    assert code == 2 and err == "xlengine: 'zzz' is not a known assumption: every key is listed in xlengine's docs/register.md.\n"


def test_the_workbook_keeps_its_own_hint():
    from xlengine.engine import validate

    with pytest.raises(validate.UnknownAssumption) as e:
        validate.assumptions({"head_count": 1})
    assert str(e.value) == "'head_count' is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(), e.g. headcount."


# --- template without -o ---------------------------------------------------------------------

def test_template_without_o_writes_the_users_workbook_into_the_current_folder(tmp_path, monkeypatch, capsys):
    shipped = resources.path_of(resources.TEMPLATE)
    before = (shipped.stat().st_mtime_ns, shipped.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "template")
    assert (code, out) == (0, f"Wrote {tmp_path / 'my_business_case.xlsm'}\n")
    code, out, _ = run(capsys, "template")  # the next free name: nothing is replaced
    assert (code, out) == (0, f"Wrote {tmp_path / 'my_business_case (2).xlsm'}\n")
    assert (shipped.stat().st_mtime_ns, shipped.read_bytes()) == before
