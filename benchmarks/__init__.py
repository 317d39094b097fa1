"""Side-by-side benchmarks of scalargrad against micrograd 0.1.0: ``python -m benchmarks``."""
