"""The floor's hand-written SQL: for each measured page, the rows it shows,
with the same filter, order and page size, and nothing else (no count of
the whole list beyond the app's limit, no column the page does not show).

Each query is one statement, run prepared (psycopg's ``prepare=True``) on
the worker's one connection. What the lists order and count by comes from
tables the floor builds once per run (``BUILD_TOTALS``) and nobody else
reads: the keys of published predictions with an index per order, totals
per person, the listed sources with their counts. The floor so costs what
indexed reads and maintained totals cost, which is what a page should cost,
while the app keeps exactly the indexes it has.
"""

PUBLISHED = "p.review_state = 'published'"

# A prediction's list row as the API gives it: the prediction with its
# predictor, quote (speaker, source), tags and open disputes.
API_ROW = """
SELECT p.id, p.claim, pp.slug AS predictor_slug, pp.name AS predictor_name,
       st.id AS statement_id, st.text AS statement_text,
       sp.slug AS speaker_slug, sp.name AS speaker_name,
       so.id AS source_id, so.url AS source_url, so.title AS source_title,
       so.published_on AS source_published_on,
       p.made_on, p.resolves_on, p.deadline_text, p.confidence, p.confidence_basis,
       p.confidence_hedge, p.status, p.outcome, p.resolution_note, p.evidence_url,
       p.resolved_at, p.self_judged, p.review_state, p.review_reason,
       p.proposed_outcome, p.proposed_note, p.proposed_evidence_url, p.proposed_at,
       ARRAY(SELECT t.slug FROM predictions_prediction_tags pt
             JOIN predictions_tag t ON t.id = pt.tag_id
             WHERE pt.prediction_id = p.id ORDER BY t.slug) AS tags,
       (SELECT count(*) FROM predictions_dispute d
         WHERE d.prediction_id = p.id AND d.state = 'open') AS disputes_open,
       p.created_at, p.updated_at, p.version
  FROM bench_floor_keys k JOIN predictions_prediction p ON p.id = k.id
  JOIN sources_person pp ON pp.id = p.predictor_id
  LEFT JOIN sources_statement st ON st.id = p.statement_id
  LEFT JOIN sources_person sp ON sp.id = st.speaker_id
  LEFT JOIN sources_source so ON so.id = st.source_id
"""

# A row of an HTML list of predictions: claim, quote, who, said on,
# deadline, status.
HTML_ROW = """
SELECT p.id, p.claim, left(st.text, 140) AS quote, pp.slug AS predictor_slug,
       pp.name AS predictor_name, p.made_on, p.resolves_on, p.deadline_text,
       p.status, p.outcome
  FROM bench_floor_keys k JOIN predictions_prediction p ON p.id = k.id
  JOIN sources_person pp ON pp.id = p.predictor_id
  LEFT JOIN sources_statement st ON st.id = p.statement_id
"""

# The list filters, each a condition on k (or p) with one named parameter.
FILTERS = {
    "person": "k.predictor_id = (SELECT id FROM sources_person WHERE slug = %(person)s)",
    # %(tag)s is the tag's id (floor._filters reads it by slug first).
    "tag": "EXISTS (SELECT 1 FROM predictions_prediction_tags pt"
    " WHERE pt.prediction_id = k.id AND pt.tag_id = %(tag)s)",
    "status": "k.status = %(status)s",
    "q": "k.id IN (SELECT d.prediction_id FROM predictions_searchdocument d"
    " WHERE d.vector @@ websearch_to_tsquery('english', %(q)s))",
}
TAG_ID = "SELECT id FROM predictions_tag WHERE slug = %(tag)s"
RANK = (
    "ts_rank((SELECT d.vector FROM predictions_searchdocument d WHERE d.prediction_id = k.id),"
    " websearch_to_tsquery('english', %(q)s))"
)


def where(filters: dict[str, str], *extra: str) -> str:
    conditions = [PUBLISHED, *(FILTERS[name] for name in sorted(filters)), *extra]
    return " WHERE " + " AND ".join(conditions)


