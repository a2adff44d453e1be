"""The only code that writes the DuckDB warehouse: migrations, loads, publishing."""
