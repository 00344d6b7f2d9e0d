"""Side-by-side benchmarks of inroads and its peers; run ``python -m benchmarks [suite ...]`` (``make bench``)."""
