"""Demo data for trying the app and for the benchmarks (``manage.py seed-demo``).

Above the store: it makes up people (``people``) and their answers against the real guide
(``answers``), has the engine validate and score them, and hands the records to the store's bulk
loader (``store.bulk``) in ``seed``. Nothing below this package imports it.
"""
