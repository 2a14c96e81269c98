"""Screenshots of the built site at phone and desktop widths, light and dark.

Usage: python tools/screenshots.py SITE_DIR OUT_DIR [PATH ...]
Serves SITE_DIR as `make audit` does (gzip, a host's headers) and drives Debian's Chromium.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from audit import CHROME_FLAGS, CHROME_PATH, start_server
from playwright.sync_api import sync_playwright


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    paths = sys.argv[3:] or ["", "sources/", "about/"]
    out.mkdir(parents=True, exist_ok=True)
    server = start_server()
    server.RequestHandlerClass.site_dir = site  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME_PATH, args=CHROME_FLAGS.split())
        for width, height in ((360, 780), (1440, 900)):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                tab = context.new_page()
                for path in paths:
                    tab.goto(base + path)
                    name = (path.strip("/").replace("/", "-").replace("#", "_") or "letter") + f"-{width}-{scheme}.png"
                    tab.screenshot(path=str(out / name))
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
