-- account_growth, chat_lift, question_week, link_week and cohort_retention are unique on
-- their keys.
select 'account_growth' as mart from marts.account_growth
group by chat, week_start, platform, account_id
having count(*) > 1
union all
select 'chat_lift' from marts.chat_lift
group by chat, week_start
having count(*) > 1
union all
select 'question_week' from marts.question_week
group by chat, week_start, question_number
having count(*) > 1
union all
select 'link_week' from marts.link_week
group by chat, week_start, url
having count(*) > 1
union all
select 'cohort_retention' from marts.cohort_retention
group by chat, cohort_week_start, weeks_since
having count(*) > 1
