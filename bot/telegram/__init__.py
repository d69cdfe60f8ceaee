"""The Telegram front end: private chats, groups, inline mode, follow-up buttons and admin commands."""
