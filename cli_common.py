"""What every command module shares: the error type that manage.py prints without a traceback."""


class CommandError(Exception):
    """A user-facing error of a command: the message is printed as it is, exit code 2."""
