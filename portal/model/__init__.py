"""Stage 3: the validated portal as plain objects, free of any rendering engine."""
