"""Uploads are written whole or not at all, and a full disk says so.

Django's FileSystemStorage writes an upload straight under its final name: when the disk fills
up half-way, the partial file stays (taking the space that a smaller upload would have fitted
in) and the admin answers its generic 500. This storage writes to a hidden temporary name in the
target folder, flushes it to disk (``fsync``: a file system with delayed allocation reports a
full disk only then), and links it into place under a free name; on any failure the temporary
file is removed. A full disk or quota (``ENOSPC``, ``EDQUOT``) is raised as :class:`DiskFull`,
which the error handler (home/views.py) turns into a clear message: an upload form's JSON
answer for Wagtail's multiple upload, the page ``507.html`` otherwise; the register's forms
show it on the form (sop_workflow/intake_admin.py).

Used for media (``STORAGES["default"]``: documents, images, renditions) and for the register's
private files (sop_workflow/storage.py).
"""

import contextlib
import errno
import logging
import os
import secrets
import time

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.files.utils import validate_file_name

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".terbit-upload-"
TEMP_SUFFIX = ".part"
# Temporary files older than this are leftovers of a killed worker: removed when the disk is full.
STALE_AFTER_SECONDS = 3600
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}

DISK_FULL_MESSAGE = (
    "Ruang penyimpanan server penuh, sehingga %(what)s tidak tersimpan (tidak ada yang "
    "tersimpan sebagian). Coba lagi nanti, atau minta pengelola server mengosongkan ruang disk."
)


class DiskFull(OSError):
    """The storage's disk (or the user's quota) is full; nothing of the file was kept."""

    def __init__(self, errno_, name):
        self.upload_name = os.path.basename(name or "")
        super().__init__(errno_, disk_full_message(self.upload_name))


def disk_full_message(name=""):
    return DISK_FULL_MESSAGE % {"what": f"berkas “{name}”" if name else "kiriman ini"}


def is_disk_full(error):
    """The full-disk error (``DiskFull`` first) in the exception's chain, or None."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    for wanted in (DiskFull, OSError):
        for item in chain:
            if isinstance(item, wanted) and item.errno in DISK_FULL_ERRNOS:
                return item
    return None


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:  # pragma: no cover - logged, the original error matters more
        logger.warning("Berkas sementara %s tidak dapat dihapus: %s", path, error)


def remove_stale_temporary_files(directory, older_than=STALE_AFTER_SECONDS):
    """Remove temporary upload files left in ``directory`` by a worker killed while writing."""
    limit = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
    return removed


class SafeFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that writes to a temporary name and moves the whole file into place."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        temp_path = None
        try:
            self._make_directory(directory)
            temp_path = os.path.join(directory, f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}")
            # 0o666 and the process's umask, as Django's own storage creates files.
            fd = os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            with os.fdopen(fd, "wb") as out:
                self._write_content(out, content)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temp_path, self.file_permissions_mode)
            name, full_path = self._move_into_place(temp_path, name, full_path)
            temp_path = None
        except BaseException as error:
            if temp_path is not None:
                _remove(temp_path)
            if (
                isinstance(error, OSError)
                and not isinstance(error, DiskFull)
                and is_disk_full(error) is not None
            ):
                freed = remove_stale_temporary_files(directory)
                logger.error(
                    "Ruang penyimpanan penuh: %s tidak tersimpan di %s (%s)%s",
                    os.path.basename(name),
                    directory,
                    error,
                    f"; {freed} berkas sementara lama dihapus" if freed else "",
                )
                raise DiskFull(error.errno, name) from error
            raise
        self._ensure_location_group_id(full_path)
        name = os.path.relpath(full_path, self.location)
        return str(name).replace("\\", "/")

    def _make_directory(self, directory):
        try:
            if self.directory_permissions_mode is not None:
                from django.core.files.storage.filesystem import safe_makedirs

                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
        except FileExistsError:
            raise FileExistsError(f"{directory} exists and is not a directory.") from None

    def _write_content(self, out, content):
        if hasattr(content, "seek"):
            with contextlib.suppress(OSError, ValueError):
                content.seek(0)
        for chunk in content.chunks():
            out.write(chunk.encode() if isinstance(chunk, str) else chunk)

    def _move_into_place(self, temp_path, name, full_path):
        """Give the finished file its name: a free one (as Django does), or the same one when the
        storage allows overwriting. ``link`` fails if the name is taken, so two uploads of the
        same name at once cannot overwrite each other."""
        while True:
            try:
                if self._allow_overwrite:
                    os.replace(temp_path, full_path)
                    return name, full_path
                try:
                    os.link(temp_path, full_path)
                except OSError as error:
                    if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                        raise
                    # A file system without hard links: check, then rename (not atomic).
                    if os.path.lexists(full_path):
                        raise FileExistsError(full_path) from error
                    os.rename(temp_path, full_path)
                    return name, full_path
                _remove(temp_path)
                return name, full_path
            except FileExistsError:
                name = self.get_available_name(name)
                validate_file_name(name, allow_relative_path=True)
                full_path = self.path(name)


# Not a client error, and not the generic 500 either: "Insufficient Storage".
DISK_FULL_STATUS = 507


def disk_full_response(request, error):
    """What the user sees when an upload met a full disk (called by the 500 handler).

    Wagtail's multiple upload (documents, images) reads a JSON answer and shows its
    ``error_message`` beside the file only on a 200, as it does for an invalid file; everything
    else gets the page ``507.html``. Neither reads the database.
    """
    from django.http import HttpResponse, JsonResponse
    from django.template import loader

    found = is_disk_full(error)
    message = found.strerror if isinstance(found, DiskFull) else disk_full_message()
    if request.method == "POST" and request.path.rstrip("/").endswith("/multiple/add"):
        logger.error("Unggahan ganda gagal, ruang penyimpanan penuh: %s", request.path)
        return JsonResponse({"success": False, "error_message": message})
    response = HttpResponse(
        loader.render_to_string("507.html", {"message": message}), status=DISK_FULL_STATUS
    )
    response["Retry-After"] = "300"
    return response


class SafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for large uploads (kept in FILE_UPLOAD_TEMP_DIR while the request is
    read), removing its temporary file at once when writing it fails (a full ``/tmp``): Django
    leaves it to the garbage collector, which waits as long as anything holds the traceback."""

    def receive_data_chunk(self, raw_data, start):
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError:
            self.upload_interrupted()
            raise
