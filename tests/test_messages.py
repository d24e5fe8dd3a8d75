"""The message catalogue: every sentence in both languages, with the same fields."""

import ast
import string

from xlengine.decision import messages, story


def _fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_message_with_the_same_fields():
    en, nl = messages.MESSAGES["en"], messages.MESSAGES["nl"]
    assert set(en) == set(nl)
    assert {k: _fields(v) for k, v in en.items()} == {k: _fields(v) for k, v in nl.items()}


def test_the_story_holds_no_prose_of_its_own():
    # Sentences live in the catalogue: no string in story.py's code (docstrings aside) reads as prose.
    tree = ast.parse(open(story.__file__, encoding="utf-8").read())
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    literals = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    assert literals and [t for t in literals if len(t.split()) > 2] == []


def test_say_fills_the_fields():
    assert messages.say("en", "payback_after", months="12.9") == "payback after 12.9 months"
    assert messages.say("nl", "payback_after", months="12,9") == "terugverdiend na 12,9 maanden"
    assert messages.say("fr", "plan_none") == "no change"  # anything but nl is English
