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


class Cancelled(Exception):
    """Long work stopped because the officer pressed 取消; nothing was written."""

    def __init__(self, message: str = "已取消"):
        super().__init__(message)
