-- How many account_week rows of the chat-week have an influence score.
select count(*) as scored
from marts.account_week
where chat = $chat and week_start = $week and influence_score is not null
