"""Tests of the packaging: the PyInstaller bundle, the Linux archive, desktop files and the Windows version file."""
