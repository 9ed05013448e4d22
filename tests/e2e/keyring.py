#!/usr/bin/python3
"""Locks or unlocks gnome-keyring's login collection, as a desktop does on screen lock
and at log-in, with no prompt.

    keyring.py lock
    keyring.py unlock        (the password on standard input, never in the arguments)
"""

import sys

import dbus

SERVICE = ("org.freedesktop.secrets", "/org/freedesktop/secrets")
LOGIN = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")


def main():
    service = dbus.SessionBus().get_object(*SERVICE)
    secrets = dbus.Interface(service, "org.freedesktop.Secret.Service")
    if sys.argv[1] == "lock":
        secrets.Lock([LOGIN])
    else:
        # gnome-keyring's own call: unlock with the password, no prompt. The password
        # travels in a "plain" session over the private session bus of the test.
        _, session = secrets.OpenSession("plain", dbus.String("", variant_level=1))
        password = sys.stdin.buffer.read()
        secret = (session, dbus.ByteArray(b""), dbus.ByteArray(password), "text/plain")
        keyring = dbus.Interface(service, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
        keyring.UnlockWithMasterPassword(LOGIN, secret)
    print('{"done": true}')


if __name__ == "__main__":
    main()
