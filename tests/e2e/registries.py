"""The package registries of the desktop tests: a real verdaccio and a real pypiserver
that accept only tokens the sandbox issued, in `folder` (outside the test's home: the
htpasswd file holds the newest token). Writes the CodeArtifact part of the scenario and
the variables that name the registries, prints `ready`, and serves until terminated."""

import contextlib
import signal
import sys
from pathlib import Path

from local_registries import pypiserver, verdaccio


def main(folder):
    with contextlib.ExitStack() as stack:
        npm, secret = stack.enter_context(verdaccio(folder))
        pypi, htpasswd = stack.enter_context(pypiserver(folder))
        (folder / "scenario-codeartifact.toml").write_text(f"""
[[codeartifact.domains]]
name = "acme"
owner = "111122223333"
verdaccio_secret = "{secret}"
htpasswd = "{htpasswd}"

[[codeartifact.domains.repositories]]
name = "packages"
endpoints = {{ npm = "{npm}", pypi = "{pypi}" }}
""")
        (folder / "env").write_text(f"export AWNING_E2E_VERDACCIO={npm} AWNING_E2E_PYPI={pypi}\n")
        print("ready", flush=True)
        # Asked to stop, it leaves the `with`, which stops the registries. (Blocking the
        # signals instead would block them in the registries too, which inherit the mask
        # and then never stop.)
        while not stopping:
            signal.pause()


stopping = []

if __name__ == "__main__":
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    main(Path(sys.argv[1]))
