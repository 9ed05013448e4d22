#!/usr/bin/env python3
"""Turns the benchmark rows (JSON lines) into one Markdown table: prints it, and writes
it with the machine it was measured on and what each figure means to OUT.

    table.py ROWS OUT
"""

import json
import os
import platform
import re
import subprocess
import sys
import time

# The aims, by figure: (peer, the most the ratio may be, or the most the figure
# may be when the peer is None).
AIMS = {
    ("credential-process, warm, app running (socket)", "/bin/true"): 2.0,
    ("memory (PSS), started with --background", "minimal Tauri app, no window"): 1.2,
    ("memory (PSS), window closed again", "minimal Tauri app, no window"): 1.2,
}
IDLE_AIM_SECONDS = 0.05  # CPU over 10 minutes in the tray

MEANINGS = """\
- **credential-process** is what every AWS SDK runs, each time a tool starts, for a
  profile whose `credential_process` is `awning credential-process`. *Warm*: the role
  credentials are already kept. With the app running, the CLI asks it over its socket;
  alone, it reads the keychain itself. boto3 resolving the same profile natively in a
  fresh process is what the user would otherwise wait for; `/bin/true` is the cost of
  starting any program at all.
- **exec to tray item registered**: from starting `awning-app --background` (as a start at
  login does) to its item on the tray's D-Bus watcher, beside the minimal Tauri 2 app
  (`benches/minimal-tauri`: one tray icon, one window, one page) built with the same
  release profile.
- **memory** is the proportional set size (PSS) of the whole process tree, the app and
  any WebKit processes, so shared libraries count once across them. *Started with
  --background* and *window closed again* are what Awning costs all day. The window is
  built on demand, so a start in the background runs no WebKit process; closing it
  ends its web process, but WebKit's network process stays for the app's life (WebKit
  does not end it, and Tauri keeps its one web context on Linux so that each opening
  does not leave another: tauri-apps/tauri#14626).
- **CPU idle** is the user and system time of the process tree while Awning sits in the
  tray with a signed-in session, beside the minimal app in the tray over the same
  seconds on the same machine.
- **config**: parsing a 5,000-profile `~/.aws/config`, and one edit of it written as
  Awning writes (staged, synced, renamed, undoable), beside botocore's parser and
  Python's configparser, which loses every comment.
- **discovery** lists every account and role through a portal that throttles beyond a
  rate; the bound is the fewest calls any client needs divided by that rate.
- **codeartifact login** configures the tool and keeps its token, beside the AWS CLI v1's
  `aws codeartifact login` for the same repository.
- **the .deb** as people download it, beside the minimal Tauri app's.
"""


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    system = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release")
                   if line.startswith("PRETTY_NAME=")), platform.system())
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory / 1048576:.0f} GiB; {system}, Linux "
            f"{platform.release()}; {rustc}; commit {commit}; {time.strftime('%Y-%m-%d')}")


def aim(row, ratio):
    idle = re.match(r"CPU idle in the tray for (\d+) min", row["figure"])
    if idle:
        met = row["awning"] <= IDLE_AIM_SECONDS * int(idle[1]) / 10
        return f"≤ {IDLE_AIM_SECONDS} s per 10 min: {'met' if met else 'not met'}"
    most = AIMS.get((row["figure"], row["peer"]))
    if most is None:
        return ""
    return f"≤ {most}×: {'met' if ratio is not None and ratio <= most else 'not met'}"


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    lines = ["| figure | Awning | peer | peer's figure | ratio | aim |", "|---|---|---|---|---|---|"]
    for row in rows:
        ratio = row["awning"] / row["peer_value"] if row["peer_value"] else None
        unit = row["unit"]
        shown = f"{ratio:.2f}×" if ratio is not None else "— (the peer used none)"
        lines.append(f"| {row['figure']} | {row['awning']:g} {unit} | {row['peer']} | "
                     f"{row['peer_value']:g} {unit} | {shown} | {aim(row, ratio)} |")
    table = "\n".join(lines)
    print(table)
    with open(sys.argv[2], "w") as out:
        out.write("# Benchmarks\n\n"
                  "Written by `scripts/bench.sh` on a release build; every figure stands beside a\n"
                  "peer measured in the same run, and the ratio is Awning's figure over the peer's\n"
                  "(below 1: Awning takes less). Medians; figures vary with the machine, ratios much\n"
                  "less.\n\n"
                  f"Measured on: {machine()}.\n\n{table}\n\n## What each figure means\n\n{MEANINGS}")


if __name__ == "__main__":
    main()
