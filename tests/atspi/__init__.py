"""A real screen-reader-side check: the person form read over the AT-SPI bus (run.sh), outside pytest."""
