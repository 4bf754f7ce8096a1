"""Every interface string is translatable and has an English translation that is compiled.

The .mo file is committed so that a fresh install needs no gettext tools; these tests prove it
matches the .po file and that the .po file covers every string in templates and code.
"""

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "visiespiegel"
PO = PACKAGE / "locale/en/LC_MESSAGES/django.po"
GETTEXT_NAMES = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext", "pgettext_lazy",
}  # fmt: skip
TEMPLATE_CALL = re.compile(r"""\b(?:gettext|_)\((u?"(?:[^"\\]|\\.)*"|u?'(?:[^'\\]|\\.)*')\)""")


def _template_strings() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("templates/**/*.html"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        found |= {ast.literal_eval(literal) for literal in TEMPLATE_CALL.findall(code)}
    return found


def _python_strings() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
            ):
                # pgettext(context, message): the message is the second argument.
                args = node.args[1:] if node.func.id.startswith("pgettext") else node.args
                if args and isinstance(args[0], ast.Constant):
                    found.add(args[0].value)
    return found


def test_every_string_in_templates_and_code_is_in_the_english_catalogue():
    catalogue = {entry.msgid for entry in polib.pofile(PO)}
    used = _template_strings() | _python_strings()
    # The extraction itself works: a template string, a trimmed block and a model field.
    assert {"Per thema", "Zo werkt het", "werktitel"} <= used
    assert any(s.startswith("Het kader beschrijft %(models)s modellen") for s in used)
    missing = used - catalogue
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


def test_english_translation_is_complete():
    po = polib.pofile(PO)
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert len(po.translated_entries()) > 100


def test_compiled_catalogue_matches_the_po_file():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(PO).translated_entries()}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(PO.with_suffix(".mo")) if e.msgid}
    assert mo == po, "run `make messages` to recompile the .mo file"
