"""The English source strings of the installed packages and Terbit's Indonesian catalogue.

The check of the admin (tests/i18n/test_admin_in_indonesian.py) fails on any text on screen that
is one of the English msgids of Wagtail, wagtail-modeladmin, Django and the other dependencies,
left untranslated. The msgids are read from the packages' own .po files (their ``en`` catalogue,
which holds every source string, or any catalogue when a package ships no ``en``).
"""

import ast
import html
import re
from functools import cache
from pathlib import Path

# Packages whose strings can reach an admin screen (their locale folders, relative to the package).
PACKAGES = (
    "wagtail",
    "wagtail_modeladmin",
    "django",
    "taggit",
    "axes",
    "django_filters",
)
# Apps of those packages that are not installed here: their strings never show.
NOT_INSTALLED = (
    "wagtail/contrib/simple_translation",
    "wagtail/contrib/search_promotions",
    "wagtail/contrib/styleguide",
    "wagtail/contrib/typed_table_block",
    "wagtail/locales",
    "django/contrib/admin",
    "django/contrib/admindocs",
    "django/contrib/flatpages",
    "django/contrib/gis",
    "django/contrib/postgres",
    "django/contrib/redirects",
    "django/contrib/sites",
)

PROJECT_PO = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def parse_po(path):
    """Entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    entries, entry, field = [], None, None

    def start():
        nonlocal entry
        if entry is not None and "msgid" in entry:
            entries.append(entry)
        entry = {"flags": set(), "msgstr": []}

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if entry is None or "msgid" in entry:
                start()
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += value
            else:
                entry[field[0]] += value
            continue
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and (entry is None or "msgid" in entry):
            start()
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            while len(entry["msgstr"]) <= index:
                entry["msgstr"].append("")
            entry["msgstr"][index] = value
            field = ("msgstr", index)
        else:
            entry[keyword] = value
            field = (keyword,)
    start()
    return [e for e in entries if e["msgid"]]


def _package_dirs():
    import importlib

    for name in PACKAGES:
        root = Path(importlib.import_module(name).__file__).parent
        yield name, root


@cache
def source_catalogues():
    """{.po path of the English sources: [entries]} for every installed app of PACKAGES."""
    found = {}
    for _name, root in _package_dirs():  # noqa: B007
        for locale_dir in sorted(root.rglob("locale")):
            relative = locale_dir.relative_to(root).as_posix()
            where = f"{_name}/{relative}"
            if where.startswith(NOT_INSTALLED) or "/tests/" in where or "/test/" in where:
                continue
            for domain in ("django", "djangojs"):
                english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
                candidates = (
                    [english] if english.exists() else sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
                )
                if candidates:
                    found[candidates[0]] = parse_po(candidates[0])
    return found


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_]*\}")


def _plain(text):
    """A msgid as the screen shows it: tags removed, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).split())


@cache
def english_patterns():
    """(exact strings, regexes) of every English msgid (and plural) a screen could show."""
    exact, patterns = set(), {}
    for entries in source_catalogues().values():
        for entry in entries:
            for msgid in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
                text = _plain(msgid)
                words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub(" ", text))
                if not words:
                    continue
                if PLACEHOLDER.search(text):
                    parts = PLACEHOLDER.split(text)
                    if not any(re.search(r"[A-Za-z]{3,}", part) for part in parts):
                        continue
                    regex = "".join(
                        re.escape(part) + ("" if i == len(parts) - 1 else ".+?")
                        for i, part in enumerate(parts)
                    )
                    patterns[regex] = msgid
                else:
                    exact.add(text)
    return exact, patterns


def _key(entry):
    msgid = entry["msgid"]
    return f"{entry['msgctxt']}\x04{msgid}" if "msgctxt" in entry else msgid


def active_catalogue(domain="django"):
    """Indonesian as Django serves it (LOCALE_PATHS first, then the apps, then Django's own)."""
    from django.utils.translation import trans_real

    if domain == "django":
        return trans_real.translation("id")._catalog
    import importlib

    from django.views.i18n import JavaScriptCatalog

    view = JavaScriptCatalog(packages=["wagtail.admin"])
    paths = [Path(importlib.import_module("wagtail.admin").__file__).parent / "locale"]
    view.translation = trans_real.DjangoTranslation("id", domain="djangojs", localedirs=paths)
    return view.translation._catalog


def translation_of(entry, catalogue):
    """The Indonesian of a source entry (its singular), or None when it has none."""
    key = _key(entry)
    value = catalogue.get((key, 0)) if "msgid_plural" in entry else catalogue.get(key)
    return value or None


def missing(domain="django"):
    """Source entries (of ``domain``) that Django would show in English."""
    catalogue = active_catalogue(domain)
    seen, result = set(), []
    for path, entries in source_catalogues().items():
        if not path.name.startswith(domain + "."):
            continue
        for entry in entries:
            key = (_key(entry), entry.get("msgid_plural"))
            if key in seen or translation_of(entry, catalogue):
                continue
            seen.add(key)
            result.append((path, entry))
    return result


def _po_string(keyword, value):
    return f"{keyword} " + '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def skeleton(domain="django"):
    """A .po fragment of every msgid still in English, to translate and append to the catalogue."""
    lines = []
    for path, entry in missing(domain):
        lines.append(f"#: {path.as_posix().split('site-packages/')[-1]}")
        if "msgctxt" in entry:
            lines.append(_po_string("msgctxt", entry["msgctxt"]))
        lines.append(_po_string("msgid", entry["msgid"]))
        if "msgid_plural" in entry:
            lines.append(_po_string("msgid_plural", entry["msgid_plural"]))
            lines.append(_po_string("msgstr[0]", ""))
        else:
            lines.append(_po_string("msgstr", ""))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # .venv/bin/python -m tests.i18n.catalogue [djangojs]
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    print(skeleton(sys.argv[1] if len(sys.argv) > 1 else "django"))


@cache
def identical_in_indonesian():
    """msgids whose Indonesian is the same word ("Status", "Email", "URL"): not a leftover."""
    same = set()
    for path, entries in source_catalogues().items():
        active = active_catalogue("djangojs" if path.name.startswith("djangojs") else "django")
        for entry in entries:
            if translation_of(entry, active) == entry["msgid"]:
                same.add(entry["msgid"])
                same.add(_plain(entry["msgid"]))
    return same
