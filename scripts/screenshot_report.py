"""Open an HTML report in headless Chromium and save a screenshot: proof that it renders.

Usage::

    mtdetect score article.txt --format html -o report.html
    python scripts/screenshot_report.py report.html --out docs/report.png
    python scripts/screenshot_report.py report.html --out docs/report-phone.png --window-size 390,1400

Needs Debian's ``chromium`` (``apt-get install chromium``) or another
Chromium/Chrome on PATH (``--browser`` picks one). The browser runs with a
throw-away profile and every background network feature off; the report's own
Content-Security-Policy forbids any load besides.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")
TIMEOUT_S = 120


def find_browser(preferred: str | None) -> str:
    """The browser executable: ``preferred`` if given, else the first of :data:`BROWSERS` on PATH."""
    for name in ((preferred,) if preferred else BROWSERS):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError(f"no browser found (tried {', '.join((preferred,) if preferred else BROWSERS)}); "
                            "install one with: apt-get install chromium")


def screenshot(report: Path, out: Path, *, window_size: str, browser: str) -> Path:
    """Render ``report`` with ``browser`` and write a PNG to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mtdetect-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out.resolve()}",
                   f"--window-size={window_size}", report.resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{browser} exited {done.returncode} without a screenshot: {tail[0]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="HTML report written by mtdetect score --format html")
    parser.add_argument("--out", type=Path, default=Path("docs/report.png"), help="PNG to write")
    parser.add_argument("--window-size", default="1000,1800", help="WIDTH,HEIGHT in CSS pixels")
    parser.add_argument("--browser", help="browser executable (default: first Chromium found on PATH)")
    args = parser.parse_args(argv)
    if not args.report.is_file():
        parser.error(f"{args.report}: no such file")
    try:
        out = screenshot(args.report, args.out, window_size=args.window_size,
                         browser=find_browser(args.browser))
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"screenshot_report: error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
