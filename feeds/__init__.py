"""What readers subscribe to: Atom feeds of predictions filed and resolved, and
iCalendar feeds of deadlines, public (the ledger, a person, a tag) and private
(what an account watches and follows)."""
