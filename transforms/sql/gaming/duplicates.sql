-- Identical normalised texts are compared once (`copies` counts them), so an account posting
-- one sentence a thousand times costs one text, not a million pairs. The self-join runs on
-- numbers: a text by its id, a shingle by the hash of its words (a collision needs two
-- shingles of one account's week to share a 64-bit hash).
insert into gaming_found
with

-- Materialised: the ids are numbered once, so every reference below sees the same ones.
texts as materialized (
    select
        week_start, platform, author_id, normalised, count(*) as copies,
        row_number() over () as text_id,
        dense_rank() over (order by week_start, platform, author_id) as author_week,
    from gaming_texts
    where len(string_split(normalised, ' ')) >= $min_words
    group by week_start, platform, author_id, normalised
),

-- Each text's set of shingles, made distinct within its own list (materialised: built once
-- for both uses).
shingle_sets as materialized (
    select
        author_week, text_id,
        list_distinct(case when len(w) < {{ n }} then [hash(w)] else
                [hash(w[i:i + {{ n }} - 1]) for i in range(1, len(w) - {{ n }} + 2)]
        end) as shingle_set,
    from (select *, string_split(normalised, ' ') as w from texts) as split_texts
),

shingles as (
    select author_week, text_id, unnest(shingle_set) as shingle,
    from shingle_sets
),

sizes as (
    select text_id, len(shingle_set) as k,
    from shingle_sets
),

shared as (
    select a.text_id as text_a, b.text_id as text_b, count(*) as common,
    from shingles as a
    inner join shingles as b
        on a.author_week = b.author_week and a.shingle = b.shingle and a.text_id <> b.text_id
    group by all
),

near as (
    select shared.text_a, shared.text_b,
    from shared
    inner join sizes as size_a on shared.text_a = size_a.text_id
    inner join sizes as size_b on shared.text_b = size_b.text_id
    where shared.common >= $jaccard * (size_a.k + size_b.k - shared.common) - $epsilon
),

-- For each distinct text: its own copies plus the copies of every text near-identical to it.
neighbourhoods as (
    select
        texts.week_start, texts.platform, texts.author_id, texts.normalised,
        any_value(texts.copies) + coalesce(sum(others.copies), 0) as size,
    from texts
    left join near on texts.text_id = near.text_a
    left join texts as others on near.text_b = others.text_id
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
