"""Benchmarks on generated county-scale data; `make bench` runs them and writes docs/performance.md."""
