"""The listings every installation needs, one per material type of the SOP, and the DIP."""

from wagtail.models import Site

from home.models import HomePage

from . import catalogue
from .models import DaftarInformasiPublikPage

# (model, title, slug, intro), in menu order: one listing per material type (news/catalogue.py),
# then the DIP.
LISTINGS = catalogue.listings() + (
    (
        DaftarInformasiPublikPage,
        "Daftar Informasi Publik",
        "daftar-informasi-publik",
        "Daftar seluruh informasi publik yang dikuasai KPU Provinsi Banten menurut Undang-Undang "
        "Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik, dikelompokkan per kategori.",
    ),
)


def default_home():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        raise LookupError(
            "Situs bawaan dengan halaman Beranda belum ada: jalankan `manage.py migrate` dahulu."
        )
    return site.root_page.specific


def ensure_listings(home=None):
    """Create any missing listing under the home page; return {model: listing page}."""
    home = home or default_home()
    listings = {}
    for model, title, slug, intro in LISTINGS:
        page = model.objects.child_of(home).first()
        if page is None:
            page = home.add_child(
                instance=model(title=title, slug=slug, intro=f"<p>{intro}</p>", show_in_menus=True)
            )
            page.save_revision().publish()
        listings[model] = page
    return listings
