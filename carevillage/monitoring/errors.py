class MonitoringError(Exception):
    """A reading, threshold or device request that cannot be accepted, with the
    translated sentence the user reads (nothing was saved)."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
