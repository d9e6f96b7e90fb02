"""Pure file producers besides the certificate: the interview record PDF, the Art. 15 access report
PDF and the spreadsheet exports (CSV/XLSX), with one formatter of answers as German text.

Contract (docs/architecture.md): inputs are plain values (the guide, answers, dataclasses, the JSON of
an access request), outputs are bytes or a written stream. Nothing here touches the database,
settings or Streamlit: pages and the command line ask the store for the data, then this package for
the file.
"""
