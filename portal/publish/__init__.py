"""Stage 5: finish the output and put it in place atomically."""
