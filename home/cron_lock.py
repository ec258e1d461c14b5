"""One run at a time for the cron commands (publish_scheduled, send_outbox, reminders, backup...).

Cron starts a job again on schedule whether or not the last run ended (a slow mail server, a big
backup), and an operator may start one by hand meanwhile. Each command takes a named lock for its
whole run; a second run finds it taken, says so ("sudah berjalan") and exits 0 without doing
anything. The lock is released when the run ends, also when the process dies:

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``), held by the command's database
  connection; it works across hosts sharing the database and ends with the session.
- SQLite: an exclusive ``flock`` on a file beside the database file (the database is on this
  host), released by the kernel when the process ends.

Usage, on a management command::

    @single_run_command()
    def handle(self, *args, **options): ...

This module is ground floor: it imports nothing of the project's apps.
"""

import contextlib
import fcntl
import functools
import hashlib
import os
import tempfile

from django.db import DEFAULT_DB_ALIAS, connections

ALREADY_RUNNING = (
    "{name} sudah berjalan di proses lain (kuncinya dipegang); run ini dilewati tanpa mengubah apa pun."
)


def _advisory_key(name):
    """A stable signed 64-bit key for the name (pg advisory locks take a bigint)."""
    digest = hashlib.blake2b(f"terbit-cron:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_path(connection, name):
    database = str(connection.settings_dict.get("NAME") or "")
    if not database or database == ":memory:" or database.startswith("file:"):
        suffix = hashlib.sha256(database.encode()).hexdigest()[:12]
        return os.path.join(tempfile.gettempdir(), f"terbit-{suffix}.cron-{name}.lock")
    return f"{database}.cron-{name}.lock"


@contextlib.contextmanager
def _postgresql_lock(connection, name):
    key = _advisory_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    if not held:
        yield False
        return
    try:
        yield True
    finally:
        # (The session may be gone: its lock went with it.)
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def _file_lock(path):
    # The file is never deleted: removing it while another process waits on it would let two
    # processes each lock a different file of the same name.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def single_run(name, using=DEFAULT_DB_ALIAS):
    """Yield True when this process now holds the lock ``name``, False when another run holds it."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _postgresql_lock(connection, name) as held:
            yield held
    else:
        with _file_lock(_lock_path(connection, name)) as held:
            yield held


def single_run_command(name=None):
    """Decorate a management command's ``handle``: the lock is named after the command unless
    ``name`` is given; a second run prints ALREADY_RUNNING and returns (exit status 0)."""

    def decorate(handle):
        @functools.wraps(handle)
        def wrapper(self, *args, **options):
            lock = name or self.__module__.rsplit(".", 1)[-1]
            with single_run(lock) as held:
                if not held:
                    self.stdout.write(ALREADY_RUNNING.format(name=lock))
                    return None
                return handle(self, *args, **options)

        return wrapper

    return decorate
