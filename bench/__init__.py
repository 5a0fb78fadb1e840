"""Benchmark helpers for ``scripts/bench``: never imported by the site itself."""
