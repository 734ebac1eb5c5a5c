"""One router per area; each route parses, calls one service or tool, and returns a response model."""
