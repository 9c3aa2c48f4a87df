"""A refresh: every feed fetched, parsed and stored (or, with `[sync]`, a sync with the server).

`run` decides which and is what the core calls; `plan` discovers a WordPress site's categories;
`runner` fetches on one event loop; `pool` and `worker` parse and store each new body in worker
processes; `child` runs the whole refresh in a process of its own for the reader; `report`
holds the light types that say what became of each feed. Nothing is imported here: a worker
process imports `refresh.worker` without the fetch layer.
"""
