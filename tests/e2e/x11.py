#!/usr/bin/python3
"""What a window manager would see and do, for the E2E tests (Xvfb has no window manager).

    x11.py mapped TITLE   print {"mapped": true|false}: is a window with that title viewable
    x11.py close TITLE    ask that window to close, as a title-bar close button does
"""

import json
import sys

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


def main():
    command, title = sys.argv[1], sys.argv[2]
    screen_display = display.Display()
    if command == "mapped":
        print(json.dumps({"mapped": mapped(screen_display, title)}))
    elif command == "close":
        print(json.dumps({"closed": close(screen_display, title)}))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
