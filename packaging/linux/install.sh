#!/bin/sh
# Install KIM Desktop from the unpacked archive: for the current user (default, no root needed) or for all
# users (--system, as root). Adds the start-menu entry, the icon, the AppStream data and the commands
# kim-desktop / kim-desktop-cli. `install.sh --uninstall [--system]` removes them again (the data stays).
set -eu

APP_ID=de.kim-netzwerk.KimDesktop
here=$(cd "$(dirname "$0")" && pwd)
system=no
action=install
for arg in "$@"; do
    case "$arg" in
        --system) system=yes ;;
        --uninstall) action=uninstall ;;
        -h|--help) sed -n '2,4p' "$0" | cut -c3-; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

if [ "$system" = yes ]; then
    prefix=/opt/kim-desktop
    bindir=/usr/local/bin
    share=/usr/local/share
else
    prefix="$HOME/.local/lib/kim-desktop"
    bindir="$HOME/.local/bin"
    share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

refresh() {
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$share/applications" || true; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$share/icons/hicolor" || true; fi
}

if [ "$action" = uninstall ]; then
    rm -f "$bindir/kim-desktop" "$bindir/kim-desktop-cli" "$share/applications/$APP_ID.desktop" \
        "$share/metainfo/$APP_ID.metainfo.xml"
    find "$share/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
    rm -rf "$prefix"
    refresh
    echo "KIM Desktop entfernt (die Daten im Datenordner bleiben erhalten)."
    exit 0
fi

if [ "$here" != "$prefix" ]; then
    rm -rf "$prefix"
    mkdir -p "$prefix"
    cp -a "$here/." "$prefix/"
fi
mkdir -p "$bindir" "$share/applications" "$share/metainfo" "$share/icons"
ln -sf "$prefix/kim-desktop" "$bindir/kim-desktop"
ln -sf "$prefix/kim-desktop-cli" "$bindir/kim-desktop-cli"
cp -R "$prefix/share/icons/." "$share/icons/"
sed -e "s|^Exec=kim-desktop|Exec=$prefix/kim-desktop|" -e "s|^TryExec=kim-desktop|TryExec=$prefix/kim-desktop|" \
    "$prefix/share/applications/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
cp "$prefix/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
refresh
echo "KIM Desktop installiert in $prefix (Startmenü: KIM Desktop; Befehle: $bindir/kim-desktop, kim-desktop-cli)."
