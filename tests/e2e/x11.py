#!/usr/bin/python3
"""What a window manager would see and do, for the E2E tests (Xvfb has no window manager).

    x11.py mapped TITLE   print {"mapped": true|false}: is a window with that title viewable
    x11.py close TITLE    ask that window to close, as a title-bar close button does
    x11.py wait-gone TITLE    wait until no window has that title (destroyed, not hidden)
    x11.py wait-mapped TITLE  wait until a window with that title is viewable
    x11.py size TITLE     print {"width", "height"} of the viewable window with that title
    x11.py resize TITLE W H   resize it, as a person dragging its corner would, and wait
                          until it has that size

The waits wake on X events (a window created, mapped, destroyed) and give up after 15 s.
"""

import json
import select
import sys
import time

from Xlib import X, display, protocol


def windows_titled(screen_display, title):
    root = screen_display.screen().root
    stack = [root]
    while stack:
        window = stack.pop()
        try:
            name = window.get_wm_name()
            children = window.query_tree().children
        except Exception:  # a window may vanish while the tree is walked
            continue
        if name == title:
            yield window
        stack.extend(children)


def mapped(screen_display, title):
    return any(
        window.get_attributes().map_state == X.IsViewable
        for window in windows_titled(screen_display, title)
    )


def close(screen_display, title):
    delete = screen_display.intern_atom("WM_DELETE_WINDOW")
    protocols = screen_display.intern_atom("WM_PROTOCOLS")
    targets = [w for w in windows_titled(screen_display, title)
               if w.get_attributes().map_state == X.IsViewable]
    if not targets:
        sys.exit(f"no visible window titled {title!r}")
    for window in targets:
        event = protocol.event.ClientMessage(
            window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
        window.send_event(event, event_mask=X.NoEventMask)
    screen_display.flush()
    return len(targets)


def viewable(screen_display, title):
    for window in windows_titled(screen_display, title):
        if window.get_attributes().map_state == X.IsViewable:
            return window
    sys.exit(f"no visible window titled {title!r}")


def size(screen_display, title):
    geometry = viewable(screen_display, title).get_geometry()
    return {"width": geometry.width, "height": geometry.height}


def wait_until(screen_display, ready, timeout=15):
    """Returns once ready() holds, re-checking after each structure change on screen."""
    screen_display.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
    screen_display.sync()
    deadline = time.monotonic() + timeout
    while not ready():
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit("the window did not change within the timeout")
        if screen_display.pending_events() == 0:
            select.select([screen_display.fileno()], [], [], left)
        while screen_display.pending_events():
            screen_display.next_event()


def main():
    command, title = sys.argv[1], sys.argv[2]
    screen_display = display.Display()
    if command == "wait-gone":
        wait_until(screen_display, lambda: not any(windows_titled(screen_display, title)))
        print(json.dumps({"gone": True}))
    elif command == "wait-mapped":
        wait_until(screen_display, lambda: mapped(screen_display, title))
        print(json.dumps({"mapped": True}))
    elif command == "mapped":
        print(json.dumps({"mapped": mapped(screen_display, title)}))
    elif command == "close":
        print(json.dumps({"closed": close(screen_display, title)}))
    elif command == "size":
        print(json.dumps(size(screen_display, title)))
    elif command == "resize":
        wanted = {"width": int(sys.argv[3]), "height": int(sys.argv[4])}
        viewable(screen_display, title).configure(**wanted)
        screen_display.flush()
        wait_until(screen_display, lambda: size(screen_display, title) == wanted)
        print(json.dumps(wanted))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
