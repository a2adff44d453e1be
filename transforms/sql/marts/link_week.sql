-- marts.link_week: its grain and key are those of schemas/dictionary/conversation.py.
-- Normalising keeps query parts whose name does not start with utm_ (any case) as written
-- and in order. A text that is not an absolute URL is kept as written, with an empty domain.
-- The domain is the host name alone: no user name, no port (both stay in the URL as written).
with

context as (select * from build_context),

posts as (select * from int_week_posts),

shared as (
    select week_start, week_label, platform, post_id, author_id, unnest(urls) as written_url,
    from posts
    where kind <> 'repost'
),

parts as (
    select
        shared.*,
        regexp_extract(
            regexp_replace(written_url, '^\s+|\s+$', '', 'g'),
            '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(\?[^#]*)?',
            ['scheme', 'host', 'path', 'query']
        ) as part,
    from shared
),

authority as (
    select
        parts.*,
        regexp_extract(part.host, '^(.*@)?', 1) as userinfo,
    from parts
),

hosts as (
    select
        authority.*,
        regexp_extract(substr(part.host, length(userinfo) + 1), '^(\[[^\]]*\]|[^:]*)', 1)
            as hostname,
    from authority
),

normalised as (
    select
        hosts.*,
        regexp_replace(lower(hostname), '^www\.', '') as domain,
        substr(part.host, length(userinfo) + length(hostname) + 1) as port,
        array_to_string(
            list_filter(
                string_split(substr(part.query, 2), '&'),
                lambda q: not starts_with(lower(split_part(q, '=', 1)), 'utm_')
            ),
            '&'
        ) as kept_query,
    from hosts
),

urls as (
    select
        week_start, week_label, platform, post_id, author_id,
        case when part.scheme = '' then regexp_replace(written_url, '^\s+|\s+$', '', 'g')
            else lower(part.scheme) || '://' || userinfo || domain || port
                || regexp_replace(part.path, '/$', '')
                || case when kept_query = '' then '' else '?' || kept_query end
        end as url,
        case when part.scheme = '' then '' else domain end as domain,
    from normalised
),

sharing_posts as (
    select distinct week_start, week_label, url, domain, platform, post_id, author_id from urls
),

reposts as (
    select sharing_posts.week_start, sharing_posts.url, count(distinct posts.post_id) as reposts,
    from sharing_posts
    inner join posts
        on posts.kind = 'repost'
            and sharing_posts.week_start = posts.week_start
            and sharing_posts.platform = posts.platform
            and sharing_posts.post_id = posts.referenced_post_id
    group by all
)

select
    context.chat,
    sharing_posts.week_start,
    any_value(sharing_posts.week_label) as week_label,
    sharing_posts.url,
    any_value(sharing_posts.domain) as domain,
    count(*) as shares,
    count(distinct row(sharing_posts.platform, sharing_posts.author_id)) as sharers,
    coalesce(any_value(reposts.reposts), 0) as reposts,
from sharing_posts
cross join context
left join reposts using (week_start, url)
group by context.chat, sharing_posts.week_start, sharing_posts.url
