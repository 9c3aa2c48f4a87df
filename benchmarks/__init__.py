"""kalbartui's benchmark suite: `python -m benchmarks` (or `make bench`). Never touches the network.

Modules: corpus (synthetic Indonesian WordPress feeds), server (a loopback HTTP server with
latency and conditional GET), caches (1k/10k/100k article caches built through the real store),
stats (median and spread), newsboat (the side-by-side runs), ui (the reader's figures), and
__main__ (runs everything and prints the table).
"""