def api_list(filters: dict[str, str], *, after: bool) -> str:
    """Newest filed first, as the API's cursor pagination orders; ``after``
    continues below a cursor's position (%(position)s, %(offset)s)."""
    keyset = ("k.created_at < %(position)s",) if after else ()
    sql = API_ROW + where(filters, *keyset) + " ORDER BY k.created_at DESC, k.id DESC"
    return sql + (" OFFSET %(offset)s" if after else "") + " LIMIT %(limit)s"


def html_list(filters: dict[str, str], *, start: bool, ranked: bool = False) -> str:
    """Deadline order (best match first when ``ranked``); ``start`` begins at
    a key (%(resolves_on)s, %(id)s), inclusive: keyset for deep pages."""
    if ranked:
        order = f" ORDER BY {RANK} DESC, k.resolves_on, k.id"
        return HTML_ROW + where(filters) + order + " LIMIT %(limit)s"
    keyset = ("(k.resolves_on, k.id) >= (%(resolves_on)s, %(id)s)",) if start else ()
    return HTML_ROW + where(filters, *keyset) + " ORDER BY k.resolves_on, k.id LIMIT %(limit)s"


def html_list_count(filters: dict[str, str]) -> str:
    """How many match, up to %(limit)s (the list says "more than" beyond)."""
    if "q" in filters:
        inner = "SELECT 1 FROM bench_floor_keys k JOIN predictions_prediction p ON p.id = k.id"
        inner += where(filters)
    else:  # the keys are those of published predictions, with what the filters read
        conditions = [FILTERS[name] for name in sorted(filters)] or ["true"]
        inner = "SELECT 1 FROM bench_floor_keys k WHERE " + " AND ".join(conditions)
    return f"SELECT count(*) AS n FROM ({inner} LIMIT %(limit)s) AS m"


HOME_DUE = HTML_ROW + where({}, "k.status = 'due'") + " ORDER BY k.resolves_on, k.id LIMIT 10"
HOME_COMING = (
    HTML_ROW
    + where({}, "k.status = 'open'", "k.resolves_on BETWEEN %(today)s AND %(today)s + 30")
    + " ORDER BY k.resolves_on, k.id LIMIT 10"
)
HOME_RESOLVED = (
    HTML_ROW
    + where({}, "k.status = 'resolved'")
    + " ORDER BY k.resolved_at DESC NULLS LAST, k.id DESC LIMIT 10"
)

