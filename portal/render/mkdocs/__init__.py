"""The adapter to MkDocs and Material: the only package that imports ``mkdocs``.

Replacing the engine means replacing this package; the model and the other stages stay.
"""
