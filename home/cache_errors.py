"""What the cache answers when it cannot be trusted: raised by the project's cache backend
(cms/cache.py, ``cache.strict``) and caught by the page cache (home/page_cache.py). Defined here,
in the app, so that the app never imports the project."""


class CacheUnavailable(Exception):
    """The cache could not be reached (or the breaker is open): nothing was read or written."""
