"""The packages people install, installed as they would install them.

A clean Debian 12 root is made with debootstrap from the Debian archive; the .deb goes
in with `apt-get install ./awning_….deb`, so its dependencies resolve for real; then the
installed CLI and app run inside it, the app under Xvfb until its tray item registers.
The tests run in order and share the root: the last removes the package.

    AWNING_DEB, AWNING_RPM   the packages (scripts/package.sh prints their paths)
    AWNING_PACKAGE_CACHE     where the pristine base root and apt's downloads are kept
                             between runs on one machine; every run works without them
"""

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parents[1]
DEB = Path(os.environ["AWNING_DEB"])
RPM = Path(os.environ["AWNING_RPM"])
CACHE = Path(os.environ.get("AWNING_PACKAGE_CACHE", REPO / "target/package-cache"))
MIRROR = "http://deb.debian.org/debian"
SOURCES = f"""deb {MIRROR} bookworm main
deb {MIRROR} bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
"""
# What the test itself runs in the root (a display, a session bus, a Secret Service and
# Python's D-Bus bindings for the tray's watcher); installed after the package, so the
# package's own dependencies are checked before these could mask one.
HARNESS = ["xvfb", "xauth", "dbus", "dbus-x11", "libglib2.0-bin", "gnome-keyring",
           "python3-dbus", "python3-gi", "procps"]
VERSION = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["package"]["version"]


def version(text):
    return tuple(int(part) for part in text.split("."))


def glibc_versions(program):
    symbols = run("objdump", "-T", str(program)).stdout
    return {version(found) for found in re.findall(r"GLIBC_([\d.]+)", symbols)}


def run(*command, **kwargs):
    return subprocess.run(command, check=True, text=True, capture_output=True, **kwargs)


