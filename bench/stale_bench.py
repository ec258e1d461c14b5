"""Stale pages under read load: publications while visitors read the public site.

    .venv/bin/python bench/stale_bench.py [--publications 1000] [--readers 8] [--workers 4]
                                          [--cache redis|locmem] [--items 300] [--reseed]
                                          [--purge-inside-transaction]

1. Seeds bench/stale-bench.sqlite3 (or $BENCH_DATABASE_URL) with bench/seed.py (--items).
2. Starts a redis-server of its own on a free port (--cache redis, the default; --cache locmem
   uses the local-memory cache and its purge log instead) and gunicorn with production settings
   (--workers sync workers, the page cache on) on 127.0.0.1.
3. Reader threads request, in turn, the home page, the Berita listing, its RSS feed and the
   detail page of the newest publication, without pause, while this process publishes
   --publications new Berita one after the other (each created and published in one
   transaction, as the SOP's last step does; the purges run after its COMMIT).
4. A response is *stale* when its request started after a publication had returned (committed)
   and it does not show that publication (a 200 without its title; the detail page answering
   404). ``--purge-inside-transaction`` purges before COMMIT instead, as before issue 18 (for
   comparison: the bench must see stale answers then). Prints the requests, the stale answers per page, how many were served from the cache,
   the response times, and how busy the machine was; exits 1 when any answer was stale.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
STALE_DB = ROOT / "bench" / "stale-bench.sqlite3"
os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{STALE_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - the system's redis-server
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    return process, f"redis://127.0.0.1:{port}/0"


def cpu_times():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--purge-inside-transaction", action="store_true", help="the order before issue 18")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="terbit-stale-"))
    purge_log = str(work / "purges.log")
    redis = None
    if args.cache == "redis":
        redis, redis_url = start_redis()
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ["PAGE_CACHE"] = "1"
    os.environ["PAGE_CACHE_PURGE_LOG"] = purge_log
    os.environ["PAGE_CACHE_PENDING_FILE"] = str(work / "pending-purges")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    # The static manifest first: this process renders pages too (the publication record).
    static_root = work / "static"
    os.environ["STATIC_ROOT"] = str(static_root)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=os.environ,
        check=True,
    )

    sys.path.insert(0, str(ROOT / "bench"))
    if args.reseed and STALE_DB.exists() and os.environ["BENCH_DATABASE_URL"].endswith(STALE_DB.name):
        STALE_DB.unlink()
    from django.db import connection, transaction
    from seed import prepare  # sets DATABASE_URL and sets up Django

    from news.models import BeritaIndexPage, BeritaPage
    from news.structure import default_home, ensure_listings

    count = prepare(args.items)
    if args.purge_inside_transaction:
        from home import page_cache

        page_cache.after_commit = lambda function: function()
    home = default_home()
    listing = ensure_listings(home)[BeritaIndexPage]
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(  # noqa: S603 - gunicorn from this venv
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def fetch(path):
        request = Request(base + path, headers={"Host": "localhost"})  # noqa: S310 - 127.0.0.1
        try:
            with urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.headers.get("X-Cache"), response.read().decode()
        except HTTPError as error:
            return error.code, error.headers.get("X-Cache"), ""

    deadline = time.monotonic() + 60
    while True:
        try:
            fetch("/healthz")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start:\n" + gunicorn.stderr.read()) from None
            time.sleep(0.3)

    token = secrets.token_hex(3)
    titles = [f"Hasil pleno {token} nomor {n:05d}" for n in range(args.publications)]
    slugs = [f"stale-{token}-{n:05d}" for n in range(args.publications)]
    detail_prefix = listing.url
    pages = ["/", listing.url, "/feed/berita/rss.xml", None]  # None: the newest publication's page
    published = {"n": -1}  # index of the newest publication that has returned (committed)
    stop = threading.Event()
    lock = threading.Lock()
    tally = {}  # page -> [requests, checked, stale, hits]
    stale_examples = []
    latencies = []

    def reader(offset):
        turn = offset
        while not stop.is_set():
            page = pages[turn % len(pages)]
            turn += 1
            expected = published["n"]  # read at the request's start
            if page is None:
                if expected < 0:
                    continue
                path, label = f"{detail_prefix}{slugs[expected]}/", "detail terbaru"
            else:
                path, label = page, page
            started = time.monotonic()
            try:
                status, state, body = fetch(path)
            except OSError as error:
                status, state, body = f"error {type(error).__name__}", None, ""
            elapsed = time.monotonic() - started
            stale = expected >= 0 and (status != 200 or titles[expected] not in body)
            with lock:
                counts = tally.setdefault(label, [0, 0, 0, 0])
                counts[0] += 1
                counts[1] += expected >= 0
                counts[2] += stale
                counts[3] += state == "HIT"
                latencies.append(elapsed)
                if stale and len(stale_examples) < 10:
                    stale_examples.append((label, expected, status, state))

    for path in pages[:3]:  # warm the cache
        fetch(path)
    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(args.readers)]
    busy0, total0 = cpu_times()
    load0 = os.getloadavg()[0]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    publish_seconds = []
    try:
        for n in range(args.publications):
            started = time.monotonic()
            with transaction.atomic():  # one transaction, as the workflow's last approval
                page = listing.add_child(
                    instance=BeritaPage(title=titles[n], slug=slugs[n], live=False, ringkasan="Uji cache.")
                )
                page.save_revision().publish()
            publish_seconds.append(time.monotonic() - started)
            published["n"] = n  # COMMIT returned (and the purges after it ran)
            if (n + 1) % 100 == 0:
                print(f"  {n + 1} publications", flush=True)
    finally:
        time.sleep(0.5)  # a last round of reads after the last publication
        stop.set()
        for thread in threads:
            thread.join(60)
        elapsed = time.monotonic() - began
        busy1, total1 = cpu_times()
        load1 = os.getloadavg()[0]
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(30)
        if redis is not None:
            redis.kill()
        shutil.rmtree(work, ignore_errors=True)

    requests = sum(counts[0] for counts in tally.values())
    stale = sum(counts[2] for counts in tally.values())
    latencies.sort()
    print()
    print(
        f"{connection.vendor}, {count} seeded items; cache {args.cache}; gunicorn {args.workers} sync workers; "
        f"{args.readers} reader threads; {os.cpu_count()} CPUs"
        + (
            "; PURGE INSIDE THE TRANSACTION (the order before issue 18)"
            if args.purge_inside_transaction
            else ""
        )
    )
    print(
        f"{args.publications} publications in {elapsed:.1f} s "
        f"(median {sorted(publish_seconds)[len(publish_seconds) // 2] * 1000:.0f} ms each); "
        f"{requests} requests ({requests / elapsed:.0f}/s)"
    )
    print(f"{'page':<26} {'requests':>9} {'checked':>8} {'stale':>6} {'cache hits':>11}")
    for label, (total, checked, stale_count, hits) in tally.items():
        print(f"{label:<26} {total:>9} {checked:>8} {stale_count:>6} {hits:>11}")
    if latencies:
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[int(len(latencies) * 0.99)] * 1000
        print(f"response time: median {p50:.0f} ms, p99 {p99:.0f} ms, worst {latencies[-1] * 1000:.0f} ms")
    print(
        f"machine: CPU busy {100 * (busy1 - busy0) / max(total1 - total0, 1):.0f}% over the run; "
        f"load average {load0:.1f} -> {load1:.1f}"
    )
    print(f"STALE ANSWERS: {stale}")
    for example in stale_examples:
        print("  stale:", example)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
