"""Titles and slugs of the SOP's material types in the editor (issue #17, item 7).

The slug follows a corrected title until the first publication
--------------------------------------------------------------
Wagtail 8 fills the slug from the title when a page is created, and its editor keeps them in
step afterwards only while the page is not live, only in the browser, and only as long as the
slug field still matches the title there. Here, for a page never published
(``first_published_at`` is None), the server makes the slug follow the title on every save
from the editor (draft, autosave, submission, a reviewer's action), whatever the client sent:

- a slug *derived from a title* is the title slugified (Django's ``slugify``; Wagtail's browser
  code gives the same for ordinary titles), possibly cut at 80 characters (drafts made from the
  register, ``sop_workflow.intake.create_draft``) or at ``MAX_BASE`` (255: the field), possibly
  followed by ``-<n>`` (``find_available_slug``'s way of making it unique);
- when the title changes and the page kept a slug derived from its old title (or none), the
  slug becomes the new title's, made unique among its siblings with ``find_available_slug``;
- a slug derived from the new title that a sibling already holds is made unique the same way
  (the browser copies the title without asking the server), instead of failing the save;
- any other slug was chosen by a person: it is kept, as it is when it is typed together with a
  new title.

Once published, the slug is never changed here: the public address stays (a page withdrawn
later keeps it too). ``TitlePanel`` therefore also stops the browser's copying once the page
has been published, where Wagtail stops it only while the page is live.

Long titles
-----------
``TitlePanel`` shows the title in a text area that grows with it (Wagtail's auto-height
widget, which its title styles already cover), so a title of 200 characters wraps and is read
whole instead of scrolling in a one-line input. A title is one line: whitespace, including a
line break typed into the text area, is collapsed to single spaces on save (``one_line``).
"""

import re

from django.utils.text import slugify
from wagtail.admin.panels import TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.coreutils import find_available_slug

MAX_BASE = 240  # room for find_available_slug's "-<n>" within the field's 255 characters
CUTS = (80, MAX_BASE, 255)
SUFFIX = re.compile(r"-\d+$")


def one_line(title):
    return " ".join((title or "").split())


def title_slug(title):
    return slugify(title)[:MAX_BASE].strip("-")


def derived_from(slug, title):
    """Whether ``slug`` is what the site or the browser makes of ``title`` (see above)."""
    full = slugify(title)
    if not full or not slug:
        return False
    candidates = {full} | {full[:cut].strip("-") for cut in CUTS}
    return slug in candidates or SUFFIX.sub("", slug) in candidates


def follow_title(form):
    """Set ``form.cleaned_data["slug"]`` as described above; called before the form's checks,
    while ``form.instance`` still holds the page as it was (its latest revision)."""
    data = form.cleaned_data
    page = form.instance
    if "title" in data:
        data["title"] = one_line(data["title"])
    if (
        not page.pk
        or page.first_published_at is not None
        or form.parent_page is None
        or "title" not in data
        or "slug" not in data
    ):
        return
    new_title, sent = data["title"], data["slug"]
    base = title_slug(new_title)
    if not base:
        return
    title_changed = new_title != one_line(page.title)
    kept_derived = sent in ("", page.slug) and (not page.slug or derived_from(page.slug, page.title))
    if not (derived_from(sent, new_title) or (title_changed and kept_derived)):
        return  # a slug a person chose
    siblings = form.parent_page.get_children().exclude(pk=page.pk)
    if derived_from(sent, new_title) and not siblings.filter(slug=sent).exists():
        return  # already the new title's, and free
    data["slug"] = find_available_slug(form.parent_page, base, ignore_page_id=page.pk)


class TitlePanel(TitleFieldPanel):
    """The title of the SOP's types: grows to show a long title whole; the browser copies it
    into the slug until the page is first published (see the module's docstring)."""

    def __init__(self, field_name="title", **kwargs):
        kwargs.setdefault("widget", AdminAutoHeightTextInput())
        super().__init__(field_name, **kwargs)

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            instance = self.instance
            if instance is not None and getattr(instance, "first_published_at", None) is not None:
                return False
            return super().get_should_apply()
