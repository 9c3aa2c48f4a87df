"""What every command shares: its error, exit statuses and the cleaning of what it prints."""

from __future__ import annotations

from kalbartui.problems import Problem
from kalbartui.text import clean as printable  # every line printed: no C0 (but \n, \t), C1, bidi

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "CliError", "printable"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """One sentence for stderr (ready, or a Problem to word), with an exit status."""

    def __init__(self, said: str | Problem, status: int = EXIT_FAIL) -> None:
        super().__init__(str(said))
        self.said = said
        self.status = status
