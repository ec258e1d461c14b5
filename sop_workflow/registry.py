"""The engine's front door: the page types the SOP governs, registered by the content app.

A content app registers each of its governed page types once, from its ``AppConfig.ready()``
(Terbit: news/sop.py)::

    from sop_workflow import registry

    registry.register(
        PengumumanPage,
        label="Pengumuman",
        parent=lambda: PengumumanIndexPage.objects.first(),
    )

The engine asks the registry, never the content app's modules: which workflow a type follows
(``path``: the full SOP, steps 4-7, or the short path straight to Web Admin), which clock times
it (``clock``), where a new draft made from a register entry goes (``parent``), which fields
it takes from the entry (``prefill``), which library files a draft uses (``attachments`` and
``lead_image``) and what refuses its publication (``publish_blockers``). The register of
incoming material stores the type as a ContentType; forms, filters and reports use the
registered ``key`` (the model name, e.g. ``pengumumanpage``).
"""

import dataclasses
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

FULL = "full"  # steps 4-7: Kasubag checks, Kabag approves, Web Admin documents and publishes
SHORT = "short"  # straight to Web Admin (steps 6-7), e.g. Berita KPU
PATHS = (FULL, SHORT)

OFFICE = "office"  # office hours and working days (clock.OfficeCalendar)
WALL = "wall"  # around the clock (clock.WallClock)
CLOCKS = (OFFICE, WALL)


def no_prefill(surat):
    """Only the title, from the entry's subject."""
    return {"title": surat.perihal}


def no_attachments(page):
    return set()


def no_lead_image(page):
    return None


@dataclasses.dataclass(frozen=True)
class GovernedType:
    model: type
    label: str
    parent: Callable  # () -> the page new drafts are created under; may raise SOPRefusal
    path: str = FULL
    clock: str = OFFICE
    prefill: Callable = no_prefill  # (surat) -> {field name: value} for a new draft
    attachments: Callable = no_attachments  # (page) -> ids of the documents the page attaches
    lead_image: Callable = no_lead_image  # (page) -> id of the page's lead image, or None
    publish_blockers: tuple = ()  # each (page) -> refusal message or None; checked on approval
    path_note: str = ""  # the timeline's note where the short path skips steps 4-5

    @property
    def key(self):
        return self.model._meta.model_name

    @property
    def short_path(self):
        return self.path == SHORT

    @property
    def wall_clock(self):
        return self.clock == WALL

    def content_type(self):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(self.model)

    def blocker(self, page):
        """The first refusal of this type's publish blockers for ``page``, or None."""
        for check in self.publish_blockers:
            message = check(page)
            if message:
                return message
        return None


_types = {}  # key -> GovernedType, in registration order
_setup_hooks = []


def register(
    model,
    *,
    label,
    parent,
    path=FULL,
    clock=OFFICE,
    prefill=None,
    attachments=None,
    lead_image=None,
    publish_blockers: Iterable = (),
    path_note="",
):
    """Govern ``model`` (a concrete Page subclass) by the SOP; returns its ``GovernedType``."""
    if path not in PATHS:
        raise ImproperlyConfigured(f"SOP path of {model.__name__} must be one of {PATHS}, not {path!r}.")
    if clock not in CLOCKS:
        raise ImproperlyConfigured(f"Clock of {model.__name__} must be one of {CLOCKS}, not {clock!r}.")
    governed = GovernedType(
        model=model,
        label=label,
        parent=parent,
        path=path,
        clock=clock,
        prefill=prefill or no_prefill,
        attachments=attachments or no_attachments,
        lead_image=lead_image or no_lead_image,
        publish_blockers=tuple(publish_blockers),
        path_note=path_note or f"{label} langsung ke Web Admin (SOP langkah 7).",
    )
    existing = _types.get(governed.key)
    if existing is not None and existing.model is not model:
        raise ImproperlyConfigured(
            f"Two governed page types share the key {governed.key!r}: {existing.model} and {model}."
        )
    _types[governed.key] = governed
    return governed


def unregister(model):
    _types.pop(model._meta.model_name, None)


def register_setup(hook):
    """``hook()`` runs in ``manage.py setup_sop`` (and the tests' site set-up) before the roles
    are granted; it returns the pages (listings) under which the roles get page permissions."""
    if hook not in _setup_hooks:
        _setup_hooks.append(hook)
    return hook


def run_setup():
    pages = []
    for hook in _setup_hooks:
        pages.extend(hook())
    return pages


def governed_types():
    return list(_types.values())


def models():
    return [governed.model for governed in _types.values()]


def keys():
    return list(_types)


def choices():
    """(key, label) pairs for forms and filters, in registration order."""
    return [(key, governed.label) for key, governed in _types.items()]


def get(what):
    """The ``GovernedType`` of a key, a model (or its instance) or a ContentType; else None."""
    if what is None:
        return None
    if isinstance(what, str):
        return _types.get(what)
    from django.contrib.contenttypes.models import ContentType

    if isinstance(what, ContentType):
        key = what.model
        governed = _types.get(key)
        return governed if governed is not None and governed.model._meta.app_label == what.app_label else None
    model = what if isinstance(what, type) else type(what)
    specific_class = getattr(what, "specific_class", None)
    if specific_class is not None and not isinstance(what, type):
        model = specific_class
    governed = _types.get(model._meta.model_name)
    return governed if governed is not None and governed.model is model else None


def is_governed(what):
    """True for a governed page type, its instance (generic or specific) or its ContentType."""
    return get(what) is not None


def label(key):
    governed = _types.get(key)
    return governed.label if governed is not None else key


def content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*models()).values()]