TOTALS_TABLE = "bench_floor_totals"
# Lists leave out a person or source only claims awaiting review name (as
# predictions.selectors.public): named by one, by no published claim, and
# with no quote outside any claim.
_UNPUBLISHED = "p2.review_state <> 'published'"
_PUBLISHED = "p2.review_state = 'published'"
_NAMES = (
    "(EXISTS (SELECT 1 FROM predictions_prediction p2 WHERE p2.predictor_id = pp.id AND {state})"
    " OR EXISTS (SELECT 1 FROM sources_statement s2 JOIN predictions_prediction p2"
    " ON p2.statement_id = s2.id WHERE s2.speaker_id = pp.id AND {state}))"
)
LISTED = (
    f"NOT ({_NAMES.format(state=_UNPUBLISHED)} AND NOT {_NAMES.format(state=_PUBLISHED)}"
    " AND NOT EXISTS (SELECT 1 FROM sources_statement s3 WHERE s3.speaker_id = pp.id"
    " AND NOT EXISTS (SELECT 1 FROM predictions_prediction p3 WHERE p3.statement_id = s3.id)))"
)
_CITES = (
    "EXISTS (SELECT 1 FROM sources_statement s2 JOIN predictions_prediction p2"
    " ON p2.statement_id = s2.id WHERE s2.source_id = so.id AND {state})"
)
SOURCE_LISTED = (
    f"NOT ({_CITES.format(state=_UNPUBLISHED)} AND NOT {_CITES.format(state=_PUBLISHED)}"
    " AND NOT EXISTS (SELECT 1 FROM sources_statement s3 WHERE s3.source_id = so.id"
    " AND NOT EXISTS (SELECT 1 FROM predictions_prediction p3 WHERE p3.statement_id = s3.id)))"
)
TOTALS_COLUMNS = (
    "t.predictions, t.open, t.overdue, t.resolved, t.withdrawn, t.right_count, t.wrong,"
    " t.partly_right, t.unresolvable, t.accuracy, t.accuracy_low"
)
# Wilson's 95% interval, lower end, with a partly right counting half.
_N = "(right_count + wrong + partly_right)"
_P = f"((right_count + 0.5 * partly_right)::float8 / {_N})"
_Z2 = "3.8416"
BUILD_TOTALS = [
    f"DROP TABLE IF EXISTS {TOTALS_TABLE}",
    f"""CREATE TABLE {TOTALS_TABLE} AS
SELECT pp.id AS person_id, pp.name, pp.slug, pp.kind, lower(pp.name) AS name_key,
       {LISTED} AS listed,
       count(*) FILTER (WHERE p.status <> 'withdrawn') AS predictions,
       count(*) FILTER (WHERE p.status = 'open') AS open,
       count(*) FILTER (WHERE p.status = 'due') AS overdue,
       count(*) FILTER (WHERE p.status = 'resolved') AS resolved,
       count(*) FILTER (WHERE p.status = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE p.outcome = 'right') AS right_count,
       count(*) FILTER (WHERE p.outcome = 'wrong') AS wrong,
       count(*) FILTER (WHERE p.outcome = 'partly_right') AS partly_right,
       count(*) FILTER (WHERE p.outcome = 'unresolvable') AS unresolvable
  FROM sources_person pp
  LEFT JOIN predictions_prediction p ON p.predictor_id = pp.id AND {PUBLISHED}
 WHERE pp.merged_into_id IS NULL
 GROUP BY pp.id""",
    f"ALTER TABLE {TOTALS_TABLE} ADD accuracy float8, ADD accuracy_low float8",
    f"""UPDATE {TOTALS_TABLE} SET accuracy = {_P},
       accuracy_low = greatest(0, ({_P} + {_Z2} / (2 * {_N})
         - 1.96 * sqrt({_P} * (1 - {_P}) / {_N} + {_Z2} / (4 * {_N} * {_N})))
         / (1 + {_Z2} / {_N}))
 WHERE {_N} > 0""",
    f"CREATE UNIQUE INDEX ON {TOTALS_TABLE} (person_id)",
    f"CREATE INDEX ON {TOTALS_TABLE} (name_key, person_id) WHERE listed",
    f"CREATE INDEX ON {TOTALS_TABLE} (slug)",
    f"CREATE INDEX ON {TOTALS_TABLE} (accuracy_low DESC, name) WHERE resolved >= 5",
    f"CREATE INDEX ON {TOTALS_TABLE} (overdue DESC, name) WHERE overdue > 0",
    f"ANALYZE {TOTALS_TABLE}",
    # The keys the prediction lists filter and order by, of published
    # predictions, with an index for each order: what indexes matched to
    # the lists cost to read, without giving the app's tables an index
    # (the app is measured with the indexes it has).
    "DROP TABLE IF EXISTS bench_floor_keys",
    f"""CREATE TABLE bench_floor_keys AS
SELECT p.id, p.resolves_on, p.created_at, p.resolved_at, p.predictor_id, p.status
  FROM predictions_prediction p WHERE {PUBLISHED}""",
    "CREATE UNIQUE INDEX ON bench_floor_keys (id)",
    "CREATE INDEX ON bench_floor_keys (resolves_on, id)",
    "CREATE INDEX ON bench_floor_keys (status, resolves_on, id)",
    "CREATE INDEX ON bench_floor_keys (created_at DESC, id DESC)",
    "CREATE INDEX ON bench_floor_keys (predictor_id, created_at DESC, id DESC)",
    "CREATE INDEX ON bench_floor_keys (predictor_id, resolves_on, id)",
    "CREATE INDEX ON bench_floor_keys (predictor_id, status, resolves_on, id)",
    "CREATE INDEX ON bench_floor_keys (status, resolved_at DESC NULLS LAST, id DESC)",
    "ANALYZE bench_floor_keys",
    # The sources the list shows, in its order, with their counts kept.
    "DROP TABLE IF EXISTS bench_floor_sources",
    f"""CREATE TABLE bench_floor_sources AS
SELECT so.id AS source_id, so.published_on, so.created_at,
       (SELECT count(*) FROM sources_statement st WHERE st.source_id = so.id)
         AS statement_count,
       (SELECT count(*) FROM sources_statement st
          JOIN predictions_prediction p ON p.statement_id = st.id
         WHERE st.source_id = so.id AND p.status <> 'withdrawn' AND {PUBLISHED})
         AS prediction_count
  FROM sources_source so WHERE {SOURCE_LISTED}""",
    "CREATE INDEX ON bench_floor_sources"
    " (published_on DESC NULLS LAST, created_at DESC, source_id DESC)",
    "ANALYZE bench_floor_sources",
]

