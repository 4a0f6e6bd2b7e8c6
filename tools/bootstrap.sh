#!/usr/bin/env bash
# Bootstrap a virtual environment with Python >= 3.12, the package and its test extras, and the Qt system
# libraries (installed with apt-get when run as root on Debian/Ubuntu; otherwise the exact packages are named).
set -euo pipefail
venv="${1:-.venv}"

QT_LIBS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 libcups2"
# Only for a real window under Xvfb (screenshots) and PDF rendering checks; not needed for offscreen tests.
DESKTOP_LIBS="xvfb xauth libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 \
libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 poppler-utils"
# For `make package` and its tests: PyInstaller needs objdump/strip; the desktop files are validated.
PACKAGING_TOOLS="binutils desktop-file-utils appstream"

find_python() {
    local candidates=(python3.13 python3.12 python3.14 python3)
    local c
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$c"; return 0
        fi
    done
    # pyenv installs that are not on PATH as shims for the current version.
    for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
        if [ -x "$c" ] && "$c" -c 'import venv' 2>/dev/null; then echo "$c"; return 0; fi
    done
    return 1
}

missing_debs() {
    local pkg missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

if command -v dpkg-query >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    missing=$(missing_debs $QT_LIBS $DESKTOP_LIBS $PACKAGING_TOOLS)
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing system libraries for Qt: $missing"
            apt-get update -qq
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
        else
            echo "KIM Desktop needs these Debian/Ubuntu packages; please install them:" >&2
            echo "  sudo apt-get install $missing" >&2
            exit 1
        fi
    fi
fi

if [ ! -x "$venv/bin/python" ]; then
    if ! py=$(find_python); then
        echo "KIM Desktop needs Python 3.12 or newer (PySide6 6.12 aborts on 3.11)." >&2
        echo "Install it, e.g. 'sudo apt-get install python3.12 python3.12-venv', or put python3.12 on PATH." >&2
        exit 1
    fi
    echo "Creating virtual environment $venv with $py"
    "$py" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$venv/bin/python" tools/translations.py compile >/dev/null
echo "Environment ready: $venv"
