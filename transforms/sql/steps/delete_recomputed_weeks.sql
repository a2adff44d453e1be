-- The rows a build rewrites in a weekly mart ({{ table }}): the chat's recomputed weeks and
-- the weeks it no longer holds.
delete from {{ table }}
where
    chat = (select build_context.chat from build_context)
    and (
        week_start in (
            select int_chat_weeks.week_start from int_chat_weeks
            where int_chat_weeks.is_dirty
        )
        or week_start not in (select int_chat_weeks.week_start from int_chat_weeks)
    )
