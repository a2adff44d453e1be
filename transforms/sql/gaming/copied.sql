-- An account in several copied groups of a week is flagged once, for its largest group.
insert into gaming_found
with

answers as (
    select distinct week_start, platform, author_id, author_handle, normalised,
    from gaming_answers
    where len(string_split(normalised, ' ')) >= $min_words
),

-- A text with fewer rows than $min_accounts has fewer authors too: most texts are told
-- apart by this cheap count before their authors are listed.
repeated as (
    select week_start, platform, normalised from answers
    group by all
    having count(*) >= $min_accounts
),

copy_groups as (
    select
        week_start, platform, normalised,
        list(distinct author_id order by author_id) as authors,
        count(distinct author_id) as size,
    from answers
    semi join repeated using (week_start, platform, normalised)
    group by all
    having count(distinct author_id) >= $min_accounts
),

chosen as (
    select
        answers.week_start, answers.platform, answers.author_id, copy_groups.normalised,
        copy_groups.size, copy_groups.authors,
    from answers
    inner join copy_groups using (week_start, platform, normalised)
    qualify row_number() over (
            partition by
                answers.week_start, answers.platform,
                answers.author_id
            order by copy_groups.size desc, copy_groups.normalised asc
        ) = 1
),

named as (
    select
        chosen.week_start, chosen.platform, chosen.author_id,
        list(distinct '@' || others.author_handle order by '@' || others.author_handle)
            as handles,
    from chosen
    inner join answers as others
        on chosen.week_start = others.week_start and chosen.platform = others.platform
            and chosen.normalised = others.normalised and chosen.author_id <> others.author_id
    group by all
)

select
    chosen.week_start, chosen.platform, chosen.author_id as account_id,
    'copied_answers' as signal,
    chosen.size::double as value,
    $min_accounts as threshold,
    printf(
        '%d accounts answered with the same text this week, once normalised: "%s"; '
        || 'the others: %s%s',
        chosen.size,
        case when length(chosen.normalised) > 80 then left(chosen.normalised, 79) || '…'
            else chosen.normalised
        end,
        array_to_string(named.handles[1:$named], ', '),
        case when len(named.handles) > $named
                then printf(' and %d more', len(named.handles) - $named)
            else ''
        end
    ) as evidence,
    [author for author in chosen.authors if author <> chosen.author_id] as related_accounts,
from chosen
inner join named using (week_start, platform, author_id)
