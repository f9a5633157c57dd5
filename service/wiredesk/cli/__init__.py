"""The ``wiredesk`` command line: the face, which imports the edges and nothing imports.

- :mod:`.main`: the parser, ``normalize`` and ``schemas``;
- :mod:`.stream`: ``worker``, ``publish`` and ``tail`` (Faust is imported only for them);
- :mod:`.files`: stories read from files, folders and standard input.
"""

from wiredesk.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
