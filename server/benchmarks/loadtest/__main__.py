"""``python -m benchmarks.loadtest``: see ``runner``."""

from benchmarks.loadtest.runner import main

main()
