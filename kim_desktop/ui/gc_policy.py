"""Keep Python's cyclic garbage collector from freezing the window at county scale.

A collection holds the GIL while it walks its generations, whichever thread starts it. With the window, its
pages and their modules loaded, and a worker that turns 100,000 rows into objects, full (generation 2)
collections stopped the GUI thread for 100–500 ms, several times a session. Once the window is up, what is
loaded so far stays for the whole session: it is moved out of the collector's sight (gc.freeze). Automatic
collections then only look at young objects (most garbage is freed by reference counting anyway), and the
old generation is collected on a timer, when it walks only what came after the freeze: milliseconds.
"""

import gc

YOUNG_THRESHOLD = 100_000  # allocations between two young collections (CPython's default: 700)
MIDDLE_THRESHOLD = 50  # young collections between two middle ones (default 10)
OLD_THRESHOLD = 1_000_000  # never automatically: collect_old_objects() does it (default 10)
OLD_COLLECTION_INTERVAL_MS = 5 * 60 * 1000


def freeze_loaded_objects() -> int:
    """Exclude everything allocated so far from future collections and collect rarely; objects frozen."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
    return gc.get_freeze_count()


def collect_old_objects() -> int:
    """A full collection of what is not frozen (reference cycles that outlived the young generations)."""
    return gc.collect()
