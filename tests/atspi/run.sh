#!/bin/bash
# The person form read over the real AT-SPI bus (what Orca uses): Xvfb, a private D-Bus session, the a11y bus.
# Needs: xvfb, dbus, at-spi2-core, python3-pyatspi (Debian). Usage: tests/atspi/run.sh [venv python]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${1:-$root/.venv/bin/python}"
exec dbus-run-session -- bash -c '
  Xvfb :97 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap "kill $xvfb" EXIT
  export DISPLAY=:97 QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 NO_AT_BRIDGE=0
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  sleep 1
  cd "'"$root"'" && PYTHONPATH="'"$root"'" "'"$python"'" tests/atspi/app_under_test.py
'
