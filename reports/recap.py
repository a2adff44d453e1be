"""The recap of a chat-week, as a host publishes it after the chat: the session at a glance,
each question with its best answers and the links shared under it, and the most engaged posts
of the hour. One page (recap.html, prints cleanly) and the same in Markdown (recap.md) for a
blog or LinkedIn.

The numbers are marts.chat_session's and marts.question_week's; the posts are listed from
marts.answer_posts and core.posts. Opted-out and not-indexed accounts are blanked as on every
page.
"""

import re
from collections.abc import Callable
from urllib.parse import quote

from reports import format as fmt
from reports.links import safe_href
from reports.pages import (
    OPTED_OUT,
    PageContext,
    base_context,
    participant_href,
    post_items,
    render_template,
    shorten,
)
from reports.queries import common
from reports.queries import recap as recap_queries

QUESTION_TEXT_LIMIT = 400

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~=:\"'])")


def markdown_text(text: str) -> str:
    """Text from the data for Markdown: on one line, every ASCII punctuation character
    backslash-escaped (CommonMark's rule), so nobody's `*`, `_`, `[`, `#` or HTML changes the
    document."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def markdown_url(url: str) -> str:
    """A link destination for Markdown, in angle brackets, with anything that could end it
    percent-encoded."""
    return "<" + quote(url, safe=":/?#@!$&'*+,;=%~-._[]") + ">"


def _when(context: PageContext, instant) -> str:
    local = instant.astimezone(context.zone)
    return f"{fmt.day(local)}, {local:%H:%M}"


def recap(context: PageContext) -> dict:
    """Everything the recap shows, for the page and the Markdown alike."""
    chat, week = context.chat.slug, context.week_start
    href: Callable = participant_href(context, "../")
    redact = context.redactor()
    answers = recap_queries.top_answers(context.con, chat, week, context.hidden)
    links = recap_queries.question_links(context.con, chat, week, context.hidden)
    questions = []
    for row in common.questions(context.con, chat, week, context.hidden).to_dicts():
        number = row["question_number"]
        questions.append(
            {
                "label": f"Q{number}",
                "text": f"(a question by {OPTED_OUT})"
                if row["is_opted_out"]
                else shorten(redact(row["question_text"] or ""), QUESTION_TEXT_LIMIT),
                "answers": row["answers"],
                "answerers": row["answerers"],
                "median": fmt.duration(row["median_seconds_to_answer"]),
                "newcomers": row["new_participant_answerers"],
                "best": post_items(
                    answers.filter(answers["question_number"] == number), context, href
                ),
                "links": [
                    {
                        "href": safe_href(link["url"]),
                        "text": shorten(redact(link["url"]), 120),
                        "answers": link["answers"],
                    }
                    for link in links.filter(links["question_number"] == number).to_dicts()
                ],
            }
        )
    session = recap_queries.session(context.con, chat, week)
    posts = recap_queries.session_posts(
        context.con, chat, week, context.hidden, context.chat.hashtag_keys
    )
    return {
        "session": session
        and {
            **session,
            "starts": _when(context, session["session_start"]),
            "ends": _when(context, session["session_end"]),
        },
        "questions": questions,
        "posts": post_items(posts, context, href),
    }


def recap_page(context: PageContext, content: dict) -> str:
    """The HTML of the recap page."""
    return render_template(
        "recap.html.j2",
        **base_context(
            context,
            "../../",
            "../",
            f"#{context.chat.hashtags[0]} {context.label}: recap",
            recap=content,
            uses_charts=False,
        ),
    )


def _post_markdown(post: dict) -> str:
    author = post["who"]["name"] + (f" {post['who']['handle']}" if post["who"]["handle"] else "")
    counts = (
        f"{fmt.count(post['likes'], 'like')}, {fmt.count(post['reposts'], 'repost')}, "
        f"{fmt.count(post['replies'], 'reply', 'replies')}, {fmt.count(post['quotes'], 'quote')}"
    )
    line = f"- **{markdown_text(author)}**: {markdown_text(post['text'])} ({markdown_text(counts)})"
    if post["url"]:
        line += f" [view the post]({markdown_url(post['url'])})"
    return line


def recap_markdown(context: PageContext, content: dict) -> str:
    """The recap in Markdown: the same sections as the page, every text from the data
    escaped."""
    tag = context.chat.hashtags[0]
    lines = [f"# \\#{markdown_text(tag)} {context.label}: recap", ""]
    session = content["session"]
    if session:
        lines += [
            f"The session ran from {markdown_text(session['starts'])} to "
            f"{markdown_text(session['ends'])} ({markdown_text(context.chat.timezone)}): "
            f"{fmt.count(session['posts'], 'post')} by "
            f"{fmt.count(session['participants'], 'participant')}, "
            f"{fmt.number(session['new_participants'])} of them new\\.",
            "",
        ]
    for question in content["questions"]:
        lines += [f"## {question['label']}", "", markdown_text(question["text"]), ""]
        lines.append(
            f"{fmt.count(question['answers'], 'answer')} by "
            f"{fmt.count(question['answerers'], 'person', 'people')} "
            f"({fmt.number(question['newcomers'])} new); median time to answer "
            f"{markdown_text(question['median'])}\\."
        )
        lines.append("")
        if question["best"]:
            lines += ["Most engaged answers:", "", *map(_post_markdown, question["best"]), ""]
        if question["links"]:
            lines += ["Links shared:", ""]
            for link in question["links"]:
                text = markdown_text(link["text"])
                lines.append(
                    f"- [{text}]({markdown_url(link['href'])})" if link["href"] else f"- {text}"
                )
            lines.append("")
    if content["posts"]:
        heading = "## The most engaged posts of the hour"
        lines += [heading, "", *map(_post_markdown, content["posts"]), ""]
    return "\n".join(lines)
