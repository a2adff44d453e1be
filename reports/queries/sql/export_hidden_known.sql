-- How many of the hidden accounts (export_hidden) the warehouse knows.
select count(*) from export_hidden as hidden
where exists (
        select 1 from core.accounts as a
        where a.platform = hidden.platform and a.account_id = hidden.account_id
    )
    or exists (
        select 1 from core.posts as p
        where p.platform = hidden.platform and p.author_id = hidden.account_id
    )
