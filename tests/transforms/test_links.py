"""marts.link_week: normalised URLs, shares, sharers and reposts."""

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat

T = "2026-11-18T01:{:02d}:00+00:00"


def test_urls_differing_only_by_www_utm_fragment_and_slash_are_one_link():
    con = new_warehouse()
    long = "https://www.TalentCulture.com/blog/x/?utm_source=tw&id=3#top"
    load(
        con,
        posts=[
            post("l1", "A", T.format(1), urls=(long,)),
            post(
                "l2",
                "B",
                T.format(2),
                urls=(
                    "https://talentculture.com/blog/x?id=3",
                    "HTTPS://TalentCulture.com/blog/x?id=3&UTM_medium=x",
                ),
            ),
            post("l3", "A", T.format(3), urls=("https://talentculture.com/blog/x?id=3#frag",)),
            post("l4", "C", T.format(4), "repost", referenced=("l1", "A"), urls=(long,)),
            post("l5", "D", T.format(5), "repost", referenced=("l2", "B")),
            post(
                "l6",
                "E",
                T.format(6),
                urls=("https://example.com/", "https://example.com/a?b=1&utm_x=2&c=3"),
            ),
            post("l7", "F", "2026-11-25T01:00:00+00:00", "repost", referenced=("l3", "A")),
        ],
    )
    build_chat(con, tchat())
    links = {r["url"]: r for r in rows(con, "select * from marts.link_week")}
    assert set(links) == {
        "https://talentculture.com/blog/x?id=3",
        "https://example.com",
        "https://example.com/a?b=1&c=3",
    }
    blog = links["https://talentculture.com/blog/x?id=3"]
    assert blog["domain"] == "talentculture.com"
    # l1, l2 (two spellings, one post) and l3; by A and B; reposted by l4 and l5 (l7 is next week).
    assert (blog["shares"], blog["sharers"], blog["reposts"]) == (3, 2, 2)
    assert links["https://example.com"]["domain"] == "example.com"
    assert links["https://example.com"]["shares"] == 1


def test_the_domain_is_the_host_name_alone():
    """User name and port stay in the URL as written (the host lower-cased, www. dropped);
    the domain is the host name only. A text that is not an absolute URL has no domain; a URL
    that only a repost carries has no row."""
    con = new_warehouse()
    load(
        con,
        posts=[
            post(
                "p1",
                "A",
                T.format(1),
                urls=(
                    "HTTPS://Ann@WWW.Example.COM:8080/Path/?utm_id=1#x",
                    "http://[2001:DB8::1]:81/a",
                    "talentculture.com/blog",
                    "https://example.org/a//",
                    "\thttps://Tabbed.org/x \n",
                ),
            ),
            post("p2", "B", T.format(2), "repost", referenced=("x9", "Z"), urls=("https://r.io/",)),
        ],
    )
    build_chat(con, tchat())
    links = {r["url"]: r["domain"] for r in rows(con, "select * from marts.link_week")}
    assert links == {
        "https://Ann@example.com:8080/Path": "example.com",
        "http://[2001:db8::1]:81/a": "[2001:db8::1]",
        "talentculture.com/blog": "",
        "https://example.org/a/": "example.org",  # one trailing / removed
        "https://tabbed.org/x": "tabbed.org",  # white space around it dropped
    }  # https://r.io only came in a repost: no row
