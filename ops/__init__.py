"""Operations: JSON-lines logs without personal data, health checks, backup and restore.

Nothing here knows the domain: backup/restore work on whatever tables the database holds, the health
check only asks the database and Alembic. See docs/operations.md.
"""