HOME_OVERDUE_PEOPLE = (
    f"SELECT t.slug, t.name, t.overdue FROM {TOTALS_TABLE} t WHERE t.overdue > 0"
    " ORDER BY t.overdue DESC, t.name LIMIT 5"
)
PEOPLE = (
    f"SELECT t.slug, t.name, t.kind, {TOTALS_COLUMNS} FROM {TOTALS_TABLE} t"
    " WHERE t.listed ORDER BY t.name_key, t.person_id LIMIT 50"
)
LEADERBOARD = (
    f"SELECT t.slug, t.name, t.kind, {TOTALS_COLUMNS} FROM {TOTALS_TABLE} t"
    " WHERE t.listed AND t.resolved >= 5 AND t.accuracy IS NOT NULL"
    " ORDER BY t.accuracy_low DESC, t.name LIMIT 50"
)

SOURCES = """
SELECT so.id, so.url, so.title, so.publisher, so.published_on, so.kind,
       f.statement_count, f.prediction_count
  FROM bench_floor_sources f JOIN sources_source so ON so.id = f.source_id
 ORDER BY f.published_on DESC NULLS LAST, f.created_at DESC, f.source_id DESC
 LIMIT 50
"""

DETAIL = API_ROW + " WHERE p.id = %(id)s AND " + PUBLISHED
EVENTS = """
SELECT e.id, e.kind, u.username AS actor, e.actor_id, e.at, e.data, e.previous_hash, e.hash
  FROM predictions_predictionevent e LEFT JOIN auth_user u ON u.id = e.actor_id
 WHERE e.prediction_id = %(id)s ORDER BY e.at, e.id
"""

PERSON = f"""
SELECT pp.id, pp.slug, pp.name, pp.kind, pp.description, pp.url, pp.created_at,
       {TOTALS_COLUMNS}
  FROM sources_person pp JOIN {TOTALS_TABLE} t ON t.person_id = pp.id
 WHERE pp.slug = %(slug)s
"""
PERSON_PREDICTIONS = (
    HTML_ROW + where({}, "k.predictor_id = %(person_id)s") + " ORDER BY k.resolves_on, k.id"
    " LIMIT 25"
)
PERSON_OVERDUE = (
    HTML_ROW
    + where({}, "k.predictor_id = %(person_id)s", "k.status = 'due'")
    + " ORDER BY k.resolves_on, k.id LIMIT 20"
)
PERSON_STATEMENTS = """
SELECT st.id, st.text, st.said_on, so.id AS source_id, so.title AS source_title, so.url
  FROM sources_statement st JOIN sources_source so ON so.id = st.source_id
 WHERE st.speaker_id = %(person_id)s ORDER BY st.said_on DESC, st.id DESC LIMIT 25
"""
PERSON_TAGS = """
SELECT DISTINCT t.slug, t.name FROM predictions_tag t
  JOIN predictions_prediction_tags pt ON pt.tag_id = t.id
  JOIN predictions_prediction p ON p.id = pt.prediction_id
 WHERE p.predictor_id = %(person_id)s AND p.review_state = 'published' ORDER BY t.slug
"""
PERSON_OUTCOMES = """
SELECT p.resolves_on, p.outcome, p.claim FROM predictions_prediction p
 WHERE p.predictor_id = %(person_id)s AND p.status = 'resolved'
   AND p.review_state = 'published'
 ORDER BY p.resolves_on DESC LIMIT 500
"""
