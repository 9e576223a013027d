"""Static generator for the public information portals of Vietnamese local government.

The package is one pipeline, one sub-package per stage:
``load`` → ``validate`` → ``model`` → ``render`` → ``publish``; ``commands`` wires
the stages into the editor-facing commands of ``build.py``.
"""

__version__ = "0.1.0"


def missing_library(name: str | None) -> str:
    """What an editor reads when a library is not installed: here, where importing needs none."""
    return f"Thiếu thư viện ({name}). Hãy chạy: python3 tasks.py site"
