-- The weeks whose 12-week lift window (the week and the 11 before it) holds a week whose
-- account_growth rows this build rewrites: what chat_lift must rewrite. Key: week_start.
-- Rewritten are the recomputed weeks' rows and those stg_growth_changes names by week. An
-- account whose membership changed has every row rewritten, yet it counts only in a window
-- holding a week it took part in, and every such week is recomputed (its chat posts changed).
with

touched as (
    select week_start from int_chat_weeks
    where is_dirty
    union
    select week_start from stg_dirty_weeks
    union
    select week_start from stg_growth_changes
    where week_start is not null
)

select weeks.week_start
from int_chat_weeks as weeks
where exists (
        select 1 from touched
        where weeks.week_start between touched.week_start and touched.week_start + 7 * 11
    )
