#!/usr/bin/env bash
# Runs a command under a real, unlocked GNOME keyring (the freedesktop Secret
# Service) on a private D-Bus session, so keytar works on a headless machine:
#
#   bash test/with-keychain.sh npx vitest run --project unit main/keys
#
# Everything lives in a fresh temp dir: the keyring files never touch the
# user's own keyring. The daemon is started in the foreground by this script,
# so it is stopped by its own pid, and the temp dir is removed on exit.
# Needs: apt-get install -y gnome-keyring libsecret-tools dbus
# As root in a container, dbus-daemon prints "Failed to set fd limit": harmless.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: bash test/with-keychain.sh COMMAND [ARG...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-keychain: '$tool' is missing (apt-get install -y gnome-keyring libsecret-tools dbus)" >&2
    exit 2
  fi
done

KEYRING_TMP="$(mktemp -d "${TMPDIR:-/tmp}/handover-keyring.XXXXXX")"
trap 'rm -rf "$KEYRING_TMP"' EXIT
mkdir -m 700 "$KEYRING_TMP/home" "$KEYRING_TMP/data" "$KEYRING_TMP/run"
export KEYRING_TMP
# The daemon keeps its control socket here; the D-Bus session does not need it
# but a per-user runtime dir must be private (mode 700).
export XDG_RUNTIME_DIR="$KEYRING_TMP/run"

# Inside the private session bus: start the daemon, wait until it owns the
# Secret Service name (otherwise D-Bus would auto-activate a second, locked
# daemon on first use), run the command, stop the daemon.
# HOME and XDG_DATA_HOME point at the temp dir for the daemon only (that is
# where it creates and unlocks a throwaway "login" keyring); the command keeps
# the caller's HOME so npm/npx find their own config and cache.
inner='
set -euo pipefail
printf "throwaway-test-keyring" |
  HOME="$KEYRING_TMP/home" XDG_DATA_HOME="$KEYRING_TMP/data" \
  gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$KEYRING_TMP/daemon.log" 2>&1 &
daemon=$!
trap "kill \"\$daemon\" 2>/dev/null || true; wait \"\$daemon\" 2>/dev/null || true" EXIT

owned=no
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true"; then
    owned=yes
    break
  fi
  sleep 0.1
done
if [[ $owned != yes ]]; then
  echo "with-keychain: gnome-keyring-daemon did not start; its log:" >&2
  cat "$KEYRING_TMP/daemon.log" >&2 || true
  exit 1
fi

"$@"
'
dbus-run-session -- bash -c "$inner" with-keychain "$@"
