"""The catalogue of material types: what each type of publication is, declared once, on its page.

Every concrete publication page class declares a :class:`MaterialType` as its ``material``
class attribute (``news/models/*.py``); its listing page names it as ``child_model``. Every list
of the material types is derived from here: the publication types (search, feeds, DIP, the
engine's registration in ``news/sop.py``), the listings created under the home page, the
search filter's ``?jenis=`` values, the DIP's labels and default retention, the retention rows'
choices. A new type is one class with its ``material`` (and its listing): nothing else to edit.

Nothing here imports ``news.models``: the page classes register themselves as they are defined
(``BasePublikasiPage.__init_subclass__`` / ``BaseIndexPage.__init_subclass__``).
"""

from dataclasses import dataclass

SOP_PATHS = ("full", "short")
CLOCKS = ("office", "wall")


@dataclass(frozen=True)
class MaterialType:
    """One material type of the SOP (step 4's list), as the site and the engine see it."""

    label: str  # the type's name in the DIP, the register and the report ("Juknis/Juklak")
    listing_slug: str  # the URL slug of that listing ("surat-edaran")
    listing_intro: str  # the listing's first intro text (created once, edited in the admin)
    search_slug: str  # the search filter's ?jenis= value
    retention_form: str  # the DIP's default "bentuk informasi" (a BentukInformasi value)
    retention_period: str  # the DIP's default "jangka waktu penyimpanan"
    menu_order: int  # the order of the menu, the search filter and every list of the types
    listing_title: str = ""  # the title of its listing page under the home page (else: label)
    sop_path: str = "full"  # "full": the SOP's steps 4-7; "short": handed to Web Admin (Berita)
    clock: str = "office"  # "office": working hours and holidays; "wall": the wall clock
    dip_place_field: str = ""  # the type's own field for the DIP's "tempat" (else the DIP page's)
    on_home_page: bool = True  # its newest items among the home page's documents
    sop_order: int = 1000  # the order of the SOP's step 4 list: the register's choices, the report

    def __post_init__(self):
        if not self.listing_title:
            object.__setattr__(self, "listing_title", self.label)
        if self.sop_path not in SOP_PATHS:
            raise ValueError(f"sop_path must be one of {SOP_PATHS}, not {self.sop_path!r}")
        if self.clock not in CLOCKS:
            raise ValueError(f"clock must be one of {CLOCKS}, not {self.clock!r}")


_types = []  # the page classes that declare a material type, as they are defined
_listings = {}  # page class -> its listing page class


def register_type(model):
    """Called by ``BasePublikasiPage.__init_subclass__`` for a class that declares ``material``."""
    if not isinstance(model.__dict__.get("material"), MaterialType):
        raise TypeError(f"{model.__name__}.material must be a MaterialType")
    if model not in _types:
        _types.append(model)


def register_listing(listing_model):
    """Called by ``BaseIndexPage.__init_subclass__`` for a listing that names its ``child_model``."""
    _listings[listing_model.__dict__["child_model"]] = listing_model


def publication_types():
    """The page classes of the material types, in menu order (a tuple)."""
    return tuple(sorted(_types, key=lambda model: model.material.menu_order))


def sop_types():
    """The page classes in the order of the SOP's step 4 list (the register, the report)."""
    return tuple(sorted(publication_types(), key=lambda model: model.material.sop_order))


def listing_of(model):
    """The listing page class of a material type's page class."""
    return _listings[model]


def by_model_name():
    """{model_name: page class}: how the DIP's retention rows and the register name a type."""
    return {model._meta.model_name: model for model in publication_types()}


def by_search_slug():
    """{?jenis= value: page class}, in menu order."""
    return {model.material.search_slug: model for model in publication_types()}


def retention_choices():
    """The choices of RetensiInformasi.jenis (a callable: a new type needs no migration)."""
    return [(model._meta.model_name, model.material.label) for model in publication_types()]


def labels():
    """{model_name: label}."""
    return {name: model.material.label for name, model in by_model_name().items()}


def default_retention():
    """{model_name: (retention form, retention period)}: the DIP's defaults."""
    return {
        name: (model.material.retention_form, model.material.retention_period)
        for name, model in by_model_name().items()
    }


def listings():
    """(listing page class, title, slug, intro) per type, in menu order."""
    return tuple(
        (
            listing_of(model),
            model.material.listing_title,
            model.material.listing_slug,
            model.material.listing_intro,
        )
        for model in publication_types()
    )
