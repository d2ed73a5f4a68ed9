"""The one error type the generator reports to its user."""


class SpecError(Exception):
    """A problem in the spec, located by file, line and key path."""

    def __init__(self, file: str, line: int, key: str, message: str):
        super().__init__(message)
        self.file = file
        self.line = line
        self.key = key
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class SpecErrors(Exception):
    """Several spec errors found in one validation pass."""

    def __init__(self, errors: list):
        super().__init__(f"{len(errors)} spec error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
