"""The main screen's parts: each owns its state and its workers, and talks by typed messages.

list_pane (the search box over the article list), refresh (one refresh at a time, in a child
process), story (whole articles and pictures for the article on show), links (open, copy).
"""
