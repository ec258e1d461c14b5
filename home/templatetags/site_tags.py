"""Template tags for the public site: navigation, breadcrumbs, pagination links, value formatting."""

import datetime
import functools

from django import template
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from wagtail.models import Page, Site

from home import page_cache
from home.fragments import card_picture_html, kept, row_prefix

register = template.Library()


def _site(request):
    return Site.find_for_request(request) if request is not None else None


def _url(page, request):
    return page.get_url(request=request) or ""


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The menu: live, public, ``show_in_menus`` children of the site root, in one query.

    A private child (with its own view restriction) is left out by a join in the same query,
    instead of ``.public()``, which costs a second query. The item holding the current page is
    marked: ``aria-current="page"`` when it *is* the page, ``aria-current="true"`` when the
    page lies inside its section; both get the class ``is-current``.
    """
    request = context.get("request")
    site = _site(request)
    if site is None:
        return {"items": [], "home": None}
    root = site.root_page  # select_related by Site.find_for_request: no query
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""

    def load():
        children = (
            Page.objects.child_of(root)
            .live()
            .in_menu()
            .filter(view_restrictions__isnull=True)
            .only("id", "title", "path", "depth", "url_path", "live", "show_in_menus")
            .order_by("path")
        )
        return [{"pk": c.pk, "path": c.path, "title": c.title, "url": _url(c, request)} for c in children]

    # The same for every page: kept until the menu changes (home/page_cache_signals.py).
    children = page_cache.remember(page_cache.SITE_WIDE, f"menu:{site.pk}:{request.get_host()}", load)
    items = []
    for child in children:
        is_page = current is not None and getattr(current, "pk", None) == child["pk"]
        in_section = bool(current_path) and current_path.startswith(child["path"])
        items.append(
            {
                "title": child["title"],
                "url": child["url"],
                "current": "page" if is_page else ("true" if in_section else ""),
            }
        )
    home = {
        "title": "Beranda",
        "url": _url(root, request) or "/",
        "current": "page" if current is not None and getattr(current, "pk", None) == root.pk else "",
    }
    return {"items": items, "home": home}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, extra=None):
    """Trail from the site root down to the current page, in one query; none on the home page.

    ``extra`` adds a last, current item after the page (e.g. "Arsip pengumuman" on a route of
    the page, or "Pencarian" on a view without a page).
    """
    request = context.get("request")
    site = _site(request)
    page = context.get("page")
    if site is None:
        return {"crumbs": []}
    root = site.root_page
    crumbs = []
    if isinstance(page, Page) and page.path:
        if page.pk == root.pk and not extra:
            return {"crumbs": []}
        if page.pk != root.pk:
            # The ancestors come from the tree; the page itself from the context, so that a
            # preview of an unsaved page works too.
            def load():
                ancestors = (
                    Page.objects.ancestor_of(page)
                    .filter(depth__gte=root.depth)
                    .only("id", "title", "path", "depth", "url_path", "live")
                    .order_by("path")
                )
                return [{"title": a.title, "url": _url(a, request) if a.live else ""} for a in ancestors]

            # Ancestors are the home page and listings: a change to them purges everything.
            parent_path = page.path[: -Page.steplen]
            crumbs.extend(
                dict(crumb)
                for crumb in page_cache.remember(
                    page_cache.SITE_WIDE, f"crumbs:{parent_path}:{request.get_host()}", load
                )
            )
        crumbs.append({"title": page.title, "url": _url(page, request)})
    elif extra:
        crumbs.append({"title": "Beranda", "url": _url(root, request) or "/"})
    else:
        return {"crumbs": []}
    if extra:
        crumbs.append({"title": str(extra), "url": ""})
    crumbs[-1]["current"] = True
    return {"crumbs": crumbs}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with the given parameters replaced: ``?q=pemilu&page=2``.

    A value of ``None`` or ``""`` removes the parameter. The result is not marked safe, so
    Django's autoescaping turns ``&`` into ``&amp;`` inside an ``href``.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _as_local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, datetime.date) else None


@functools.cache
def _month_names(language):
    with translation.override(language):
        return [""] + [str(name) for name in MONTHS.values()]


@register.filter
def tanggal(value):
    """A date (or a date-time, in local time) as "7 Juli 2017": ``|date:"j F Y"`` without its
    format machinery (about 20 µs a call; a DIP page has 100 of them). Anything else: ""."""
    day = _as_local_date(value)
    if day is None:
        return ""
    return f"{day.day} {_month_names(translation.get_language())[day.month]} {day.year}"


@register.filter
def iso_date(value):
    """A date (or a date-time, in local time) as "2017-07-07", for ``<time datetime>``."""
    day = _as_local_date(value)
    return day.isoformat() if day is not None else ""


@register.filter
def format_value(value):
    """A metadata value for display: dates as "7 Juli 2017", anything else unchanged."""
    if isinstance(value, datetime.date):
        return tanggal(value)
    return value


@register.filter
def model_name(value):
    """The model name of a page (``"peraturanpage"``), to pick the type-specific line."""
    # A plain Page from a search result names its specific type (content types are cached).
    model = getattr(value, "specific_class", None) or type(value)
    meta = getattr(model, "_meta", None)
    return meta.model_name if meta is not None else ""


@register.filter
def highlight(text, query):
    """``text`` escaped, with the words of ``query`` marked (search results' summaries)."""
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    escaped = escape(text or "")
    words = sorted({word for word in (query or "").split() if len(word) >= 2}, key=len, reverse=True)[:10]
    if not words:
        return escaped
    pattern = re.compile("(" + "|".join(re.escape(escape(word)) for word in words) + ")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - built from escaped text


@register.simple_tag
def card_picture(image, alt="", eager=False):
    """``<picture>`` of a card, lazy unless ``eager`` (the first card, above the fold)."""
    return card_picture_html(image, alt, eager)


@register.simple_tag(takes_context=True)
def listing_row(context, template_name, item, **arguments):
    """``{% include template_name with item=item ... only %}``, kept per version of the page.

    The row sees only ``item``, the ``arguments`` and the request (as with ``only``), so what is
    kept never depends on anything else in the page's context.
    """
    identity = (
        row_prefix(context.get("request")),
        item.pk,
        item.live_revision_id,
        item.last_published_at,
        item.url_path,
        sorted(arguments.items()),
    )
    load_page = getattr(item, "load_page", None)  # a ListingRow (home/sections.py): only if rendered
    if load_page is not None:
        return kept(
            identity, template_name, lambda: {"item": load_page(), **arguments}, context.get("request")
        )
    return kept(identity, template_name, {"item": item, **arguments}, context.get("request"))


@register.simple_tag(takes_context=True)
def kept_include(context, template_name, **values):
    """``{% include template_name with ... only %}`` for plain values (a DIP row's dict: every
    value it shows), kept under the values themselves: the same values, the same markup, so
    nothing ever needs purging."""

    def plain(value):
        if isinstance(value, dict):
            return tuple((key, plain(item)) for key, item in sorted(value.items()))
        return type(value).__name__, str(value)

    return kept((plain(values),), template_name, values, context.get("request"))
