-- No count is negative.
select chat, week_start from marts.account_week
where least(
        posts, reposts, replies_received, reposts_received, quotes_received,
        mentions_received, likes_received, engagements_received, impressions,
        amplified_audience, followers_at_week_end, reach
    ) < 0
union all
select chat, week_start from marts.chat_week
where least(
        participants, contributors, new_participants, returning_participants, posts,
        reposts, replies, quotes, impressions, reach, engagements,
        accounts_without_follower_data, organic_participants, organic_posts,
        organic_impressions, organic_reach, organic_engagements, newcomers_acknowledged,
        interacting_pairs
    ) < 0
union all
select chat, week_start
from marts.question_week
where least(answers, answerers, answer_engagements) < 0
union all
select chat, week_start
from marts.link_week
where least(shares, sharers, reposts) < 0 or sharers > shares
