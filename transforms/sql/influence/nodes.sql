create or replace temp table influence_nodes as
select
    week_start as graph_id,
    (row_number() over (order by week_start, platform, account_id))::integer as node_id,
    platform,
    account_id,
from int_account_week_rows
