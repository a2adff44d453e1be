-- chat_week's low-data columns for every week of the chat: the median posts of the up-to-
-- {{ trailing_weeks }} weeks before each week, and whether the week has fewer posts than
-- {{ low_data_share }} of it.
update marts.chat_week set
    trailing_median_posts = volume.trailing_median_posts,
    trailing_weeks = volume.trailing_weeks,
    is_low_data = coalesce(
        chat_week.posts < {{ low_data_share }} * volume.trailing_median_posts, false
    )
from (
    select
        chat,
        week_start,
        median(posts) over before as trailing_median_posts,
        count(*) over before as trailing_weeks
    from marts.chat_week
    where chat = (select build_context.chat from build_context)
    window before as (
        order by week_start
        range between interval {{ trailing_days }} days preceding
        and interval 7 days preceding
    )
) as volume
where chat_week.chat = volume.chat and chat_week.week_start = volume.week_start
