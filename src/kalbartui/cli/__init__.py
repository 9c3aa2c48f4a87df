"""The command line: headless commands over the core, and the reader when no command is given.

`main` (in `cli.main`) parses, opens the core and hands each command to its module: `reading`
(list, search, show, categories), `feedlist` (refresh, OPML in and out), `marks`, and
`system` (paths, the demo). Errors become one sentence on stderr here, at the edge.
"""
