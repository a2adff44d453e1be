"""The failure alert and the low-data note: what they say, and that no secret is in them."""

from datetime import date

from config.settings import Settings
from delivery.alerts import REDACTED, failure_alert, low_data_note, redact, secret_values

SETTINGS = Settings.model_validate(
    {
        "delivery": {"sender": "reports@example.org", "password_env": "MAIL_PASS"},
        "sources": {"x": {"token_env": "MY_X"}},
        "chats": {
            "tchat": {
                "slug": "tchat",
                "hashtags": ["TChat"],
                "alerts": ["manager@example.com", "ops@example.com"],
            }
        },
    }
)
ENV = {
    "MAIL_PASS": "hunter2-mail",  # named by [delivery]
    "MY_X": "AAAA-x-bearer-token",  # named by [sources.x]
    "SOME_API_TOKEN": "tok-999999",  # not named, but its name says it is a secret
    "HOME": "/root",  # not a secret
    "DB_PASSWORD": "abc",  # too short to redact without garbling text
}


def test_secret_values_are_those_named_or_looking_like_secrets():
    assert secret_values(SETTINGS, ENV) == ["AAAA-x-bearer-token", "hunter2-mail", "tok-999999"]


def test_redact_replaces_every_occurrence():
    assert redact("a hunter2-mail b hunter2-mail", ["hunter2-mail"]) == (
        f"a {REDACTED} b {REDACTED}"
    )


def test_the_failure_alert_names_the_step_and_leaks_no_secret():
    error = "401 from https://api.x.com?token=AAAA-x-bearer-token (login hunter2-mail)"
    message = failure_alert(
        SETTINGS, "tchat", date(2026, 11, 16), "pull x", error, "weekly tchat 2026-W47", env=ENV
    )
    body = message.get_content()
    assert message["To"] == "manager@example.com, ops@example.com"
    assert message["Subject"] == "[chatreach] tchat 2026-W47: run failed at pull x"
    assert "Step that failed: pull x" in body
    assert f"401 from https://api.x.com?token={REDACTED} (login {REDACTED})" in body
    assert "chatreach weekly --chat tchat --week 2026-W47" in body
    for secret in ("AAAA-x-bearer-token", "hunter2-mail"):
        assert secret not in message.as_string()


def test_an_alert_without_a_week_or_message_still_reads():
    body = failure_alert(SETTINGS, "tchat", None, "start", "", env={}).get_content()
    assert "for the last complete week failed" in body and "Message: (no message)" in body


def test_the_low_data_note():
    note = low_data_note(
        SETTINGS, "tchat", date(2026, 11, 16), "Low data: 3 posts.", "manager@example.com"
    )
    assert note["To"] == "manager@example.com"
    assert "Low data: 3 posts." in note.get_content()
    assert "--week 2026-W47 --force" in note.get_content()
