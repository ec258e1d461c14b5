"""Terbit's Indonesian catalogue (locale/id/LC_MESSAGES): compiled, well formed, upstream-ready.

The .mo files are committed (a server needs no gettext to run Terbit); after editing a .po,
compile it (docs/terjemahan.md). These tests fail when a .mo is older than its .po, when a
translation loses or invents a placeholder, or when an entry is not one of the installed
packages' own msgids (the catalogue holds only upstream strings, so it can be offered upstream).
"""

import gettext
import re

import pytest

from tests.i18n import catalogue

DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_]+\}")


def project_entries(domain):
    return catalogue.parse_po(catalogue.PROJECT_PO / f"{domain}.po")


def key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_is_the_po_file(domain):
    with open(catalogue.PROJECT_PO / f"{domain}.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = project_entries(domain)
    assert entries
    stale = []
    for entry in entries:
        prefix = f"{entry['msgctxt']}\x04" if "msgctxt" in entry else ""
        if "msgid_plural" in entry:
            got = compiled._catalog.get((prefix + entry["msgid"], 0))
        else:
            got = compiled._catalog.get(prefix + entry["msgid"])
        if got != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    compiled_count = len([k for k in compiled._catalog if k != ""])
    assert not stale, (
        f"{domain}.mo is out of date with {domain}.po (recompile: docs/terjemahan.md): {stale[:10]}"
    )
    assert compiled_count == len(entries), f"{domain}.mo holds entries that {domain}.po no longer has"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_an_upstream_msgid_translated_with_its_placeholders(domain):
    sources = {
        key(entry)
        for path, entries in catalogue.source_catalogues().items()
        if path.name == f"{domain}.po"
        for entry in entries
    }
    problems, seen = [], set()
    for entry in project_entries(domain):
        msgstr = entry["msgstr"][0] if entry["msgstr"] else ""
        if key(entry) not in sources:
            problems.append(f"not a msgid of the installed packages: {entry['msgid']!r}")
        if key(entry) in seen:
            problems.append(f"twice: {entry['msgid']!r}")
        seen.add(key(entry))
        if not msgstr or "fuzzy" in entry["flags"]:
            problems.append(f"untranslated or fuzzy: {entry['msgid']!r}")
        if "msgid_plural" in entry and len(entry["msgstr"]) != 1:
            problems.append(f"Indonesian has one plural form (msgstr[0] only): {entry['msgid']!r}")
        expected = set(PLACEHOLDER.findall(entry.get("msgid_plural") or entry["msgid"]))
        if set(PLACEHOLDER.findall(msgstr)) != expected and not (
            # "1 page" / "%(count)s pages": the singular may spell the number out.
            "msgid_plural" in entry and set(PLACEHOLDER.findall(msgstr)) <= expected
        ):
            problems.append(f"placeholders differ: {entry['msgid']!r} -> {msgstr!r}")
    assert not problems, "\n".join(problems)


def test_nothing_the_installed_packages_say_is_left_in_english():
    """Every msgid of the installed apps has Indonesian (theirs or Terbit's), in both domains."""
    left = {domain: [entry["msgid"] for _path, entry in catalogue.missing(domain)] for domain in DOMAINS}
    assert left == {"django": [], "djangojs": []}
