"""Sprachstand's entry point: ``streamlit run streamlit_app.py`` (or ./run.sh).

Everything happens in ``ui.app_shell``: settings, migrations, set-up, login gate, the role's
navigation from ``ui/navigation.py``, idle timeout, logout and the error boundary.
"""

from ui.app_shell import main

main()
