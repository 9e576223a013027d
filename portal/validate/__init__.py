"""Stage 2: check every input against its schema and report all problems in one run."""
