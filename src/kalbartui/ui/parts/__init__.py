"""The main screen's parts: each owns its state and its workers, and talks by typed messages.

panes (#panes: the list pane beside the reading pane, and what becomes read), list_pane (the
search box over the article list), story (whole articles and pictures for the article on
show), refresh (one refresh at a time, in a child process), counts (the sidebar's counts),
links (open, copy), feeds (the feeds screen, OPML); part holds what they share.
"""
