"""Load and fault scenarios run against a production-like HLD Portal on loopback (``make stress``)."""
