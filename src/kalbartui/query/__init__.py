"""kalbartui's query language: the words and fields a reader searches with, for `/`, saved
views, rules, alerts and the CLI alike. `parse` turns text into a tree of `nodes`; the store
compiles a tree into SQL (store/matching.py). Pure: nothing here reads or writes anything.
"""
