"""Where intake material is stored: outside MEDIA_ROOT, never reachable by a URL.

The files of the register (letters, drafts' source material) are not public: they are served
only by the permission-checked view in intake_admin.py. The storage has no base URL, so a
template that asked for ``.url`` would fail instead of leaking a path.
"""

import os

from django.conf import settings

from home.storage import SafeFileSystemStorage


class PrivateStorage(SafeFileSystemStorage):
    """Written whole or not at all (home/storage.py), like the public media."""

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


_storage = PrivateStorage()


def private_storage():
    return _storage
