"""Where intake material is stored: outside MEDIA_ROOT, never reachable by a URL.

The files of the register (letters, drafts' source material) are not public: they are served
only by the permission-checked view in intake_views.py. The storage has no base URL, so a
template that asked for ``.url`` would fail instead of leaking a path. The class it builds on
comes from ``settings.SOP_STORAGE_BASE`` (conf.py): Terbit's writes a file whole or not at all.
"""

import functools
import os

from django.conf import settings

from . import conf


class PrivateLocation:
    """``PRIVATE_MEDIA_ROOT``, no URL; mixed into the configured storage class."""

    def __init__(self):
        super().__init__(base_url=None)

    # Read on each use (not cached), so a changed setting (tests, deployments) is honoured.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


@functools.cache
def private_storage():
    storage_class = type("PrivateStorage", (PrivateLocation, conf.storage_base()), {})
    return storage_class()
