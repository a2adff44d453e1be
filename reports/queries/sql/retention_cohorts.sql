-- marts.cohort_retention up to this week: per first-week cohort and weeks since, the share of
-- the cohort taking part that week (weeks_later 0 is the cohort's own week).
select
    cohort_week_start as cohort,
    cohort_week_label as cohort_label,
    cohort_size,
    weeks_since::bigint as weeks_later,
    participants as active,
    share
from marts.cohort_retention
where chat = $chat and week_start <= $up_to
order by cohort_week_start, weeks_since
