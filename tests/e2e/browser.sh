#!/usr/bin/env bash
# The BROWSER the app under test opens. It records each URL it is given, then approves
# the sign-in in headless Chromium — unless the test created `hold-browser` to look at
# the app's waiting views first (it approves the recorded URL itself afterwards).
set -euo pipefail
echo "$1" >>"$AWNING_E2E_WORK/opened-urls"
[ -e "$AWNING_E2E_WORK/hold-browser" ] && exit 0
exec "$AWNING_E2E_PYTHON" "$AWNING_E2E_ROOT/tests/interop/browser.py" "$1" approve
