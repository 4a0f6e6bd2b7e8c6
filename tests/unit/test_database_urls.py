"""Database addresses as plain data for the settings screens (ui/ imports no SQLAlchemy)."""

from pathlib import Path

from kim_desktop.services.database_urls import (
    ServerAddress,
    is_sqlite,
    server_address,
    server_url,
    sqlite_path,
    sqlite_url,
    without_password,
)


def test_a_server_address_goes_to_a_url_and_back() -> None:
    address = ServerAddress("db.kreis.local", 5433, "kim", "buero", "gEh3im@:/")
    url = server_url(address)
    assert url.startswith("postgresql+psycopg://buero:")
    assert server_address(url) == address
    assert "gEh3im" not in without_password(url) and "db.kreis.local:5433/kim" in without_password(url)


def test_missing_parts_read_as_empty_and_the_default_port() -> None:
    assert server_address("postgresql+psycopg://server/kim") == ServerAddress("server", 5432, "kim", "", "")


def test_a_local_file() -> None:
    url = sqlite_url(Path("/daten/kim.sqlite"))
    assert is_sqlite(url) and sqlite_path(url) == Path("/daten/kim.sqlite")
    assert not is_sqlite("postgresql+psycopg://server/kim") and sqlite_path("postgresql+psycopg://server/kim") is None
