-- Whether an account asks not to be indexed (Mastodon noindex, discoverable = false or #nobot in
-- its bio; Bluesky's !no-unauthenticated self-label or #nobot). NULL where the source does not
-- say (X, accounts seen only as mentions, records loaded before this column).
alter table core.accounts add column asks_not_to_be_indexed boolean;
