-- The week's participants counted by influence_score band (0–10, 10–20, …, 90–100).
with

bands as (select unnest(range(0, 10)) as band),

scored as (
    select least(floor(influence_score / 10), 9)::bigint as band
    from marts.account_week
    where
        chat = $chat
        and week_start = $week
        and participated
        and influence_score is not null
),

counted as (
    select
        band,
        count(*) as accounts
    from scored
    group by all
)

select
    bands.band,
    (bands.band * 10)::bigint as band_from,
    (bands.band * 10 + 10)::bigint as band_to,
    coalesce(counted.accounts, 0) as accounts
from bands
left join counted using (band)
order by bands.band
