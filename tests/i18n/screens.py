"""What a screen shows, and which of it is an English msgid left untranslated.

``visible_strings`` reads a response as the browser would show it: text nodes (also those inside
``<template>``, which the admin's scripts put on screen), the attributes people see or hear
(placeholder, title, aria-label, alt, tooltips), and the strings of the JSON the admin's scripts
render (the sidebar and its menus). ``english_on_screen`` returns those equal to an English msgid
of the installed packages (tests/i18n/catalogue.py) whose Indonesian is not the same word.
"""

import contextlib
import json
import re
from functools import cache

from bs4 import BeautifulSoup, Comment, NavigableString

from tests.i18n import catalogue

SHOWN_ATTRIBUTES = {
    "placeholder",
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "alt",
    "data-w-tooltip-content-value",
    "data-w-dialog-title-value",
    "data-w-swap-loading-text-value",
    "data-w-progress-active-value",
    "data-w-clipboard-message-value",
    "data-w-confirm-message-value",
    "data-w-unsaved-confirmation-value",
    "data-w-bulk-action-label-value",
    "data-label",
    "label",
}
INLINE = {"a", "b", "strong", "em", "i", "span", "time", "code", "abbr", "small", "mark"}
ADMIN_URL = re.compile(r"^/admin/")
IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")


def _norm(text):
    return " ".join(text.split())


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def parse(body):
    return BeautifulSoup(body, "html.parser")


def visible_strings(soup):
    """Every string the screen shows or reads out, whitespace collapsed."""
    found = set()
    for node in soup.find_all(string=True):
        if isinstance(node, Comment):
            continue
        parent = node.parent.name if node.parent else ""
        if parent == "script":
            if (node.parent.get("type") or "").endswith("json"):
                try:
                    # Identifiers ("images", "account") are not shown; labels are.
                    strings = (_norm(s) for s in _json_strings(json.loads(str(node))))
                    found.update(s for s in strings if not IDENTIFIER.match(s))
                except ValueError:
                    pass
            continue
        if parent in ("style", "textarea"):
            continue
        if node.parent.has_attr("data-side-panel-toggle-counter"):
            continue  # Wagtail renders Python's None there; its script puts the count of issues
        text = _norm(str(node))
        if text:
            found.add(text)
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in SHOWN_ATTRIBUTES and isinstance(value, str) and value.strip():
                found.add(_norm(value))
        buttons = ("submit", "button", "reset")
        if element.name in ("input", "button") and element.get("type") in buttons and element.get("value"):
            found.add(_norm(element["value"]))
        # A sentence made of text and inline elements ("Approved by <b>kabag</b>").
        if (
            element.name not in ("script", "style")
            and any(getattr(child, "name", None) in INLINE for child in element.children)
            and any(isinstance(child, NavigableString) and child.strip() for child in element.children)
        ):
            found.add(_norm(element.get_text(" ")))
            found.add(_norm(element.get_text("")))
    return found


def links(soup):
    """Admin URLs the screen links to: hrefs, GET forms, and URLs in the scripts' JSON (menus)."""
    urls = set()
    for element in soup.find_all("a", href=True):
        urls.add(element["href"])
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "get" and form.get("action"):
            urls.add(form["action"])
    for element in soup.find_all(True):
        for name in ("data-w-swap-src-value", "data-url", "data-chooser-url", "data-w-dialog-src-value"):
            if element.get(name):
                urls.add(element[name])
    for node in soup.find_all("script"):
        if (node.get("type") or "").endswith("json"):
            with contextlib.suppress(ValueError):
                urls.update(s for s in _json_strings(json.loads(node.string or "null")) if ADMIN_URL.match(s))
    return {url for url in urls if ADMIN_URL.match(url)}


@cache
def _untranslated():
    """(exact English strings, one regex of the msgids with placeholders) not identical in Indonesian."""
    exact, patterns = catalogue.english_patterns()
    same = catalogue.identical_in_indonesian()
    exact = exact - same
    regexes = [regex for regex, msgid in patterns.items() if msgid not in same]
    return exact, re.compile("|".join(f"(?:{regex})" for regex in regexes))


# Python's own words, printed where a value was meant to be shown ("False" for a boolean).
PYTHON_REPRS = {"True", "False", "None"}


def english_on_screen(strings):
    exact, pattern = _untranslated()
    return sorted(s for s in strings if s in exact or s in PYTHON_REPRS or pattern.fullmatch(s))
