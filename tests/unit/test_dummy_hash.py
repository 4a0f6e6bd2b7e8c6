"""The hash verified for unknown user names costs what a real account's verification costs."""

from argon2 import PasswordHasher

from kim_desktop.services import accounts


def test_the_written_out_dummy_hash_has_the_hashers_current_parameters() -> None:
    # Otherwise an unknown name would fail faster or slower than a known one, and the time would tell them apart.
    hasher = PasswordHasher()
    assert not hasher.check_needs_rehash(accounts.DUMMY_HASH)
    assert hasher.verify(accounts.DUMMY_HASH, "kim-desktop-no-such-account")
