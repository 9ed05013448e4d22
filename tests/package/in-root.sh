#!/usr/bin/env bash
# in-root.sh ROOT COMMAND...: runs COMMAND as root inside the Debian root ROOT, with
# /proc and /dev mounted (and the apt archive of APT_ARCHIVES, when set, as its package
# cache). The mounts live in a mount namespace of this command's own, so they go when it
# ends, however it ends: a failed test never leaves the host with stray mounts.
set -euo pipefail
exec unshare --mount --propagation private bash -euo pipefail -c '
  root=$1
  shift
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  if [ -n "${APT_ARCHIVES:-}" ]; then
    mount --bind "$APT_ARCHIVES" "$root/var/cache/apt/archives"
  fi
  exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
' in-root "$@"
