"""The benchmark of ``make bench`` (``bench/run.py``) and its helpers: never imported by the site itself."""
