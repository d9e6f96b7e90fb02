"""The front door's own rules, pure and below the store: password hashing and the password policy
(``passwords``), bounded reading of uploaded files — PDFs, logos, guide files — before anything is parsed
(``uploads``), and the one-time set-up code printed on the server console (``setup_code``).

No database, no Streamlit: the store, the pages and the command line call them; their refusals are the
shared ``schemas.errors.InvalidInput``.
"""
