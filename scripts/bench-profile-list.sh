#!/usr/bin/env bash
# Benchmarks the Profiles page with 5,000 profiles in headless Chromium: the time from a
# keystroke in the search box to the filtered list painted, and from opening the page to
# the list painted — beside the same page built with every row in it (no
# virtualisation). Needs the test command's packages (ui/node_modules, Chromium, the
# interop venv's Selenium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/target/bench
cd "$root/ui"
for variant in virtual plain; do
  BENCH_VARIANT=$variant BENCH_OUT=$bench/profile-list-$variant npx vite build --config bench/vite.config.ts >/dev/null
done
PYTHONPATH=$root/tests/interop "$root/tests/interop/.venv/bin/python" - "$bench" <<'PY'
import functools, http.server, statistics, sys, tempfile, threading
from selenium.webdriver.support.ui import WebDriverWait
from browser import chromium

bench = sys.argv[1]
QUERIES = ["profile-4", "Role3", "100000004", "org7 Role2", "account-49", "nothing-like-it", ""]
ROUNDS = 10

# Sets the search box, then waits for the next frame and for a message posted from it,
# which runs once that frame (holding the filtered list) has been painted. A keystroke
# that changes nothing measures the same way: the frame's own cadence, the floor.
TYPE_AND_PAINT = """
const [query, done] = arguments;
const input = document.querySelector('input[name="search"]');
const channel = new MessageChannel();
const start = performance.now();
channel.port1.onmessage = () => done(performance.now() - start);
input.value = query;
input.dispatchEvent(new Event("input", { bubbles: true }));
requestAnimationFrame(() => channel.port2.postMessage(null));
"""
OPEN_AND_PAINT = """
const done = arguments[0];
const shown = () => document.querySelector('[data-testid="profile-row"]');
const wait = () => shown() ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))) : setTimeout(wait, 1);
wait();
"""

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(Quiet, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

def measure(variant):
    server = serve(f"{bench}/profile-list-{variant}")
    with tempfile.TemporaryDirectory() as profile:
        driver = chromium(profile)
        driver.set_window_size(1280, 800)
        try:
            opens, typing, idle, rows = [], [], [], 0
            for _ in range(3):
                driver.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                opens.append(driver.execute_async_script(OPEN_AND_PAINT))
            rows = driver.execute_script('return document.querySelectorAll(\'[data-testid="profile-row"]\').length')
            for _ in range(ROUNDS):
                for query in QUERIES:
                    typing.append(driver.execute_async_script(TYPE_AND_PAINT, query))
                    idle.append(driver.execute_async_script(TYPE_AND_PAINT, query))
            return (statistics.median(opens), statistics.median(typing), max(typing), rows,
                    statistics.median(idle))
        finally:
            driver.quit()
            server.shutdown()

virtual = measure("virtual")
plain = measure("plain")
print(f"Profiles page, 5,000 profiles, headless Chromium ({ROUNDS} rounds of {len(QUERIES)} searches, medians):")
print(f"  {'':24} {'virtualised':>12} {'every row':>12} {'ratio':>7}")
for label, index in [("keystroke → painted", 1), ("slowest keystroke", 2), ("no change (the floor)", 4),
                     ("open → list painted", 0)]:
    print(f"  {label:24} {virtual[index]:10.1f}ms {plain[index]:10.1f}ms {virtual[index] / plain[index]:6.2f}×")
print(f"  {'rows in the page':24} {virtual[3]:12} {plain[3]:12}")
PY
