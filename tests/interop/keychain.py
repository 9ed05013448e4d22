"""A real Secret Service for tests: gnome-keyring-daemon, unlocked, on a private D-Bus
session bus, with every folder it or Awning touches inside the test's own."""

import subprocess
from pathlib import Path


class Keychain:
    def __init__(self, root: Path):
        folders = {
            "XDG_DATA_HOME": root / "xdg-data",
            "XDG_RUNTIME_DIR": root / "xdg-runtime",
            "XDG_CONFIG_HOME": root / "xdg-config",
            "XDG_CACHE_HOME": root / "xdg-cache",
            "AWNING_DATA_DIR": root / "awning-data",
        }
        for folder in folders.values():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        base = {"PATH": "/usr/bin:/bin", "HOME": str(root), **{k: str(v) for k, v in folders.items()}}
        self._bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=base,
        )
        # The daemon prints its address once it listens: reading it is the readiness signal.
        address = self._bus.stdout.readline().strip()
        # What Awning, secret-tool and the keyring daemon need to find this keychain, and
        # the test channel, so no real item of the user is ever in reach.
        self.env = {**base, "DBUS_SESSION_BUS_ADDRESS": address, "AWNING_CHANNEL": "test"}
        del self.env["PATH"], self.env["HOME"]
        # --unlock returns once the daemon serves the bus; a real password encrypts the
        # keyring file, so no test can find a token in it by reading files.
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
            input="correct horse", env={**base, **self.env}, check=True,
            stdout=subprocess.DEVNULL, text=True,
        )
        self._base = base

    def lookup(self, item):
        """The value Awning stored under `item` for the test channel, or None."""
        result = subprocess.run(
            ["secret-tool", "lookup", "service", "awning-test", "username", item],
            env={**self._base, **self.env}, capture_output=True, text=True, timeout=30,
        )
        return result.stdout if result.returncode == 0 else None

    def _collection(self, action, password=None):
        """Locks or unlocks the login collection, as a desktop does, with no prompt."""
        helper = Path(__file__).parents[1] / "e2e" / "keyring.py"
        subprocess.run(["/usr/bin/python3", str(helper), action], input=password, text=True, check=True,
                       env={**self._base, **self.env}, stdout=subprocess.DEVNULL, timeout=30)

    def lock(self):
        self._collection("lock")

    def unlock(self):
        self._collection("unlock", "correct horse")

    def daemon(self):
        """The pid of this keychain's gnome-keyring-daemon: the one on this test's bus."""
        address = f"DBUS_SESSION_BUS_ADDRESS={self.env['DBUS_SESSION_BUS_ADDRESS']}".encode()
        for proc in Path("/proc").iterdir():
            try:
                if (proc / "comm").read_text().strip() == "gnome-keyring-d" and \
                        address in (proc / "environ").read_bytes().split(b"\0"):
                    return int(proc.name)
            except OSError:
                continue
        raise RuntimeError("this test's gnome-keyring-daemon is not running")

    def close(self):
        # The keyring daemon leaves with its bus.
        self._bus.terminate()
        self._bus.wait()
