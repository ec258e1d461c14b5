from . import file_privacy  # noqa: F401  (registers the before_serve_document hook)
