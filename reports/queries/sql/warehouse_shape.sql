-- The tables and columns of core, marts and quarantine, in column order.
select
    schema_name || '.' || table_name as table_name,
    column_name,
    comment,
    data_type
from duckdb_columns()
where
    database_name = current_database()
    and schema_name in ('core', 'marts', 'quarantine')
order by schema_name, table_name, column_index
