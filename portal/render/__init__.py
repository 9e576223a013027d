"""Stage 4: turn the model into HTML. Engine-neutral helpers live here; the MkDocs adapter in ``mkdocs/``."""
