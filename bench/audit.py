"""Lighthouse scores (accessibility, SEO, best practices) of the public pages, on the demo content.

    make audit            # = make setup audit-deps, then this script

Serves the local database (`make setup`'s demo content) with `runserver` on 127.0.0.1, runs
Lighthouse (mobile emulation, Debian's Chromium) on home, each listing, one page of each detail
type, search and the DIP, prints a table and exits 1 when a score is below the target (0.95).

Search result pages carry `noindex` on purpose (robots.txt also keeps crawlers out of /cari/), so
Lighthouse's SEO category necessarily marks them "blocked from indexing"; for them the SEO score is
printed but not held to the target. Every other score is.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = 0.95
CATEGORIES = ("accessibility", "seo", "best-practices")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"
NOINDEX_PAGES = {"Pencarian"}


def pages():
    """(label, path) of the pages to audit, read from the local database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from news.models import PUBLICATION_TYPES, DaftarInformasiPublikPage, PengumumanIndexPage
    from news.structure import default_home

    home = default_home()
    found = [("Beranda", "/")]
    for model in PUBLICATION_TYPES:
        item = model.objects.live().public().order_by("-tanggal").first()
        if item is None:
            raise SystemExit(f"No published {model._meta.verbose_name}: run `make setup` first.")
        listing = item.get_parent()
        found.append((f"Daftar {model._meta.verbose_name}", listing.url))
        found.append((f"Detail {model._meta.verbose_name}", item.url))
    found.append(("Arsip pengumuman", PengumumanIndexPage.objects.child_of(home).get().url + "arsip/"))
    found.append(("Pencarian", "/cari/?q=pemilu"))
    found.append(("Daftar Informasi Publik", DaftarInformasiPublikPage.objects.get().url))
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):  # noqa: S310 (127.0.0.1 only)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def lighthouse(url):
    result = subprocess.run(  # noqa: S603 - our own pinned tool, arguments built here
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse missing: run `make audit-deps`.")
    targets = pages()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - this project's manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"},
    )
    missed = []
    try:
        wait_for(base + "/")
        print(f"Lighthouse {TARGET:.2f} target, mobile emulation, {base}\n")
        print(f"{'halaman':34} {'aksesibilitas':>13} {'SEO':>6} {'praktik':>8}  audit gagal")
        for label, path in targets:
            scores, failing = lighthouse(base + path)
            held = [name for name in CATEGORIES if not (name == "seo" and label in NOINDEX_PAGES)]
            low = [name for name in held if scores[name] is None or scores[name] < TARGET]
            if low:
                missed.append((label, low))
            cells = " ".join(
                f"{scores[name]:>{width}.2f}" for name, width in zip(CATEGORIES, (13, 6, 8), strict=True)
            )
            note = ", ".join(failing) if failing else "-"
            print(f"{label[:34]:34} {cells}  {note}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    if missed:
        print("\nDi bawah target:", "; ".join(f"{label}: {', '.join(low)}" for label, low in missed))
        return 1
    print(f"\nSemua skor yang diukur >= {TARGET} (SEO halaman pencarian tidak dihitung: noindex).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
