-- One row per account that has an account_week row in a recomputed week: it took part, or
-- was the target of an interaction from a chat post of that week.
-- Key: (week_start, platform, account_id).
with

posts as (select * from int_week_posts),

interactions as (select * from int_interactions),

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

accounts as (
    select week_start, platform, author_id as account_id from posts
    union
    select week_start, platform, target_id as account_id from interactions
)

select
    accounts.week_start, weeks.week_end, weeks.week_label, accounts.platform,
    accounts.account_id,
from accounts
inner join weeks using (week_start)
