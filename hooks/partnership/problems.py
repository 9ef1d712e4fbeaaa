"""Problems found in the data, worded for the people who edit it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    hint: str = ""

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f", line {self.line}"
            if self.column:
                where += f", column {self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f"\n    What to do: {self.hint}"
        return text


class DataError(Exception):
    """Raised with every problem at once, so the editor can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, checking: bool = False) -> str:
        """Every problem, under a heading for a build or (checking) for a check, which builds nothing."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The check found {count} {noun} in the data." if checking else
                 f"The site was not built: {count} {noun} in the data. Nothing was published."]
        lines += [p.format() for p in self.problems]
        return "\n".join(lines)
