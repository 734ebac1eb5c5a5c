"""Slack: the assistant in a workspace (Bolt, sync). Socket Mode (`backoffice slack`) or HTTP at /slack/events.

app.py builds the Bolt app from a WebClient, the settings and the services; conversations.py answers mentions
and DMs, files.py takes shared files, approvals.py posts proposals and takes the buttons' decisions.
"""
