"""Use cases: one function per thing a user does, one transaction each, frozen dataclasses out."""
