"""A public site of a chosen size for the benchmarks, built fast with bulk inserts.

    .venv/bin/python bench/seed.py --items 10000 [--reseed]

Uses its own database: bench/site-bench.sqlite3, or $BENCH_DATABASE_URL (PostgreSQL). The
items are spread over the six material types (live, public, dated over three years, Berita with
tags and one of twelve photos), then put into the search index. Other bench scripts import
``prepare(items)``.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'site-bench.sqlite3'}"
)
DB_FILE = ROOT / "bench" / "site-bench.sqlite3"

import django  # noqa: E402

django.setup()

from bulk import insert_pages  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from home.demo_files import image_bytes  # noqa: E402
from home.models import Gambar  # noqa: E402
from news import models as news  # noqa: E402
from news.structure import default_home, ensure_listings  # noqa: E402

TOPICS = [
    "pemutakhiran data pemilih",
    "rekapitulasi hasil penghitungan suara",
    "pencalonan anggota DPRD",
    "kampanye pemilihan gubernur",
    "logistik pemungutan suara",
    "seleksi anggota PPK dan PPS",
    "sosialisasi pemilih pemula",
    "laporan dana kampanye",
    "penetapan daftar pemilih tetap",
    "tata kerja rapat pleno",
]
TAGS = ["pleno", "sosialisasi", "rekapitulasi", "pemutakhiran", "bimtek", "humas", "pilkada", "logistik"]


def fields_for(model, n, rng, day, jenis, photos):
    topic = TOPICS[n % len(TOPICS)]
    common = {
        "tanggal": day,
        "ringkasan": f"Informasi tentang {topic} di Provinsi Banten, nomor uji {n}.",
        "unit_penanggung_jawab": "Bagian Hukum, Teknis dan Hupmas",
    }
    if model is news.PeraturanPage:
        return common | {
            "jenis_id": jenis[n % len(jenis)].pk,
            "nomor": str(n),
            "tahun": day.year,
            "tentang": topic.capitalize(),
            "tanggal_penetapan": day,
            "penandatangan": "Ketua KPU Provinsi Banten",
            "status": "berlaku" if n % 7 else "tidak_berlaku",
        }
    if model is news.SuratEdaranPage:
        return common | {
            "nomor": f"{n}/PP.01-SD/36/{day.year}",
            "tanggal_surat": day,
            "perihal": topic.capitalize(),
            "ditujukan_kepada": "Ketua KPU Kabupaten/Kota se-Provinsi Banten",
        }
    if model is news.JuknisPage:
        return common | {
            "nomor": str(n),
            "tahun": day.year,
            "tentang": topic.capitalize(),
            "tahapan_pemilu": "umum",
        }
    if model is news.LaporanKeuanganPage:
        return common | {
            "tahun_anggaran": day.year,
            "periode": rng.choice(["tw1", "tw2", "tw3", "tw4", "sem1", "sem2", "tahunan"]),
            "jenis_laporan": rng.choice(["lra", "neraca", "lo", "calk"]),
        }
    body = [("paragraf", f"<p>{topic.capitalize()}: isi uji nomor {n}. " + "Kalimat isi. " * 40 + "</p>")]
    if model is news.PengumumanPage:
        valid = day + datetime.timedelta(days=rng.randrange(-30, 400))
        return common | {"nomor": f"{n}/PU/{day.year}", "isi": body, "berlaku_sampai": valid}
    return common | {"isi": body, "gambar_utama_id": photos[n % len(photos)].pk, "byline": "Tim Humas"}


@transaction.atomic
def seed(items):
    rng = random.Random(2017)  # noqa: S311 - repeatable test data
    call_command("setup_sop", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = default_home()
    listings = ensure_listings(home)
    jenis = [
        news.JenisPeraturan.objects.get_or_create(nama=name, defaults={"singkatan": short})[0]
        for name, short in [("Peraturan KPU", "PKPU"), ("Keputusan KPU Provinsi Banten", "Kpt")]
    ]
    photos = [
        Gambar.objects.create(
            title=f"Foto uji {n}",
            description=f"Kegiatan uji {n}",
            file=ImageFile(io.BytesIO(image_bytes(f"Foto {n}", size=(1600, 900))), name="foto.jpg"),
        )
        for n in range(12)
    ]
    locale = Locale.get_default()
    now = timezone.now()
    per_type = dict.fromkeys(news.PUBLICATION_TYPES, items // 6)
    per_type[news.BeritaPage] += items - sum(per_type.values())
    index_by_model = {
        index.child_model: index for index in listings.values() if hasattr(index, "child_model")
    }
    created = {}
    for model, count in per_type.items():
        listing = index_by_model[model]
        content_type = ContentType.objects.get_for_model(model)
        start = listing.numchild
        pages = []
        for n in range(count):
            day = datetime.date(2024, 1, 1) + datetime.timedelta(days=(n * 1096) // max(count, 1))
            slug = f"uji-{model._meta.model_name}-{n}"
            title = f"{model._meta.verbose_name.capitalize()} {TOPICS[n % len(TOPICS)]} {n}"
            page = model(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                depth=listing.depth + 1,
                path=Page._get_path(listing.path, listing.depth + 1, start + n + 1),
                numchild=0,
                url_path=f"{listing.url_path}{slug}/",
                **fields_for(model, n, rng, day, jenis, photos),
            )
            pages.append(page)
        insert_pages(model, listing, pages)
        created[model] = pages
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS]
    news.BeritaTag.objects.bulk_create(
        [
            news.BeritaTag(content_object_id=page.pk, tag=tags[(n + k) % len(tags)])
            for n, page in enumerate(created[news.BeritaPage])
            for k in range(2)
        ],
        batch_size=1000,
    )
    return created


def index(created):
    backend = get_search_backend()
    for model, pages in created.items():
        objects = list(model.objects.filter(pk__in=[p.pk for p in pages]))
        for batch in range(0, len(objects), 1000):
            backend.add_bulk(model, objects[batch : batch + 1000])


def prepare(items, reseed=False):
    """Migrate and seed the bench database once (again with ``reseed``); returns its size."""
    if reseed and DB_FILE.exists() and "BENCH_DATABASE_URL" not in os.environ:
        DB_FILE.unlink()
        connection.close()
    call_command("migrate", verbosity=0)
    existing = sum(model.objects.filter(slug__startswith="uji-").count() for model in news.PUBLICATION_TYPES)
    if existing == 0:
        began = time.perf_counter()
        created = seed(items)
        seeded = time.perf_counter() - began
        index(created)
        call_command("analyze_database", verbosity=0)  # as after any bulk import (docs/konfigurasi.md)
        print(
            f"seeded {items} items in {seeded:.1f} s, indexed in {time.perf_counter() - began - seeded:.1f} s"
        )
        existing = items
    elif existing != items:
        print(f"note: the bench database holds {existing} items (use --reseed for {items})")
    return existing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    count = prepare(args.items, args.reseed)
    print(f"{connection.vendor}: {count} published items")


if __name__ == "__main__":
    main()
