-- The rows of a "growth" mart ({{ table }}) that a build rewrites (see
-- stg_growth_changes.sql).
delete from {{ table }} as held
where chat = $chat and (
        week_start in (
            select week_start from int_chat_weeks
            where is_dirty
        )
        or week_start not in (select week_start from int_chat_weeks)
        or exists (
            select 1 from stg_growth_changes as changed
            where changed.platform = held.platform and changed.account_id = held.account_id
                and (changed.week_start is null or changed.week_start = held.week_start)
        )
    )
