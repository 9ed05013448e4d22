#!/usr/bin/env bash
# Credentials for one profile, as a tool asks for them each time it starts: a warm
# `awning credential-process` (credentials from the keychain) beside boto3 resolving the
# same native profile in a fresh Python process. `sso` (the default): an IAM Identity
# Center profile, boto3 reading the mirrored token cache, then GetRoleCredentials from
# the sandbox. `console`: a `login_session` profile, boto3 reading the mirrored login
# cache (botocore ≥ 1.41). Both against a release build,
# a real gnome-keyring on a private bus and the sandbox on loopback. Medians of 20 runs;
# figures vary with the machine. Needs the test command's Python peers
# (tests/interop/.venv).
set -euo pipefail
mode=${1:-sso}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --quiet --release -p awning-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run AWNING_DATA_DIR=$work/awning
export AWNING_CHANNEL=test AWS_CONFIG_FILE=$work/config AWS_EC2_METADATA_DISABLED=true
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$AWNING_DATA_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cat > "$AWS_CONFIG_FILE" <<'INI'
[sso-session corp]
sso_start_url = https://d-9067000000.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1

[profile console]
login_session = arn:aws:sts::111122223333:assumed-role/Admin/ada
region = us-east-1
INI
dbus-run-session -- bash -c '
  printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$1" - "$0" "$2" <<"PY"
import os, re, statistics, subprocess, sys, time, urllib.parse, urllib.request

awning = sys.argv[1]
sandbox = subprocess.Popen([awning + "-sandbox", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
url = next(line.split()[1] for line in sandbox.stdout if line.startswith("ready "))
for service in ("SSO", "SSO_OIDC", "STS", "SIGNIN"):
    os.environ[f"AWS_ENDPOINT_URL_{service}"] = url
mode = sys.argv[2]
profile = {"sso": "dev", "console": "console"}[mode]


def sso_login():
    login = subprocess.Popen([awning, "login", "--sso-session", "corp", "--no-browser"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    code = next(line.strip() for line in login.stderr
                if re.fullmatch(r"\s+[A-Z0-9]{4}-[A-Z0-9]{4}\s*", line))
    form = urllib.parse.urlencode({"user_code": code, "decision": "approve"}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{url}/device", data=form)).read()
    assert login.wait() == 0
    return "sso-session:corp"


def console_login():
    """A remote console sign-in (no display here), approved with the form on the page."""
    login = subprocess.Popen([awning, "login", "--console", "--profile", "console"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    page_url = next(line.strip() for line in login.stderr if line.startswith("http"))
    page = urllib.request.urlopen(page_url).read().decode()
    request = re.search(r"name=\"request\" value=\"([^\"]+)\"", page).group(1)
    form = urllib.parse.urlencode({"request": request, "decision": "approve"}).encode()
    shown = urllib.request.urlopen(urllib.request.Request(page_url.split("?")[0], data=form)).read().decode()
    code = shown.split("id=\"verification-code\"")[1].split(">", 1)[1].split("<", 1)[0]
    login.communicate(code + "\n")
    assert login.returncode == 0
    return "login:arn:aws:sts::111122223333:assumed-role/Admin/ada"


try:
    session = {"sso": sso_login, "console": console_login}[mode]()
    subprocess.run([awning, "vault", "mirror", session, "on"], check=True, stdout=subprocess.DEVNULL)

    def median_ms(command, runs=20):
        def once():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            return (time.perf_counter() - start) * 1000
        once()  # the first call fetches and keeps the role credentials
        return statistics.median(once() for _ in range(runs))

    ours = median_ms([awning, "credential-process", "--profile", profile])
    peer = median_ms([sys.executable, "-c",
                      f"import boto3; boto3.Session(profile_name=\"{profile}\").get_credentials().get_frozen_credentials()"])
    print(f"{mode} profile")
    print(f"awning credential-process, warm:        {ours:7.1f} ms")
    print(f"boto3 resolving the profile, fresh:     {peer:7.1f} ms")
    print(f"ratio (awning / boto3):                 {ours / peer:7.2f}")
finally:
    sandbox.terminate()
PY
' "$root/target/release/awning" "$root/tests/interop/.venv/bin/python" "$mode"
