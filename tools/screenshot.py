"""Log in to the running Odoo and take screenshots of pages, as a user sees them.

Usage: python3 tools/screenshot.py URL_PATH OUT.png [URL_PATH OUT.png ...]
Needs the `playwright` Python package and Debian's chromium (no browser download).
Settings: ODOO_URL (http://localhost:8069), ODOO_LOGIN/ODOO_PASSWORD (admin/admin),
SCREEN_HEIGHT (900; Odoo scrolls inside the page, so a long view needs a taller screen).
"""

import os
import sys

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sys.exit("screenshot: needs playwright: pip install -r requirements-dev.txt")

BASE = os.environ.get("ODOO_URL", "http://localhost:8069")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(pairs):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_FLAGS,
        )
        page = browser.new_page(
            viewport={
                "width": 1440,
                "height": int(os.environ.get("SCREEN_HEIGHT", "900")),
            }
        )
        page.goto(f"{BASE}/web/login")
        page.fill("input[name=login]", os.environ.get("ODOO_LOGIN", "admin"))
        page.fill("input[name=password]", os.environ.get("ODOO_PASSWORD", "admin"))
        page.click("button[type=submit]")
        page.wait_for_url("**/odoo**")
        for path, out in pairs:
            page.goto(f"{BASE}{path}")
            # Odoo keeps a bus connection open: wait for the view, not for idle.
            page.wait_for_selector(
                ".o_action_manager .o_view_controller", timeout=30000
            )
            page.wait_for_timeout(1500)
            page.screenshot(path=out)
            print(f"screenshot: {path} -> {out}")
        browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    main(list(zip(args[::2], args[1::2], strict=True)))
