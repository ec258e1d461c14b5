"""Backup and restore of a whole installation: the database and the uploaded files in one archive.

The database is copied with its own tools, so the copy is consistent while the site runs:
SQLite's online backup API, PostgreSQL's ``pg_dump`` (custom format, restored with
``pg_restore --clean``). Public media (``MEDIA_ROOT``) and private intake files
(``PRIVATE_MEDIA_ROOT``) go beside it. ``manifest.json`` says what the archive holds.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


def _pg_env_and_args():
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"Program {command[0]} tidak ditemukan: pasang klien PostgreSQL.") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()}")


def _dump_database(target):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env=env)
    else:
        raise BackupError(f"Basis data {connection.vendor} tidak didukung.")


def _load_database(source):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        connections.close_all()
        env, args = _pg_env_and_args()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source),
            ],
            env=env,
        )


def _media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def create(output):
    """Write the archive to ``output`` (a path); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="terbit-backup-") as work:
        database = Path(work) / DATABASE_FILES.get(connection.vendor, "database")
        _dump_database(database)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "database_file": database.name,
            "folders": [name for name, root in _media_roots().items() if root.is_dir()],
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, fileobj=io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for name, root in _media_roots().items():
                if root.is_dir():
                    archive.add(root, arcname=name)
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def restore(source):
    """Replace the database and the uploaded files with the archive's; return its manifest."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ditemukan.")
    with tempfile.TemporaryDirectory(prefix="terbit-restore-") as work:
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, filter="data")  # no absolute paths, links or devices
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{source} bukan arsip cadangan Terbit yang utuh: {error}") from error
        try:
            manifest = json.loads((Path(work) / "manifest.json").read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{source} tidak memuat manifest.json: bukan cadangan Terbit.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Format cadangan {manifest.get('format')} tidak dikenal.")
        if manifest.get("database") != connection.vendor:
            raise BackupError(
                f"Cadangan ini dari basis data {manifest.get('database')}, sedangkan instalasi ini memakai "
                f"{connection.vendor}: pulihkan ke instalasi dengan basis data yang sama."
            )
        _load_database(Path(work) / manifest["database_file"])
        for name, root in _media_roots().items():
            if name in manifest["folders"]:
                if root.exists():
                    shutil.rmtree(root)
                shutil.copytree(Path(work) / name, root)
    return manifest
