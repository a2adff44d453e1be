-- The organic view never exceeds the whole.
select chat, week_start from marts.chat_week
where organic_participants > participants or organic_posts > posts
    or organic_impressions > impressions or organic_reach > reach
    or organic_engagements > engagements
