"""A destat project: one folder, one ``destat.toml``, one DuckDB database, one command to run."""
