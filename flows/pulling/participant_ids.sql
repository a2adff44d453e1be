-- The authors of a chat's posts on one platform since $start (all when null), opted-out
-- accounts left out, by id or by handle.
select distinct author_id
from core.posts
where
    platform = $platform
    and len(list_intersect(hashtag_keys, $hashtags)) > 0
    and ($start is null or created_at >= $start)
    and not list_contains($opted_ids, author_id)
    and not list_contains($opted_keys, author_handle_key)
order by author_id
