"""One error family for the whole of Truce.

Modules raise these; only the edges (CLI ``main()`` and the HTTP exception
handler) translate them into exit codes, status codes and messages.
"""

from __future__ import annotations


class TruceError(Exception):
    """Base of every error Truce raises on purpose. ``str(err)`` is for people."""

    http_status = 400
    exit_code = 1

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[str] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class Invalid(TruceError):
    """Input that cannot be accepted: the message says what and where."""

    http_status = 400
    exit_code = 2


class Unauthorized(TruceError):
    """No credentials, or credentials that do not match anyone."""

    http_status = 401
    exit_code = 2


class Forbidden(TruceError):
    """The caller is known but its role may not do this."""

    http_status = 403
    exit_code = 2


class NotFound(TruceError):
    """No such record, or one the caller may not see (the two look the same)."""

    http_status = 404
    exit_code = 2


class Conflict(TruceError):
    """Illegal state transition, duplicate submission or passed deadline."""

    http_status = 409
    exit_code = 2


class TooLarge(TruceError):
    """A payload over the configured limit."""

    http_status = 413
    exit_code = 2


class LedgerIntegrityError(TruceError):
    """The log, a proof or a signature does not hold: the record may have been altered."""

    http_status = 500
    exit_code = 3
