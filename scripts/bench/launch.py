#!/usr/bin/python3
"""Times a tray app from exec to its tray item registered, and measures its memory.

    launch.py RUNS PROGRAM [ARG...]

Needs a session bus where `tests/e2e/sni_watcher.py` owns the StatusNotifierWatcher.
Each run starts PROGRAM, waits for the watcher's StatusNotifierItemRegistered signal
(subscribed before the start, so the time is the program's alone), lets it settle for
SETTLE_SECONDS (default 5: WebKit and GTK finish starting after the item shows), takes
the PSS of its whole process tree, then stops it. Prints one JSON line: the medians,
{"tray_ms": …, "pss_kib": …, "processes": …}.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time

import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

SETTLE = float(os.environ.get("SETTLE_SECONDS", "5"))


def tree(pid):
    """PID and every descendant."""
    found, queue = [pid], [pid]
    while queue:
        parent = queue.pop()
        for task in os.listdir(f"/proc/{parent}/task"):
            try:
                with open(f"/proc/{parent}/task/{task}/children") as children:
                    kids = [int(kid) for kid in children.read().split()]
            except OSError:
                kids = []
            found += kids
            queue += kids
    return found


def pss_kib(pid):
    total = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def one_run(bus, command):
    loop = GLib.MainLoop()
    registered = []

    def on_registered(item):
        registered.append(time.perf_counter())
        loop.quit()

    match = bus.add_signal_receiver(on_registered, signal_name="StatusNotifierItemRegistered",
                                    dbus_interface="org.kde.StatusNotifierWatcher")
    GLib.timeout_add(60_000, loop.quit)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loop.run()
    match.remove()
    if not registered:
        process.kill()
        sys.exit(f"{command[0]} registered no tray item within 60 s")
    time.sleep(SETTLE)  # the method: memory once start-up is over, not a synchronisation
    memory, processes = pss_kib(process.pid), len(tree(process.pid))
    stop(process)
    return (registered[0] - start) * 1000, memory, processes


def stop(process):
    """SIGTERM, then SIGKILL if it has not ended within 10 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main():
    runs, command = int(sys.argv[1]), sys.argv[2:]
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    results = [one_run(bus, command) for _ in range(runs)]
    print(json.dumps({
        "tray_ms": round(statistics.median(r[0] for r in results), 1),
        "pss_kib": int(statistics.median(r[1] for r in results)),
        "processes": int(statistics.median(r[2] for r in results)),
    }))


if __name__ == "__main__":
    main()
