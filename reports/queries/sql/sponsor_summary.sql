-- The week's marts.sponsor_week rows, one per sponsor handle, and whether the sponsor opted
-- out.
with

sponsors as (select unnest($sponsor_keys::varchar[]) as handle_key),

sponsor_accounts as ({{ sponsor_accounts }})

select
    sponsor_week.sponsor as handle_key,
    sponsor_week.posts_naming,
    sponsor_week.authors_naming as accounts_naming,
    sponsor_week.impressions_naming as impressions,
    sponsor_week.reach_of_authors as reach,
    sponsor_week.engagements_naming as engagement,
    sponsor_week.accounts_known,
    sponsor_week.own_posts,
    sponsor_week.mentions_received,
    sponsor_week.reach as own_reach,
    sponsor_week.influence_score,
    exists(
        select 1 from sponsor_accounts
        where
            sponsor_accounts.handle_key = sponsor_week.sponsor
            and list_contains(
                $opted_out::varchar[],
                sponsor_accounts.platform || ':' || sponsor_accounts.account_id
            )
    ) as is_opted_out
from marts.sponsor_week
where sponsor_week.chat = $chat and sponsor_week.week_start = $week
order by sponsor_week.sponsor
