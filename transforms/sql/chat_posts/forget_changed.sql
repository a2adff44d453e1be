-- The chat's posts created at a changed instant: matched again by matching.sql.
delete from ops.chat_posts
where
    chat = (select build_context.chat from build_context)
    and created_at in (select chat_post_instants.instant from chat_post_instants)