def base_root():
    """A pristine debootstrapped Debian 12, as a tarball: made once, then reused."""
    tarball = CACHE / "debian-12-minbase.tar"
    if not tarball.exists():
        fresh = CACHE / "debootstrap"
        shutil.rmtree(fresh, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        run("debootstrap", "--variant=minbase", "bookworm", str(fresh), MIRROR)
        partial = tarball.with_suffix(".partial")
        run("tar", "-C", str(fresh), "-cf", str(partial), ".")
        partial.rename(tarball)  # a run stopped mid-way leaves no half tarball to reuse
        shutil.rmtree(fresh)
    return tarball


class Root:
    def __init__(self, path):
        self.path = path

    def run(self, *command, check=True, env=()):
        """COMMAND inside the root; returns the finished process."""
        archives = CACHE / "apt-archives"
        (archives / "partial").mkdir(parents=True, exist_ok=True)
        settings = [f"{name}={value}" for name, value in env]
        process = subprocess.run(
            [str(HERE / "in-root.sh"), str(self.path), *settings, *command],
            text=True, capture_output=True, env={**os.environ, "APT_ARCHIVES": str(archives)})
        if check and process.returncode != 0:
            pytest.fail(f"{' '.join(command)} exited {process.returncode}:\n"
                        f"{process.stdout}\n{process.stderr}")
        return process

    def apt_install(self, *packages):
        return self.run("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                        "--no-install-recommends", *packages)


@pytest.fixture(scope="module")
def root():
    path = REPO / "target/package-root"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    run("tar", "-C", str(path), "-xf", str(base_root()))
    (path / "etc/apt/sources.list").write_text(SOURCES)
    shutil.copy("/etc/resolv.conf", path / "etc/resolv.conf")
    shutil.copy(DEB, path / "tmp" / DEB.name)
    clean = Root(path)
    clean.run("apt-get", "update", "-qq")
    # The recommended keychain is left out here, as --no-install-recommends users do:
    # the dependencies alone must be enough to run.
    clean.apt_install(f"/tmp/{DEB.name}")
    yield clean
    shutil.rmtree(path, ignore_errors=True)


def test_the_package_depends_on_everything_its_programs_load(root):
    # ldd lists what the dynamic linker resolves; the tray library is loaded at run time
    # (dlopen), so it is looked for by name.
    for program in ("/usr/bin/awning", "/usr/bin/awning-app"):
        linked = root.run("ldd", program).stdout
        assert "not found" not in linked, linked
    found = root.run("sh", "-c", "ls /usr/lib/*/libayatana-appindicator3.so.1").stdout
    assert "libayatana-appindicator3.so.1" in found
    depends = run("dpkg-deb", "--field", str(DEB), "Depends").stdout
    for package in ("libwebkit2gtk-4.1-0", "libgtk-3-0", "libayatana-appindicator3-1"):
        assert package in depends, depends
    # The C library is the one dependency that no installed library pulls in with a
    # version: the package must name at least the newest symbol version it links.
    needed = max(glibc_versions(root.path / "usr/bin/awning") |
                 glibc_versions(root.path / "usr/bin/awning-app"))
    named = re.search(r"libc6 \(>= ([\d.]+)\)", depends)
    assert named and version(named[1]) >= needed, (depends, needed)
    recommends = run("dpkg-deb", "--field", str(DEB), "Recommends").stdout
    assert "gnome-keyring" in recommends, recommends


def test_the_cli_is_on_path_and_says_its_version(root):
    assert root.run("awning", "--version").stdout.strip() == f"awning {VERSION}"


def test_the_installed_cli_has_no_sandbox(root):
    answer = root.run("awning", "sandbox", check=False)
    assert answer.returncode != 0
    assert "unrecognized subcommand 'sandbox'" in answer.stderr
    assert root.run("sh", "-c", "command -v awning-sandbox", check=False).returncode != 0


def test_config_check_reads_the_users_file_and_names_each_broken_line(root):
    aws = root.path / "root/.aws"
    aws.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "crates/awning/tests/fixtures/broken-lines.ini", aws / "config")
    answer = root.run("awning", "config", "check", check=False)
    assert answer.returncode == 1, answer
    named = re.findall(r"^/root/\.aws/config:(\d+): ", answer.stdout, re.MULTILINE)
    assert named == ["1", "2", "3", "6"], answer.stdout
    assert "4 problems in /root/.aws/config" in answer.stderr, answer.stderr


def test_the_app_starts_in_the_tray_with_no_web_view(root):
    root.apt_install(*HARNESS)
    harness = root.path / "tmp/harness"
    harness.mkdir(exist_ok=True)
    for name in ("sni_watcher.py", "tray.py"):
        shutil.copy(REPO / "tests/e2e" / name, harness / name)
    shutil.copy(HERE / "start-tray.sh", harness / "start-tray.sh")
    started = root.run("xvfb-run", "-a", "dbus-run-session", "--", "bash",
                       "/tmp/harness/start-tray.sh")
    seen = json.loads(started.stdout.splitlines()[-1])
    labels = [entry["label"] for entry in seen["menu"]]
    assert "Open Awning" in labels and "Quit" in labels, labels
    assert seen["webkit"] == [], "no window is open, so no WebKit process should run"
    # The release channel's own data folder, as installed builds use.
    assert (root.path / "root/.local/share/awning").is_dir()


def test_the_desktop_entry_icons_and_licence_are_installed(root):
    files = root.run("dpkg", "-L", "awning").stdout.splitlines()
    entries = [f for f in files if f.startswith("/usr/share/applications/") and f.endswith(".desktop")]
    assert len(entries) == 1, files
    entry = (root.path / entries[0].lstrip("/")).read_text()
    assert "Exec=awning-app" in entry and "Icon=awning-app" in entry, entry
    sizes = {f.split("/")[5] for f in files if f.startswith("/usr/share/icons/hicolor/")
             and f.endswith("/apps/awning-app.png")}
    assert {"16x16", "32x32", "48x48", "128x128", "256x256", "512x512"} <= sizes, sizes
    assert "/usr/share/doc/awning/copyright" in files
    assert "Apache-2.0" in (root.path / "usr/share/doc/awning/copyright").read_text()


def test_lintian_finds_no_error_or_warning():
    # Overrides, each with its reason, are in installer/linux/lintian-overrides.
    answer = subprocess.run(["lintian", "--fail-on", "error,warning", "--no-tag-display-limit",
                             str(DEB)], text=True, capture_output=True)
    assert answer.returncode == 0, answer.stdout + answer.stderr


def test_the_rpm_holds_the_same_programs_and_names_its_dependencies():
    listed = run("rpm", "-qpl", str(RPM)).stdout.splitlines()
    for wanted in ("/usr/bin/awning", "/usr/bin/awning-app", "/usr/share/licenses/awning/LICENSE"):
        assert wanted in listed, listed
    assert not any("sandbox" in path for path in listed), listed
    # rpm names libraries by soname, which every distribution's packages provide.
    requires = run("rpm", "-qp", "--requires", str(RPM)).stdout
    for needed in ("libwebkit2gtk-4.1.so.0()(64bit)", "libgtk-3.so.0()(64bit)",
                   "libayatana-appindicator-gtk3", "glibc >= 2.34"):
        assert needed in requires, requires


def test_removing_the_package_leaves_the_users_files(root):
    config = root.path / "root/.aws/config"
    data = root.path / "root/.local/share/awning"
    before = config.read_bytes(), sorted(p.name for p in data.iterdir())
    root.run("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "awning")
    assert root.run("sh", "-c", "command -v awning awning-app", check=False).returncode != 0
    assert (config.read_bytes(), sorted(p.name for p in data.iterdir())) == before
