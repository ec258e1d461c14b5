"""Backup and restore of a whole installation: the database and the uploaded files in one archive.

The database is copied with its own tools, so the copy is consistent while the site runs:
SQLite's online backup API, PostgreSQL's ``pg_dump`` (custom format). Public media
(``MEDIA_ROOT``) and private intake files (``PRIVATE_MEDIA_ROOT``) go beside it.

The archive ends with ``manifest.json`` (what it holds: the SHA-256 and size of every file, every
folder) and ``manifest.json.sha256`` (the SHA-256 of the manifest itself), so a restore can tell
a damaged archive from a good one.

A restore never touches the installation before everything is known to be good:

1. every member is extracted into staging folders beside their targets (same filesystem), and
   the database file into a temporary folder, hashing as it goes;
2. the manifest is checked against its own checksum, every member against the manifest (none
   missing, none extra, none different), and the database itself (SQLite: ``PRAGMA
   integrity_check``; PostgreSQL: ``pg_restore`` reads the whole dump);
3. only then the folders are swapped by renaming (the current ones become rollback copies),
   and the database is loaded in one transaction (SQLite's backup API; ``pg_restore
   --single-transaction``): if loading fails, the renames are undone and nothing has changed;
4. the rollback copies are removed once everything is in place.

PostgreSQL is restored in one transaction rather than into a second database swapped by
``ALTER DATABASE ... RENAME``: renaming needs the CREATEDB privilege, a connection to another
database, and no session at all on either database (a pooler or a forgotten shell makes it
fail), and would lose the database's own grants and settings. PostgreSQL's DDL is
transactional, so ``--clean`` plus the load either commits whole or leaves the database as it
was.
"""

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 2
LEGACY_FORMATS = {1}  # archives written before checksums (no manifest.json.sha256)
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MANIFEST = "manifest.json"
MANIFEST_CHECKSUM = "manifest.json.sha256"
MANIFEST_LIMIT = 256 * 1024 * 1024  # a manifest of a million files is ~150 MB
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


# -- database ---------------------------------------------------------------------------------


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


def _check_database(path):
    """Refuse a database copy that could not be loaded whole (raises BackupError)."""
    if connection.vendor == "sqlite":
        try:
            db = sqlite3.connect(path)
            try:
                problems = [row[0] for row in db.execute("PRAGMA integrity_check(20)")]
                if problems != ["ok"]:
                    raise BackupError(
                        "Basis data di dalam cadangan rusak (PRAGMA integrity_check): "
                        + "; ".join(problems[:5])
                    )
                db.execute("SELECT count(*) FROM django_migrations").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Basis data di dalam cadangan rusak atau bukan SQLite: {error}") from error
    else:
        # Without --dbname, pg_restore writes the whole dump as SQL: it reads every block.
        try:
            _run(["pg_restore", "--file", os.devnull, str(path)])
        except BackupError as error:
            raise BackupError(f"Dump PostgreSQL di dalam cadangan rusak: {error}") from error


def _load_database(source):
    """Replace the database with ``source`` in one transaction: on failure nothing changed."""
    connections.close_all()  # a fresh connection; nothing of ours holds a lock or a transaction
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            # One step (all pages) inside one write transaction of the destination: an error
            # rolls the destination back.
            origin.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"Basis data tidak bisa dimuat: {error}") from error
        finally:
            origin.close()
    else:
        _pg_load(source)
    connections.close_all()


