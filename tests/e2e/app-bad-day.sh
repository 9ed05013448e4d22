#!/usr/bin/env bash
# The app under test on a bad day: its wall clock is libfaketime's, moved by writing an
# offset ("+290") to $AWNING_E2E_WORK/faketime, while its monotonic clock runs on — as a
# machine's does when it sleeps and wakes. Its console sessions end 19 minutes after
# their sign-in, so the warning 15 minutes before the end is 4 minutes away.
faketime=(/usr/lib/*/faketime/libfaketime.so.1)
export LD_PRELOAD=${faketime[0]}
export FAKETIME_TIMESTAMP_FILE=$AWNING_E2E_WORK/faketime FAKETIME_DONT_FAKE_MONOTONIC=1
export FAKETIME_CACHE_DURATION=1 AWNING_CONSOLE_SESSION_SECONDS=1140
# The browser it opens is another program, on the machine's own clock.
export BROWSER="env -u LD_PRELOAD $BROWSER"
exec "$AWNING_APP_BINARY" "$@"
