"""Database layer: typed ORM models, engines and sessions, migrations."""
