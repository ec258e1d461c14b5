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


@pytest.fixture
def server_log():
    """Every ERROR the live server (or anything else in the process) logs during the test."""
    from tests.browser.people import ServerLog

    with ServerLog() as log:
        yield log


@pytest.fixture
def people(browser, live_server, server_log, tmp_path):
    """Watched browser sessions (tests/browser/people.py), closed before the database goes away;
    what went wrong in them is printed at teardown, so a failing test shows it too, with a
    screenshot of where each person was."""
    from tests.browser.people import People

    crowd = People(browser, live_server)
    yield crowd
    print(f"Last screens: {crowd.last_screens(tmp_path / 'last-screens')}")
    print("Last responses:", *crowd.watch.responses[-20:], sep="\n  ")
    crowd.close()
    for name, items in {**crowd.watch.problems(), "server log": server_log.records}.items():
        for item in items:
            print(f"[{name}] {item}")
