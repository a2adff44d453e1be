-- Identical normalised texts are compared once (`copies` counts them), so an account posting
-- one sentence a thousand times costs one text, not a million pairs.
insert into gaming_found
with

texts as (
    select week_start, platform, author_id, normalised, count(*) as copies,
    from gaming_texts
    where len(string_split(normalised, ' ')) >= $min_words
    group by all
),

shingles as (
    select distinct
        week_start, platform, author_id, normalised,
        unnest(case when len(w) < {{ n }} then [normalised] else
                [array_to_string(w[i:i + {{ n }} - 1], ' ') for i in range(1, len(w) - {{ n }} + 2)]
        end) as shingle,
    from (select *, string_split(normalised, ' ') as w from texts) as split_texts
),

sizes as (
    select week_start, platform, author_id, normalised, count(*) as k,
    from shingles
    group by all
),

shared as (
    select
        a.week_start, a.platform, a.author_id, a.normalised as text_a,
        b.normalised as text_b, count(*) as common,
    from shingles as a
    inner join shingles as b
        on a.week_start = b.week_start and a.platform = b.platform
            and a.author_id = b.author_id and a.shingle = b.shingle
            and a.normalised <> b.normalised
    group by all
),

near as (
    select
        shared.week_start, shared.platform, shared.author_id, shared.text_a,
        shared.text_b,
    from shared
    inner join sizes as size_a
        on shared.week_start = size_a.week_start and shared.platform = size_a.platform
            and shared.author_id = size_a.author_id and shared.text_a = size_a.normalised
    inner join sizes as size_b
        on shared.week_start = size_b.week_start and shared.platform = size_b.platform
            and shared.author_id = size_b.author_id and shared.text_b = size_b.normalised
    where shared.common >= $jaccard * (size_a.k + size_b.k - shared.common) - $epsilon
),

-- For each distinct text: its own copies plus the copies of every text near-identical to it.
neighbourhoods as (
    select
        texts.week_start, texts.platform, texts.author_id, texts.normalised,
        any_value(texts.copies) + coalesce(sum(others.copies), 0) as size,
    from texts
    left join near
        on texts.week_start = near.week_start and texts.platform = near.platform
            and texts.author_id = near.author_id and texts.normalised = near.text_a
    left join texts as others
        on near.week_start = others.week_start and near.platform = others.platform
            and near.author_id = others.author_id and near.text_b = others.normalised
    group by all
),

groups as (
    select *,
    from neighbourhoods
    qualify row_number() over (
            partition by week_start, platform, author_id
            order by size desc, normalised asc
        ) = 1
),

posted as (
    select week_start, platform, author_id, count(*) as posts,
    from gaming_texts
    group by all
)

select
    groups.week_start, groups.platform, groups.author_id as account_id,
    'near_duplicates' as signal,
    groups.size::double as value,
    $min_posts as threshold,
    printf(
        '%d of its %d posts this week read (nearly) the same once normalised, like: "%s"',
        groups.size, posted.posts,
        case when length(groups.normalised) > 80 then left(groups.normalised, 79) || '…'
            else groups.normalised
        end
    ) as evidence,
    []::varchar[] as related_accounts,
from groups
inner join posted using (week_start, platform, author_id)
where groups.size >= $min_posts
