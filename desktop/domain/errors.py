"""Errors whose message is shown to the officer as it is (Chinese)."""


class UserError(Exception):
    """A refusal the officer can act on: bad input, missing file, locked ledger."""


class ValidationError(UserError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class TemplateError(UserError):
    """A checklist template that cannot be loaded; message names file, item and field."""


class DatabaseTooNewError(UserError):
    pass
