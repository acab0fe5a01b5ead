"""The textbook's MkDocs plugin: every build step beyond MkDocs, Material and mkdocs-jupyter.

`plugin.TextbookPlugin` is the map (every event, in the order MkDocs runs them); each concern is
a module of small functions behind it. Registered as the MkDocs plugin `textbook`.
"""
