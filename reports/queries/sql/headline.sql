-- The chat_week headline numbers of this week and the previous one (0 to 2 rows).
select
    week_start,
    week_label,
    participants,
    new_participants,
    posts,
    impressions,
    views,
    posts_with_views,
    platforms_without_views,
    reach,
    engagements
from marts.chat_week
where chat = $chat and week_start in ($week, $week - 7)
order by week_start
