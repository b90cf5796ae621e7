"""The desk's benchmarks, run as ``python -m benchmarks.<name>`` from server/ (README.md
here says what each measures).  Not product code and not a Django app."""
