"""Static generator for the public information portals of Vietnamese local government.

The package is one pipeline, one sub-package per stage:
``load`` → ``validate`` → ``model`` → ``render`` → ``publish``; ``commands`` wires
the stages into the editor-facing commands of ``build.py``.
"""

__version__ = "0.1.0"
