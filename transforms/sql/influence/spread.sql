update marts.chat_week set
    scored_participants = spread.scored,
    median_influence_score = spread.median_score,
    top_tenth_pagerank_share = spread.top_share
from (
    select
        weeks.week_start, count(ranked.pagerank) as scored,
        median(ranked.score) as median_score,
        sum(ranked.pagerank) filter (where ranked.position <= ceil(ranked.total / 10))
        / nullif(sum(ranked.pagerank), 0) as top_share,
    from (
        select week_start from int_chat_weeks
        where is_dirty
    ) as weeks
    left join (
        select
            week_start, influence_score as score, influence_pagerank as pagerank,
            row_number() over (
                partition by week_start
                order by influence_pagerank desc, platform asc, account_id asc
            ) as position,
            count(*) over (partition by week_start) as total,
        from marts.account_week
        where chat = (select chat from build_context) and participated
            and influence_pagerank is not null
    ) as ranked using (week_start)
    group by all
) as spread
where chat_week.chat = (select chat from build_context)
    and chat_week.week_start = spread.week_start
