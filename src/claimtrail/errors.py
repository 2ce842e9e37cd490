"""One error type for everything a user can fix: it names the place, the problem and the fix."""

from __future__ import annotations


class ClaimtrailError(Exception):
    """An error in the inputs, reported as one message: where, what is wrong, how to fix it."""

    def __init__(
        self,
        file: str,
        problem: str,
        fix: str,
        *,
        line: int | None = None,
        item: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.fix = fix
        self.line = line
        self.item = item
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.item:
            where += f" ({self.item})"
        return f"error: {where}: {self.problem}\n  fix: {self.fix}"

    def __str__(self) -> str:
        return self.message
