"""Mentions and DMs: acknowledged at once, answered in their thread as the employee, once per event."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from sqlalchemy import func, select

from assistant.db.models import Conversation, Role, SlackUser
from tests.factories import make_product, make_stock, make_warehouse
from tests.fakes import call, say
from tests.slack.conftest import CHANNEL, Slack
from tests.slack.fake_slack import BOT_TOKEN, TEAM


def _dock_in_stock(slack: Slack) -> None:
    product = make_product(slack.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    make_stock(slack.session, product.variants[0], make_warehouse(slack.session, code="WAW"), on_hand=37)
    slack.session.flush()


def test_a_mention_is_acknowledged_and_answered_in_its_thread(slack: Slack) -> None:
    _dock_in_stock(slack)
    asker = slack.person(Role.EMPLOYEE)
    ts = slack.mention(asker, "how many IT-DOCK-100 do we have in stock?")

    assert slack.last_response is not None and slack.last_response.status_code == 200
    methods = slack.fake.methods()
    assert methods.index("reactions.add") < methods.index("chat.postMessage")  # acknowledged first
    [reaction] = slack.fake.to("reactions.add")
    assert reaction.args == {"channel": CHANNEL, "timestamp": ts, "name": "eyes"}
    [answer] = slack.posts_to(CHANNEL)
    assert answer["thread_ts"] == ts
    assert "37" in answer["text"]
    assert slack.fake.to("reactions.remove")[0].args["timestamp"] == ts
    assert all(call.token == BOT_TOKEN for call in slack.fake.calls)


def test_a_direct_message_is_answered_in_its_thread_as_the_employee_found_by_email(slack: Slack) -> None:
    _dock_in_stock(slack)
    asker = slack.person(Role.STAFF, on_slack=False)
    slack.fake.emails["U0BYEMAIL"] = asker.email.upper()  # matched case-insensitively

    ts = slack.dm("U0BYEMAIL", "how many IT-DOCK-100 do we have in stock?")
    [answer] = slack.posts_to("DU0BYEMAIL")
    assert answer["thread_ts"] == ts and "37" in answer["text"]
    cached = slack.session.get(SlackUser, (TEAM, "U0BYEMAIL"))
    assert cached is not None and cached.employee_id == asker.id

    slack.dm("U0BYEMAIL", "and IT-DOCK-100 in WAW?")
    assert len(slack.fake.to("users.info")) == 1  # the lookup is cached
    assert len(slack.posts_to("DU0BYEMAIL")) == 2


def test_a_follow_up_in_the_same_thread_keeps_the_context(slack: Slack) -> None:
    asker = slack.person(Role.STAFF)
    model = slack.script(say("Which customer?"), say("Noted: Acme."))
    first = slack.mention(asker, "I need to place an order")
    slack.mention(asker, "for Acme", thread_ts=first)

    model.assert_exhausted()
    sent = [message.content for message in model.last_request if isinstance(message, HumanMessage)]
    assert sent == ["I need to place an order", "for Acme"]
    assert [post["thread_ts"] for post in slack.posts_to(CHANNEL)] == [first, first]
    keys = slack.session.scalars(
        select(Conversation.external_key).where(Conversation.employee_id == asker.id)
    )
    assert list(keys) == [f"slack:{TEAM}/{CHANNEL}/{first}"]


def test_someone_else_in_the_thread_gets_a_conversation_of_their_own(slack: Slack) -> None:
    first_person, second_person = slack.person(Role.STAFF), slack.person(Role.STAFF)
    model = slack.script(say("Hello."), say("Hi."))
    thread = slack.mention(first_person, "hello")
    slack.mention(second_person, "hi", thread_ts=thread)
    assert [m.content for m in model.last_request if isinstance(m, HumanMessage)] == ["hi"]
    owners = slack.session.execute(select(Conversation.employee_id, Conversation.external_key)).all()
    assert sorted(owners) == sorted(
        [
            (first_person.id, f"slack:{TEAM}/{CHANNEL}/{thread}"),
            (second_person.id, f"slack:{TEAM}/{CHANNEL}/{thread}/{second_person.slack_user_id}"),
        ]
    )


def test_a_retried_event_is_answered_once(slack: Slack) -> None:
    asker = slack.person(Role.STAFF)
    slack.script(say("Once."))
    event = {
        "type": "app_mention",
        "user": asker.slack_user_id,
        "text": "<@UBOT> hello",
        "channel": CHANNEL,
        "ts": "1600000999.000001",
    }
    event_id = slack.event(event)
    slack.event(event, event_id=event_id, retry=1)
    slack.event(event, event_id=event_id, retry=2)
    assert len(slack.posts_to(CHANNEL)) == 1
    assert len(slack.fake.to("reactions.add")) == 1


def test_an_unknown_slack_user_is_refused_politely(slack: Slack) -> None:
    slack.fake.emails["U0STRANGER"] = "nobody@elsewhere.example"
    ts = slack.dm("U0STRANGER", "how much stock do we have?")
    [answer] = slack.posts_to("DU0STRANGER")
    assert answer["thread_ts"] == ts and "could not match your Slack account" in answer["text"]
    former = slack.person(Role.STAFF, is_active=False)
    slack.mention(former, "hello")
    assert "not an active employee" in slack.posts_to(CHANNEL)[-1]["text"]


def test_an_answer_with_restricted_data_goes_to_the_askers_dm(slack: Slack) -> None:
    asker = slack.person(Role.EMPLOYEE)
    model = slack.script(call("get_my_leave"), say("You have 20 days of annual leave left."))
    ts = slack.mention(asker, "how much leave do I have left?")
    model.assert_exhausted()

    [note] = slack.posts_to(CHANNEL)
    assert note["thread_ts"] == ts and "direct message" in note["text"] and "20 days" not in note["text"]
    assert slack.fake.to("conversations.open")[0].args["users"] == asker.slack_user_id
    [private] = slack.posts_to(f"D{asker.slack_user_id}")
    assert "20 days" in private["text"]


def test_a_follow_up_in_a_thread_that_touched_restricted_data_stays_private(slack: Slack) -> None:
    """The model remembers the thread: 'say that again' needs no tool, yet its answer must not go public."""
    asker = slack.person(Role.EMPLOYEE)
    model = slack.script(
        call("get_my_leave"),
        say("You have 20 days of annual leave left."),
        say("Again: 20 days of annual leave left."),  # from memory, no tool this time
    )
    first = slack.mention(asker, "how much leave do I have left?")
    slack.mention(asker, "say that again please", thread_ts=first)
    model.assert_exhausted()

    assert all("20 days" not in post["text"] for post in slack.posts_to(CHANNEL))
    assert [post["text"] for post in slack.posts_to(f"D{asker.slack_user_id}")][-1].startswith(
        "Again: 20 days"
    )


def test_a_restricted_tool_that_fails_still_keeps_the_answer_private(slack: Slack) -> None:
    """A refusal or an error may quote what it refused; the call alone makes the turn restricted."""
    asker = slack.person(Role.EMPLOYEE)
    model = slack.script(call("get_document", document_id=987654), say("Document 987654 was not found."))
    slack.mention(asker, "what is in document 987654?")
    model.assert_exhausted()

    [note] = slack.posts_to(CHANNEL)
    assert "direct message" in note["text"] and "987654" not in note["text"]
    assert "987654" in slack.posts_to(f"D{asker.slack_user_id}")[-1]["text"]


def test_a_public_answer_stays_in_the_channel(slack: Slack) -> None:
    asker = slack.person(Role.EMPLOYEE)
    slack.script(call("find_employees", query="nobody at all"), say("I found nobody by that name."))
    slack.mention(asker, "who is nobody at all?")
    assert slack.fake.to("conversations.open") == []
    assert "found nobody" in slack.posts_to(CHANNEL)[0]["text"]


def test_a_rate_limited_call_is_retried_after_retry_after(slack: Slack) -> None:
    asker = slack.person(Role.STAFF)
    slack.script(say("Answer after a pause."))
    slack.fake.rate_limit_once.add("chat.postMessage")
    slack.mention(asker, "hello")
    attempts = slack.fake.to("chat.postMessage")
    assert len(attempts) == 2 and attempts[0].args == attempts[1].args
    assert slack.session.scalar(select(func.count()).select_from(Conversation)) == 1
