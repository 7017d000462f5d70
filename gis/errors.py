"""Domain errors. They know nothing of HTTP; ``api/errors.py`` maps them to status codes."""


class ParkMapError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class NotFound(ParkMapError):
    code = "not_found"


class InvalidInput(ParkMapError):
    code = "invalid_input"


class Conflict(ParkMapError):
    code = "conflict"


class Forbidden(ParkMapError):
    code = "forbidden"


class Unauthorized(ParkMapError):
    code = "unauthorized"


class StoreUnavailable(ParkMapError):
    code = "store_unavailable"


class Busy(ParkMapError):
    """As much of this work is running and waiting as the server allows; try again shortly."""

    code = "busy"


class ImportRefused(InvalidInput):
    """A file that cannot be loaded whole; nothing of it was stored."""

    code = "import_refused"
