"""The collector policy of the window: what is loaded is frozen, young objects are still collected."""

import gc
from collections.abc import Iterator

import pytest

from kim_desktop.ui.gc_policy import OLD_THRESHOLD, YOUNG_THRESHOLD, collect_old_objects, freeze_loaded_objects


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_loaded_objects_are_frozen_and_cycles_still_collected() -> None:
    loaded = [object() for _ in range(10)]  # noqa: F841 - alive at the freeze
    frozen = freeze_loaded_objects()
    assert frozen == gc.get_freeze_count() > 1000
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD and gc.get_threshold()[2] == OLD_THRESHOLD

    class Node:
        partner: "Node"

    first, second = Node(), Node()
    first.partner, second.partner = second, first  # a cycle made after the freeze
    del first, second
    assert collect_old_objects() >= 2
    assert gc.get_freeze_count() == frozen  # the frozen objects stay out of collections
