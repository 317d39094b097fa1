"""The real browser the page and notebook tests drive: Debian's headless Chromium through
Playwright for Python, with the system browser (never a downloaded one).

Without chromium or playwright those tests are skipped with how to install them; with
SCALARGRAD_REQUIRE_BROWSER=1 (as CI sets) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

INSTALL = (
    "install the browser and its driver: `apt-get install chromium` (Debian's package) "
    "and `pip install playwright` (no `playwright install`: the system chromium is used)"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("SCALARGRAD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SCALARGRAD_REQUIRE_BROWSER=1 but {reason}; {INSTALL}", pytrace=False)
    pytest.skip(f"{reason}; {INSTALL}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        _missing("no chromium on PATH")
    if shutil.which("dot") is None:
        _missing("Graphviz's dot is not on PATH (the page draws the circuit with it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as p:
        # launch() gives every run a fresh, throw-away profile directory
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()
