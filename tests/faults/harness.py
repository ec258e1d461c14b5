"""Shared helpers of the fault tests (tests/faults/): real concurrency, real processes."""

import threading
import time

from django.db import connection


def race(*calls, delays=None, timeout=60):
    """Run each callable in its own thread, all released at the same moment (a barrier), each
    with its own database connection (closed when it ends). Returns their results in order;
    an exception raised in a thread is raised here. For ``transaction=True`` tests only: the
    threads see what is committed, and nothing else.

    ``delays`` (seconds, one per call) hold a call back after the barrier: rounds that vary
    them see each request arrive first, or while the other is under way."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            if delays and delays[index]:
                time.sleep(delays[index])
            results[index] = call()
        except BaseException as error:  # re-raised in the test's thread
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing request never finished"
    for error in errors:
        if error is not None:
            raise error
    return results


def tree_fingerprint(root):
    """Every folder and file under ``root`` (relative path -> SHA-256 of the bytes, or "dir"):
    two equal fingerprints mean the same tree, byte for byte, with nothing added or left over."""
    import hashlib
    from pathlib import Path

    root = Path(root)
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = f"link -> {path.readlink()}"
        elif path.is_dir():
            found[name] = "dir"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def database_fingerprint():
    """Every row of every table of the default database (table -> row count and SHA-256 of the
    sorted rows): equal fingerprints mean the same contents, on SQLite and PostgreSQL."""
    import hashlib

    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)) for row in cursor
            )
            fingerprint[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return fingerprint


# --- Real processes against the test database (cron jobs run twice; a mail server) ----------


def database_url():
    """The test database as a DATABASE_URL, for a process of its own (SQLite file or PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_environment(settings_module="cms.settings.test", **extra):
    """The environment of a ``manage.py`` process on the test database, with the test settings
    (``tests.faults.mail_settings``: with production's mail path, the outbox and SMTP)."""
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "TEST_DATABASE_NAME": "",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def start_manage(*args, settings_module="cms.settings.test", **extra_env):
    """``manage.py <args>`` in a process of its own (stdout and stderr captured as text)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(  # noqa: S603 - this repository's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=root,
        env=process_environment(settings_module, **extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """A real SMTP server in its own process (tests/faults/smtp_sink.py) on a port of its own,
    started and stopped by the test; what it accepts lands in ``folder`` (``messages()``).
    Stopped, its port refuses connections, as a mail server that is down."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None

    def start(self):
        import subprocess
        import sys
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        self.process = subprocess.Popen(  # noqa: S603 - this repository's own script
            [sys.executable, "-m", "tests.faults.smtp_sink", str(self.port), str(self.folder)],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process.stdout.close()
            self.process = None

    def messages(self):
        """The messages received, oldest first, as ``email.message.EmailMessage``."""
        import email
        import email.policy
        from pathlib import Path

        files = sorted(Path(self.folder).glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in files]

    def settings(self):
        """Mail settings as in production (cms/settings/base.py), pointing at this server."""
        return {
            "EMAIL_BACKEND": "sop_workflow.outbox.OutboxBackend",
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 5,
        }

    def environment(self):
        """The same, for a ``manage.py`` process (read by cms/settings/base.py; the test settings
        put locmem in EMAIL_BACKEND, so the process is told the SMTP settings explicitly)."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_TIMEOUT": "5",
        }


class RedisServer:
    """A real redis-server of the test's own on a free port (no persistence), started, killed,
    hung (SIGSTOP) and resumed (SIGCONT) by the test, as a cache that fails in production."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.started = False

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        """Started and answering, never trusting an answer that is not its own. A free port can
        be taken by another process (another test worker's server) before ours binds it: ours
        then exits, and a first start tries another port (a restart keeps its port: the test's
        settings name it)."""
        for _ in range(3 if not self.started else 1):
            if self._start():
                self.started = True
                return self
            if not self.started:
                self.port = free_port()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def _start(self):
        import subprocess
        import time

        self.process = subprocess.Popen(  # noqa: S603 - the system's redis-server
            [
                "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # exited: the port was taken
                self.process = None
                return False
            if self.ping():
                return True
            time.sleep(0.05)
        self.kill()
        return False

    def ping(self):
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self):
        """Down: killed, its port refuses connections."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def hang(self):
        """Hanging: the process is stopped; connections are accepted by the kernel, never answered."""
        import signal

        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        import signal

        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.resume()
            self.kill()

    def cache_settings(self, breaker_seconds=1.0):
        """CACHES as in production (cms/settings/base.py with REDIS_URL), on this server."""
        return {
            "default": {
                "BACKEND": "cms.cache.ResilientRedisCache",
                "LOCATION": self.url,
                "KEY_PREFIX": "terbit-faults",
                "OPTIONS": {
                    "socket_timeout": 0.5,
                    "socket_connect_timeout": 0.5,
                    "breaker_seconds": breaker_seconds,
                },
            }
        }
