from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

# The compliance pack for privacy officers: docs/privacy in the repository, shipped in the
# package through the link pages/data/privacy. Dutch only, like the documents they feed.
DOCUMENTS_DIR = Path(__file__).resolve().parent / "data" / "privacy"
DOCUMENTS = ("dpia", "verwerkersovereenkomst", "toegankelijkheid")


def home(request):
    return render(request, "pages/home.html")


def privacy(request):
    return render(request, "pages/privacy.html", {"contact_email": settings.CONTACT_EMAIL})


def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})


def _table_open(self, tokens, index, options, env) -> str:
    """Tables scroll in their own named region, as every data table of the app does."""
    env["tables"] = env.get("tables", 0) + 1
    label = _("Tabel %d") % env["tables"]
    return (
        f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">'
        '<table class="data-table">\n'
    )


def _table_close(self, tokens, index, options, env) -> str:
    return "</table></div>\n"


@cache
def _document(name: str) -> tuple[str, str]:
    """(title, HTML) of a document: its first heading, and the Markdown with any raw HTML
    escaped. The files ship with the package and change only with it."""
    text = (DOCUMENTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    markdown.add_render_rule("table_open", _table_open)
    markdown.add_render_rule("table_close", _table_close)
    title = text.split("\n", 1)[0].lstrip("# ").strip()
    return title, markdown.render(text)


def document(request, name: str):
    if name not in DOCUMENTS:
        raise Http404
    title, html = _document(name)
    return render(request, "pages/document.html", {"title": title, "html": html})
