"""Election-day load: the public site under gunicorn, driven by wrk, against the static floor.

    .venv/bin/python bench/load.py [--items 10000] [--reseed] [--seconds 5] [--spike-seconds 60]

1. Seeds bench/site-bench.sqlite3 (or $BENCH_DATABASE_URL) with bench/seed.py.
2. Counts the SQL queries of each page in-process (Django's test client, page cache off).
3. Starts gunicorn (production settings, 2 sync workers, 127.0.0.1) with the page cache off,
   drives each page and a static file with wrk, and reads the workers' own CPU time
   (/proc/PID/stat) before and after: worker CPU ms per request. A response of more than 1 MB
   (the JDIH list of every record) is compared with a static file of its own size as well.
4. Starts it again with the page cache on: the same for cached pages, then the spike (200
   connections on the home page and on a Berita page).
5. Prints one table and exits 1 when a target of the issue is missed.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from seed import DB_FILE, prepare  # also sets up Django on the bench database

# isort: split
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
STATIC = "/static/css/site.css"
LARGE = 1_000_000  # bytes: a response this large is compared with a static file of its size
# Targets (issue "Election-day load").
MAX_QUERIES = 12
CPU_MS = {"detail": 8.0, "other": 12.0}
CACHED_CPU_RATIO = 2.0  # a cached page costs at most 2x the static floor...
CACHED_RPS_SHARE = 0.5  # ...and gets at least half its throughput
SPIKE_P99_MS = 1000
TICKS = os.sysconf("SC_CLK_TCK")


def pages():
    """(label, kind, path): home, each listing, each detail type, search, DIP, feeds."""
    from news.models import PUBLICATION_TYPES, DaftarInformasiPublikPage

    found = [("beranda", "other", "/")]
    for model in PUBLICATION_TYPES:
        item = model.objects.live().filter(slug__startswith="uji-").order_by("-tanggal").first()
        name = model._meta.model_name.removesuffix("page")
        found.append((f"daftar {name}", "other", item.get_parent().url))
        found.append((f"detail {name}", "detail", item.url))
    found += [
        ("daftar peraturan (saring)", "other", "/peraturan/?tahun=2025&status=berlaku"),
        ("arsip pengumuman", "other", "/pengumuman/arsip/"),
        ("pencarian", "other", "/cari/?q=pemilih"),
        ("DIP", "other", DaftarInformasiPublikPage.objects.get().url),
        ("feed RSS", "other", "/feed/rss.xml"),
        ("JDIH JSON", "other", "/jdih/feed.json"),
        ("JDIH JSON ?page=1", "other", "/jdih/feed.json?page=1"),
    ]
    return found


def count_queries(paths):
    """{path: (SQL queries, bytes of the response)}."""
    client = Client(HTTP_HOST="localhost")
    counts = {}
    for path in paths:
        client.get(path)  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[path] = (len(queries.captured_queries), len(response.content))
    return counts


def floor_label(static):
    """ "4.3 MB" for /static/bench-4275263.bin."""
    return f"{int(static.rsplit('-', 1)[1].split('.')[0]) / 1e6:.1f} MB"


def large_floors(sizes, static_root):
    """{path: static path} for responses of more than LARGE bytes (the JDIH list of every record:
    4 MB): a static file of the same size, served by the same server, is their floor, since
    writing megabytes to the socket costs the worker whatever made them."""
    floors = {}
    for path, size in sizes.items():
        if size > LARGE:
            name = f"bench-{size}.bin"
            (Path(static_root) / name).write_bytes(b"x" * size)
            floors[path] = f"/static/{name}"
    return floors


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with production settings on 127.0.0.1."""

    def __init__(self, page_cache, static_root):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "STATIC_ROOT": str(static_root),
            "PAGE_CACHE": "1" if page_cache else "0",
            "PAGE_CACHE_PURGE_LOG": str(Path(static_root).parent / "purges.log"),
        }
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn from this venv
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urlopen(self.base + STATIC, timeout=2):  # noqa: S310 - 127.0.0.1 only
                    break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise SystemExit("gunicorn did not start:\n" + (self.process.stderr.read() or ""))
        self.workers = self._workers()

    def _workers(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            if len(children) == WORKERS:
                return [int(pid) for pid in children]
            time.sleep(0.2)
        raise SystemExit("gunicorn workers not found")

    def cpu_seconds(self):
        total = 0
        for pid in self.workers:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / TICKS

    def settle(self, limit=60):
        """Wait until the workers are idle (requests of the run before finished: a JDIH full list
        takes a second each), so that a run measures only its own requests; their CPU seconds."""
        deadline = time.monotonic() + limit
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = self.cpu_seconds()
            if now == last:
                return now
            last = now
        return last

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def wrk(server, path, seconds, connections=8):
    before = server.settle()
    result = subprocess.run(  # noqa: S603 - wrk against 127.0.0.1, bounded in time
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            server.base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    cpu = server.cpu_seconds() - before
    out = result.stdout
    if "50%" not in out:
        raise SystemExit(f"wrk gave no latency figures for {path}:\n{out}\n{result.stderr}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(value) for value in match.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "cpu_ms": cpu * 1000 / max(requests, 1),
        "requests": requests,
        "errors": errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--seconds", type=int, default=5, help="wrk time per page")
    parser.add_argument("--spike-seconds", type=int, default=60)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk missing: make bench-deps (apt-get install wrk)")

    count = prepare(args.items, args.reseed)
    targets = pages()
    measured = count_queries([path for _, _, path in targets])
    queries = {path: count for path, (count, _size) in measured.items()}
    connection.close()  # gunicorn gets the database to itself
    work = Path(tempfile.mkdtemp(prefix="terbit-bench-"))
    static_root = work / "static"
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": "collectstatic-only",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(static_root),
        },
        check=True,
    )
    floors = large_floors({path: size for path, (_count, size) in measured.items()}, static_root)
    db = os.environ["DATABASE_URL"].split("@")[-1] if "@" in os.environ["DATABASE_URL"] else DB_FILE.name
    print(
        f"{connection.vendor} ({db}), {count} items; gunicorn {WORKERS} sync workers; wrk -c8 {args.seconds}s/page"
    )

    results, missed = {}, []
    for cached in (False, True):
        server = Server(page_cache=cached, static_root=static_root)
        try:
            for path in [STATIC, *sorted(set(floors.values()))] + [path for _, _, path in targets]:
                wrk(server, path, 1)  # warm-up: renditions, first query, page stored
                results[(cached, path)] = wrk(server, path, args.seconds)
            if cached:
                for label, path in (("spike beranda", "/"), ("spike berita", targets[2][2])):
                    results[("spike", path)] = (label, wrk(server, path, args.spike_seconds, connections=200))
        finally:
            server.stop()
    shutil.rmtree(work, ignore_errors=True)

    def floor_of(path):
        """The static file this page is compared with: site.css, or one of its size."""
        static = floors.get(path, STATIC)
        return {cached: results[(cached, static)] for cached in (False, True)}

    print(
        f"\n{'halaman':28} {'kueri':>5} | {'tanpa cache: req/s':>18} {'p50':>7} {'p99':>7} {'CPU ms':>7} {'x lantai':>8}"
        f" | {'cache: req/s':>12} {'p99':>7} {'CPU ms':>7} {'x lantai':>8}"
    )
    row = "{:28} {:>5} | {:>18.0f} {:>6.1f}m {:>6.1f}m {:>7.2f} {:>8.1f} | {:>12.0f} {:>6.1f}m {:>7.2f} {:>8.2f}"
    for static, label in [(STATIC, "statis (lantai)")] + [
        (static, f"statis {floor_label(static)}") for static in sorted(set(floors.values()))
    ]:
        cold, warm = results[(False, static)], results[(True, static)]
        print(
            row.format(
                label, "-", cold["rps"], cold["p50"], cold["p99"], cold["cpu_ms"], 1.0, warm["rps"], warm["p99"],
                warm["cpu_ms"], 1.0,
            )
        )  # fmt: skip
    for label, kind, path in targets:
        cold, warm = results[(False, path)], results[(True, path)]
        floor = floor_of(path)
        cold_ratio = cold["cpu_ms"] / floor[False]["cpu_ms"]
        warm_ratio = warm["cpu_ms"] / floor[True]["cpu_ms"]
        if path in floors:
            label = f"{label} (lantai {floor_label(floors[path])})"
        print(
            row.format(
                label[:28], queries[path], cold["rps"], cold["p50"], cold["p99"], cold["cpu_ms"], cold_ratio,
                warm["rps"], warm["p99"], warm["cpu_ms"], warm_ratio,
            )
        )  # fmt: skip
        if queries[path] > MAX_QUERIES:
            missed.append(f"{label}: {queries[path]} queries > {MAX_QUERIES}")
        if cold["cpu_ms"] > CPU_MS[kind]:
            missed.append(f"{label}: {cold['cpu_ms']:.1f} ms CPU uncached > {CPU_MS[kind]}")
        if warm_ratio > CACHED_CPU_RATIO:
            missed.append(f"{label}: cached CPU {warm_ratio:.2f}x the floor > {CACHED_CPU_RATIO}")
        if warm["rps"] < CACHED_RPS_SHARE * floor[True]["rps"]:
            missed.append(
                f"{label}: cached {warm['rps']:.0f} req/s < half the floor's {floor[True]['rps']:.0f}"
            )
        for result in (cold, warm):
            if result["errors"]:
                missed.append(f"{label}: {result['errors']} errors")
    print(f"\nlonjakan: 200 koneksi, {args.spike_seconds} s, cache on")
    for label, result in (value for key, value in results.items() if key[0] == "spike"):
        print(
            f"  {label:14} {result['rps']:>8.0f} req/s  p50 {result['p50']:.1f} ms  p99 {result['p99']:.1f} ms  "
            f"galat {result['errors']}"
        )
        if result["errors"] or result["p99"] >= SPIKE_P99_MS:
            missed.append(f"{label}: {result['errors']} errors, p99 {result['p99']:.0f} ms")
    if missed:
        print("\nTARGET TERLEWAT:\n  " + "\n  ".join(missed))
        return 1
    print("\nSemua target tercapai.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
