-- Each column of the given schemas as the warehouse holds it: name, type and comment.
select schema_name || '.' || table_name as name, column_name, data_type, comment
from duckdb_columns()
where database_name = current_database() and schema_name in $schemas
order by schema_name, table_name, column_index
