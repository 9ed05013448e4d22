#!/usr/bin/python3
"""Reads and drives the tray item registered with `sni_watcher.py`, as a panel would.

    tray.py item                 wait for a registered item; print {"bus", "path"}
    tray.py props BUS PATH       the org.kde.StatusNotifierItem properties
    tray.py menu BUS PATH        the menu entries: [{"id", "label", "enabled"}]
    tray.py click BUS PATH LABEL send "clicked" to the entry with that label
    tray.py wait-label BUS PATH LABEL  wait until the menu has an entry with that label
    tray.py wait-gone BUS        wait until BUS has left the session bus

Every wait is event-driven and gives up after --timeout seconds (default 15) with exit 1.
Output is JSON on stdout.
"""

import argparse
import json
import sys
import time

import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

WATCHER = ("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher")
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


def plain(value):
    """dbus-python values as JSON-able Python values."""
    if isinstance(value, (dbus.Array, list)):
        return [plain(v) for v in value]
    if isinstance(value, (dbus.Dictionary, dict)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, dbus.Struct):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath)):
        return str(value)
    if isinstance(value, (dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64, dbus.Byte)):
        return int(value)
    return value


def wait_for(bus, ready, subscribe, timeout):
    """Runs a main loop until ready() is true; subscribe(check) hooks the signal(s)."""
    if ready():
        return True
    loop = GLib.MainLoop()

    def check(*_):
        if ready():
            loop.quit()

    subscribe(check)
    GLib.timeout_add(int(timeout * 1000), loop.quit)
    loop.run()
    return ready()


def split_item(item):
    slash = item.index("/")
    return {"bus": item[:slash], "path": item[slash:]}


def cmd_item(bus, args):
    watcher = bus.get_object(*WATCHER)

    def items():
        return list(watcher.Get(WATCHER[0], "RegisteredStatusNotifierItems",
                                dbus_interface=dbus.PROPERTIES_IFACE))

    def subscribe(check):
        bus.add_signal_receiver(check, "StatusNotifierItemRegistered", WATCHER[0])

    if not wait_for(bus, items, subscribe, args.timeout):
        sys.exit("no tray item registered within the timeout")
    return split_item(str(items()[0]))


def cmd_props(bus, args):
    item = bus.get_object(args.bus, args.path)
    return plain(item.GetAll(ITEM, dbus_interface=dbus.PROPERTIES_IFACE))


def menu_entries(bus, args):
    menu_path = bus.get_object(args.bus, args.path).Get(
        ITEM, "Menu", dbus_interface=dbus.PROPERTIES_IFACE)
    menu = bus.get_object(args.bus, menu_path)
    _revision, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"),
                                       dbus_interface=MENU)
    entries = []

    def walk(node):
        node_id, props, children = node
        props = plain(props)
        if node_id != 0 and props.get("type") != "separator":
            entries.append({
                "id": int(node_id),
                "label": props.get("label", "").replace("_", ""),
                "enabled": props.get("enabled", True),
            })
        for child in children:
            walk(child)

    walk(layout)
    return menu, entries


def cmd_menu(bus, args):
    return menu_entries(bus, args)[1]


def cmd_click(bus, args):
    menu, entries = menu_entries(bus, args)
    matches = [entry for entry in entries if entry["label"] == args.label]
    if not matches:
        sys.exit(f"no menu entry {args.label!r} in {[e['label'] for e in entries]}")
    entry = matches[0]
    menu.Event(dbus.Int32(entry["id"]), "clicked", dbus.Int32(0),
               dbus.UInt32(int(time.time())), dbus_interface=MENU)
    return entry


def cmd_wait_label(bus, args):
    def shown():
        return any(entry["label"] == args.label for entry in menu_entries(bus, args)[1])

    def subscribe(check):
        # The menu tells of a new layout; a new menu object is a property change.
        for signal in ("LayoutUpdated", "ItemsPropertiesUpdated"):
            bus.add_signal_receiver(check, signal, MENU, bus_name=args.bus)
        bus.add_signal_receiver(check, "NewMenu", ITEM, bus_name=args.bus)

    if not wait_for(bus, shown, subscribe, args.timeout):
        labels = [entry["label"] for entry in menu_entries(bus, args)[1]]
        sys.exit(f"no menu entry {args.label!r} within the timeout: {labels}")
    return {"shown": args.label}


def cmd_wait_gone(bus, args):
    def gone():
        return not bus.name_has_owner(args.bus)

    def subscribe(check):
        bus.add_signal_receiver(check, "NameOwnerChanged", "org.freedesktop.DBus",
                                arg0=args.bus)

    if not wait_for(bus, gone, subscribe, args.timeout):
        sys.exit(f"{args.bus} is still on the bus after {args.timeout} s")
    return {"gone": args.bus}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=15)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("item").set_defaults(run=cmd_item)
    for name, run in (("props", cmd_props), ("menu", cmd_menu), ("click", cmd_click),
                      ("wait-label", cmd_wait_label)):
        sub = commands.add_parser(name)
        sub.add_argument("bus")
        sub.add_argument("path")
        if name in ("click", "wait-label"):
            sub.add_argument("label")
        sub.set_defaults(run=run)
    gone = commands.add_parser("wait-gone")
    gone.add_argument("bus")
    gone.set_defaults(run=cmd_wait_gone)
    args = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    print(json.dumps(args.run(dbus.SessionBus(), args)))


if __name__ == "__main__":
    main()
