#!/usr/bin/python3
"""A minimal StatusNotifierWatcher, owned by the E2E harness.

Debian ships no watcher outside a full desktop. Owning `org.kde.StatusNotifierWatcher`
on the private session bus lets the app register its tray item exactly as it would under
KDE or GNOME with the AppIndicator extension, and lets `tray.py` find and drive it.
Runs under /usr/bin/python3, which has python3-dbus and python3-gi.
"""

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"


class Watcher(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.bus = bus
        self.items = []
        bus.add_signal_receiver(
            self.on_name_owner_changed,
            signal_name="NameOwnerChanged",
            dbus_interface="org.freedesktop.DBus",
        )

    @dbus.service.method(NAME, in_signature="s", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender=None):
        # libayatana-appindicator passes its object path; others pass a bus name.
        item = sender + service if service.startswith("/") else service + "/StatusNotifierItem"
        if item not in self.items:
            self.items.append(item)
            self.StatusNotifierItemRegistered(item)

    @dbus.service.method(NAME, in_signature="s")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(NAME, signature="s")
    def StatusNotifierItemRegistered(self, item):
        pass

    @dbus.service.signal(NAME, signature="s")
    def StatusNotifierItemUnregistered(self, item):
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, prop):
        return self.GetAll(interface)[prop]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            # A host (a panel that shows items) is what apps look for before registering.
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }

    def on_name_owner_changed(self, name, old_owner, new_owner):
        if new_owner:
            return
        for item in [item for item in self.items if item.startswith(name + "/")]:
            self.items.remove(item)
            self.StatusNotifierItemUnregistered(item)


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    # Keep a reference: the name is released when the BusName object is collected.
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    watcher = Watcher(bus)
    GLib.MainLoop().run()
    del name, watcher


if __name__ == "__main__":
    main()
