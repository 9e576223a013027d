"""The editor-facing commands of ``build.py``, each a thin layer over the pipeline."""
