"""Real headless Chromium (Debian's package) driven by Playwright, against pytest-django's
live server. See ../shared/browser.md: never `playwright install`."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "id-ID"}


@pytest.fixture
def screenshots(tmp_path):
    """Where the walk-through screenshots go: docs/screenshots with `make screenshots`."""
    folder = Path(os.environ.get("TERBIT_SCREENSHOTS_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
