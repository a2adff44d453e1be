-- The weeks whose 8-week window (the week and the 7 before it) holds a recomputed week: what
-- a mart over that window (rising_accounts) must rewrite. Key: week_start.
select weeks.week_start
from int_chat_weeks as weeks
where exists (
        select 1 from int_chat_weeks as dirty
        where dirty.is_dirty
            and weeks.week_start between dirty.week_start and dirty.week_start + 49
    )