def _pg_load(source):
    """``pg_restore --clean --single-transaction``, watched: a session that keeps a lock it needs
    (the site left running, a forgotten psql) cancels the restore after RESTORE_LOCK_TIMEOUT
    seconds instead of letting it wait forever. (``lock_timeout`` cannot do it: every dump
    starts with ``SET lock_timeout = 0``.)"""
    env, args = _pg_env_and_args()
    tag = f"terbit-restore-{secrets.token_hex(4)}"
    env["PGAPPNAME"] = tag
    timeout = float(getattr(settings, "RESTORE_LOCK_TIMEOUT", 30))
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
    ]
    blocked_by = None
    with tempfile.TemporaryFile("w+") as errors:
        try:
            process = subprocess.Popen(  # noqa: S603
                [*command, *args, str(source)], env=env, stdout=subprocess.DEVNULL, stderr=errors, text=True
            )
        except FileNotFoundError as error:
            raise BackupError("Program pg_restore tidak ditemukan: pasang klien PostgreSQL.") from error
        try:
            while process.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(0.5)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity WHERE application_name = %s "
                        "AND wait_event_type = 'Lock' AND now() - query_start > make_interval(secs => %s)",
                        [tag, timeout],
                    )
                    for pid, blockers in cursor.fetchall():
                        cursor.execute(
                            "SELECT pid, application_name, client_addr, state FROM pg_stat_activity "
                            "WHERE pid = ANY(%s)",
                            [blockers],
                        )
                        blocked_by = "; ".join(
                            f"pid {p} {name or '(tanpa nama)'} dari {addr or 'soket lokal'}, {state}"
                            for p, name, addr, state in cursor.fetchall()
                        )
                        cursor.execute("SELECT pg_cancel_backend(%s)", [pid])
        except BaseException:
            process.kill()  # its transaction is rolled back with its connection
            process.wait()
            raise
        errors.seek(0)
        stderr = errors.read().strip()
    if process.returncode != 0:
        if blocked_by is not None:
            raise BackupError(
                f"Basis data sedang dipakai: pemulihan menunggu kunci lebih dari {timeout:g} detik karena sesi "
                f"lain ({blocked_by}). Hentikan situs dulu (systemctl stop terbit), lalu ulangi."
            )
        raise BackupError(f"pg_restore gagal: {stderr}")


# -- backup ------------------------------------------------------------------------------------


def _media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


def _add_file(archive, path, arcname, files):
    """Add one file, hashing exactly the bytes written into the archive."""
    with open(path, "rb") as raw:
        status = os.fstat(raw.fileno())
        info = tarfile.TarInfo(arcname)
        info.size = status.st_size
        info.mode = stat.S_IMODE(status.st_mode)
        info.mtime = int(status.st_mtime)
        reader = _HashingReader(raw)
        archive.addfile(info, fileobj=reader)
    files[arcname] = {"sha256": reader.hash.hexdigest(), "size": reader.size}


