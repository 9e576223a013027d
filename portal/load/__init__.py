"""Stage 1: read the repository (YAML, Markdown, front matter) keeping source positions."""
