-- The week's marts.rising_accounts rows with a gain, largest first, with names.
with

ranked as (
    select
        platform,
        account_id,
        earlier_mean_score as earlier_mean,
        recent_mean_score as recent_mean,
        score_gain as gain,
        recent_weeks_taken_part
    from marts.rising_accounts
    where chat = $chat and week_start = $week and score_gain > 0
    order by score_gain desc, platform asc, account_id asc
    limit $limit
),

keys as (select platform, account_id from ranked),

names as ({{ names }})

select
    ranked.*,
    names.handle,
    names.display_name,
    names.is_opted_out
from ranked
inner join names using (platform, account_id)
order by ranked.gain desc, ranked.platform asc, ranked.account_id asc
