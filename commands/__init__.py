"""manage.py's commands, one module per group, above every other package.

Each group module has ``register(subparsers)``, which adds its sub-commands; a command is a function
``(args) -> int`` returning the exit code. manage.py only wires the groups together. Commands reach
the database through the store's functions (acting as ``store.access.COMMAND_LINE`` or, with ``--as``,
as a named account), never through its tables; ``common`` holds what several groups share and
``german`` makes argparse speak German.
"""
