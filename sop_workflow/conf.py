"""What the engine takes from the host project's settings (all optional).

``SOP_INSTITUTION_NAME``
    The office's name, written in the mails ("Terbit, SOP Penerbitan Informasi <name>.").
``SOP_INSTITUTION_NAME_FOR_REQUEST``
    Dotted path to ``callable(request) -> str``: the name printed on the control sheet (lembar
    kendali), e.g. read from a site setting. Default: ``SOP_INSTITUTION_NAME``.
``SOP_UPLOAD_VALIDATORS``
    Dotted paths to ``validator(upload, name, allowed=extensions)`` run on every file of the
    register (raise ``ValidationError``); e.g. a check of the file's content against its name.
``SOP_STORAGE_BASE``
    Dotted path to the storage class the register's private files are written with (default
    Django's ``FileSystemStorage``); its ``location`` is always ``PRIVATE_MEDIA_ROOT``.
``SOP_DISK_FULL_ERROR``
    Dotted path to the ``OSError`` subclass that storage raises when the disk is full, built as
    ``cls(errno, file_name)``; the register then answers with its message instead of a 500.
``SOP_CUTI_BERSAMA_FROM_LIBRARY``
    True (default): the office clock closes on Indonesia's cuti bersama as the `holidays` library
    knows them (category ``government``) besides its national holidays (with
    ``SOP_LIBUR_NASIONAL``); an admin entry *masuk kerja* cancels one. False: cuti bersama are
    only the days entered under *Hari libur dan cuti bersama*.
``SOP_SINGLE_RUN_COMMAND``
    Dotted path to ``decorator_factory(name)`` for the cron commands' ``handle`` (one run at a
    time). Default: no lock.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string


def institution_name(request=None):
    getter = getattr(settings, "SOP_INSTITUTION_NAME_FOR_REQUEST", "")
    if request is not None and getter:
        return import_string(getter)(request)
    return getattr(settings, "SOP_INSTITUTION_NAME", "")


def cuti_bersama_from_library():
    return bool(getattr(settings, "SOP_CUTI_BERSAMA_FROM_LIBRARY", True))


def upload_validators():
    return [import_string(path) for path in getattr(settings, "SOP_UPLOAD_VALIDATORS", ())]


@functools.cache
def _imported(path):
    return import_string(path)


def storage_base():
    return _imported(getattr(settings, "SOP_STORAGE_BASE", "django.core.files.storage.FileSystemStorage"))


class _NeverRaised(OSError):
    pass


def disk_full_error():
    path = getattr(settings, "SOP_DISK_FULL_ERROR", "")
    return _imported(path) if path else _NeverRaised


def single_run_command(name):
    """The host's single-run decorator for a cron command's ``handle``, or none."""
    path = getattr(settings, "SOP_SINGLE_RUN_COMMAND", "")
    if not path:
        return lambda handle: handle
    return _imported(path)(name)