def _add_folder(archive, root, name, skip, files, directories):
    for current, subfolders, names in os.walk(root):
        current = Path(current)
        subfolders[:] = sorted(d for d in subfolders if (current / d).resolve() not in skip)
        arcdir = PurePosixPath(name, *current.relative_to(root).parts).as_posix()
        info = tarfile.TarInfo(arcdir)
        info.type = tarfile.DIRTYPE
        info.mode = stat.S_IMODE(current.stat().st_mode)
        info.mtime = int(current.stat().st_mtime)
        archive.addfile(info)
        directories.append(arcdir)
        for filename in sorted(names):
            path = current / filename
            if path.is_symlink() or not path.is_file():
                continue  # uploads are plain files; a link could point anywhere
            try:
                _add_file(archive, path, f"{arcdir}/{filename}", files)
            except FileNotFoundError:
                continue  # deleted while the backup ran: as if the backup had run a moment later


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, fileobj=_BytesReader(data))


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def create(output):
    """Write the archive to ``output`` (a path); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    roots = {name: root for name, root in _media_roots().items() if root.is_dir()}
    with tempfile.TemporaryDirectory(prefix="terbit-backup-") as work:
        database = Path(work) / DATABASE_FILES.get(connection.vendor, "database")
        _dump_database(database)
        partial = output.with_name(output.name + ".partial")
        try:
            manifest = _write_archive(partial, database, roots)
        except OSError as error:  # a full disk, a file that shrank while it was read
            partial.unlink(missing_ok=True)
            raise BackupError(f"Arsip cadangan tidak bisa ditulis ke {output}: {error}") from error
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def _write_archive(partial, database, roots):
    resolved = {root.resolve() for root in roots.values()}
    files, directories = {}, []
    with tarfile.open(partial, "w:gz") as archive:
        _add_file(archive, database, database.name, files)
        for name, root in roots.items():
            # A root inside the other one is its own folder, not part of the other's.
            _add_folder(archive, root, name, resolved - {root.resolve()}, files, directories)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "database_file": database.name,
            "folders": list(roots),
            "directories": directories,
            "files": files,
        }
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        _add_bytes(archive, MANIFEST, data)
        _add_bytes(archive, MANIFEST_CHECKSUM, f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}\n".encode())
    with open(partial, "rb+") as written:
        os.fsync(written.fileno())
    return manifest


# -- restore -----------------------------------------------------------------------------------


def _names(names, limit=3):
    names = sorted(names)
    more = f" (dan {len(names) - limit} lainnya)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


class _Staging:
    """Everything extracted from the archive, outside the installation until the swap."""

    def __init__(self, roots, token):
        self.roots = roots
        self.token = token
        self.folders = {}  # folder name -> staging path beside its root
        self.database_dir = None
        self.database = {}  # member name -> staged path
        self.small = {}  # manifest and its checksum, in memory
        self.files = {}  # member name -> {"sha256", "size"}
        self.directories = []

    def folder(self, name):
        if name not in self.folders:
            root = self.roots[name]
            root.parent.mkdir(parents=True, exist_ok=True)
            staged = root.parent / f".{root.name}.pulih-{self.token}"
            staged.mkdir()
            self.folders[name] = staged
        return self.folders[name]

    def database_path(self, name):
        if self.database_dir is None:
            parent = None
            if connection.vendor == "sqlite":
                db_name = str(connection.settings_dict["NAME"])
                if db_name and ":memory:" not in db_name and not db_name.startswith("file:"):
                    parent = Path(db_name).resolve().parent  # room for the database is there
            self.database_dir = Path(tempfile.mkdtemp(prefix=".terbit-pulih-", dir=parent))
        return self.database_dir / name

    def remove(self):
        for path in [*self.folders.values(), self.database_dir]:
            if path is not None and path.exists():
                shutil.rmtree(path, ignore_errors=True)


def _write_member(archive, member, target, staging):
    source = archive.extractfile(member)
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    os.chmod(target, (member.mode & 0o755) | 0o600)
    os.utime(target, (member.mtime, member.mtime))
    staging.files[member.name] = {"sha256": digest.hexdigest(), "size": size}


def _extract(source, staging):
    """Stream the archive into the staging places, hashing every member."""
    seen = set()
    with tarfile.open(source, "r|gz") as archive:
        for member in archive:
            name = member.name
            path = PurePosixPath(name)
            if (
                not name
                or path.is_absolute()
                or ".." in path.parts
                or path.as_posix() != name.rstrip("/")
                or name in seen
            ):
                raise BackupError(f"Nama anggota arsip tidak sah: {name!r}.")
            seen.add(name)
            top = path.parts[0]
            if top in staging.roots:
                if member.isdir():
                    folder = staging.folder(top).joinpath(*path.parts[1:])
                    folder.mkdir(parents=True, exist_ok=True)
                    os.chmod(folder, (member.mode & 0o755) | 0o700)
                    staging.directories.append(path.as_posix())
                elif member.isreg():
                    target = staging.folder(top).joinpath(*path.parts[1:])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _write_member(archive, member, target, staging)
                else:
                    raise BackupError(f"Anggota arsip {name} bukan berkas biasa: ditolak.")
            elif name in (MANIFEST, MANIFEST_CHECKSUM) and member.isreg():
                if member.size > MANIFEST_LIMIT:
                    raise BackupError(f"{name} di dalam arsip terlalu besar: arsip rusak.")
                staging.small[name] = archive.extractfile(member).read()
            elif name in DATABASE_FILES.values() and member.isreg():
                target = staging.database_path(name)
                _write_member(archive, member, target, staging)
                staging.database[name] = target
            else:
                raise BackupError(f"Anggota arsip tidak dikenal: {name}.")
        # tarfile takes a damaged header for the end of the archive: after the real end there
        # are only zero bytes, so anything else means members were cut off there.
        while chunk := archive.fileobj.read(CHUNK):
            if chunk.count(0) != len(chunk):
                raise BackupError(
                    f"{source} rusak: header anggota sesudah {name if seen else 'awal arsip'} tidak terbaca."
                )


def _read_manifest(staging, source, verify):
    data = staging.small.get(MANIFEST)
    if data is None:
        raise BackupError(
            f"{source} tidak memuat manifest.json: bukan cadangan Terbit, atau arsipnya terpotong."
        )
    checksum = staging.small.get(MANIFEST_CHECKSUM)
    if checksum is not None:
        expected = checksum.decode("ascii", "replace").split(" ")[0].strip()
        if hashlib.sha256(data).hexdigest() != expected:
            raise BackupError(
                f"manifest.json di dalam {source} tidak cocok dengan checksum-nya: arsip rusak."
            )
    try:
        manifest = json.loads(data)
        if not isinstance(manifest, dict):
            raise ValueError("bukan objek JSON")
    except ValueError as error:
        raise BackupError(f"manifest.json di dalam {source} rusak: {error}") from error
    version = manifest.get("format")
    if version == FORMAT:
        if checksum is None:
            raise BackupError(
                f"{source} tidak memuat manifest.json.sha256: manifest tidak bisa diperiksa, arsip rusak."
            )
    elif version in LEGACY_FORMATS:
        if verify:
            raise BackupError(
                f"{source} dibuat oleh versi lama (format {version}) tanpa checksum, jadi keutuhannya tidak "
                "bisa diperiksa. Pakai cadangan yang lebih baru, atau jalankan lagi dengan --no-checksums bila "
                "Anda yakin arsip ini utuh (basis datanya tetap diperiksa)."
            )
    else:
        raise BackupError(f"Format cadangan {version} tidak dikenal.")
    return manifest


def _verify(manifest, staging, source):
    if manifest.get("database") != connection.vendor:
        raise BackupError(
            f"Cadangan ini dari basis data {manifest.get('database')}, sedangkan instalasi ini memakai "
            f"{connection.vendor}: pulihkan ke instalasi dengan basis data yang sama."
        )
    folders = manifest.get("folders")
    database_file = manifest.get("database_file")
    if (
        not isinstance(folders, list)
        or not set(folders) <= set(staging.roots)
        or database_file != DATABASE_FILES.get(connection.vendor)
    ):
        raise BackupError(f"manifest.json di dalam {source} rusak: isinya tidak dikenal.")
    if database_file not in staging.database:
        raise BackupError(f"{source} tidak memuat basis data ({database_file}): arsip rusak.")
    if set(staging.database) != {database_file}:
        raise BackupError(f"{source} memuat lebih dari satu basis data: arsip rusak.")
    for name in staging.folders:
        if name not in folders:
            raise BackupError(f"{source} memuat folder {name} yang tidak disebut manifest: arsip rusak.")
    for name in folders:
        if name not in staging.directories:
            raise BackupError(f"Folder {name} yang disebut manifest tidak ada di {source}: arsip rusak.")
    if manifest.get("format") in LEGACY_FORMATS:
        return  # no checksums to compare (refused unless asked for)
    expected, found = manifest.get("files"), staging.files
    directories = manifest.get("directories")
    if not isinstance(expected, dict) or not isinstance(directories, list):
        raise BackupError(f"manifest.json di dalam {source} rusak: daftar berkas tidak ada.")
    missing, extra = set(expected) - set(found), set(found) - set(expected)
    if missing:
        raise BackupError(
            f"Anggota yang disebut manifest tidak ada di {source}: {_names(missing)}. Arsip rusak."
        )
    if extra:
        raise BackupError(
            f"Anggota yang tidak disebut manifest ada di {source}: {_names(extra)}. Arsip rusak."
        )
    damaged = [name for name, entry in found.items() if expected[name] != entry]
    if damaged:
        raise BackupError(f"Checksum SHA-256 tidak cocok di {source}: {_names(damaged)}. Arsip rusak.")
    if set(directories) != set(staging.directories):
        difference = set(directories) ^ set(staging.directories)
        raise BackupError(f"Folder di {source} tidak sesuai manifest: {_names(difference)}. Arsip rusak.")


def _swap_and_load(manifest, staging):
    """Rename the staged folders into place, load the database; undo the renames on failure."""
    done = []  # (name, root, rollback copy or None, staged folder moved in?)
    try:
        for name in manifest["folders"]:
            root, staged = staging.roots[name], staging.folders[name]
            rollback = None
            if root.exists() or root.is_symlink():
                rollback = root.parent / f".{root.name}.sebelum-pulih-{staging.token}"
                os.rename(root, rollback)
            done.append([name, root, rollback, False])
            os.rename(staged, root)
            done[-1][3] = True
        _load_database(staging.database[manifest["database_file"]])
    except BaseException as error:
        problems = []
        for name, root, rollback, moved_in in reversed(done):
            try:
                if moved_in:
                    os.rename(root, staging.folders[name])  # removed with the staging
                if rollback is not None:
                    os.rename(rollback, root)
            except OSError as undo_error:
                problems.append(f"{root} (salinan lama: {rollback}): {undo_error}")
        if problems:
            raise BackupError(
                "Pemulihan gagal DAN folder lama tidak bisa dikembalikan; kembalikan dengan tangan (mv): "
                + "; ".join(problems)
                + f". Sebab awal: {error}"
            ) from error
        if isinstance(error, BackupError):
            raise
        if isinstance(error, OSError):
            raise BackupError(f"Folder berkas tidak bisa ditukar: {error}.") from error
        if isinstance(error, Exception):
            raise BackupError(f"Basis data tidak bisa dimuat: {error}.") from error
        raise  # an interruption (Ctrl-C): the renames are undone, the database was not committed
    leftovers = []
    for _name, _root, rollback, _moved in done:
        if rollback is not None:
            shutil.rmtree(rollback, ignore_errors=True)
            if rollback.exists():
                leftovers.append(str(rollback))
    return leftovers


def _same_access(staged, current):
    """The staged folder gets the current folder's mode, and its owner when root restores (the
    site, running as its own user, must still write there)."""
    status = current.stat()
    os.chmod(staged, stat.S_IMODE(status.st_mode))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        for folder, _subfolders, names in os.walk(staged):
            os.chown(folder, status.st_uid, status.st_gid)
            for name in names:
                os.chown(os.path.join(folder, name), status.st_uid, status.st_gid)


def restore(source, verify=True):
    """Replace the database and the uploaded files with the archive's, all or nothing.

    Returns the manifest and a list of rollback copies that could not be removed (normally
    empty). ``verify=False`` accepts old archives that have no checksums (format 1); checksums
    that are present are always checked.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ditemukan.")
    roots = {name: Path(os.path.realpath(root)) for name, root in _media_roots().items()}
    media, private = roots["media"], roots["private-media"]
    if media == private or media in private.parents or private in media.parents:
        raise BackupError(
            "MEDIA_ROOT dan PRIVATE_MEDIA_ROOT saling berada di dalam yang lain: pisahkan keduanya "
            "(lihat docs/deploy.md) sebelum memulihkan."
        )
    staging = _Staging(roots, secrets.token_hex(4))
    try:
        try:
            _extract(source, staging)
        except (tarfile.TarError, EOFError, zlib.error, ValueError) as error:
            raise BackupError(
                f"{source} bukan arsip cadangan Terbit yang utuh (rusak atau terpotong): {error}. "
                "Tidak ada yang diubah."
            ) from error
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise BackupError(
                    f"Ruang disk tidak cukup untuk membongkar cadangan: {error}. Tidak ada yang diubah."
                ) from error
            raise BackupError(
                f"{source} tidak bisa dibongkar (rusak atau terpotong): {error}. Tidak ada yang diubah."
            ) from error
        manifest = _read_manifest(staging, source, verify)
        _verify(manifest, staging, source)
        _check_database(staging.database[manifest["database_file"]])
        for name in manifest["folders"]:
            if roots[name].is_dir():
                _same_access(staging.folders[name], roots[name])
        os.sync()  # the staged files are on disk before the renames make them current
        leftovers = _swap_and_load(manifest, staging)
    except BackupError as error:
        message = str(error)
        if "Tidak ada yang diubah" not in message and "dengan tangan" not in message:
            message += " Tidak ada yang diubah."
        raise BackupError(message) from error
    finally:
        staging.remove()
    return manifest, leftovers
