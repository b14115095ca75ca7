"""The JSON of a track record, as predictions.records computes it: one shape
for a person, a tag and the whole ledger."""

RECORD_SCHEMA = {
    "type": "object",
    "description": "The track record: counts, accuracy (partly right counts half) with its "
    "95% Wilson interval, Brier score and ten calibration bins. Null where nothing counts.",
    "properties": {
        **{
            name: {"type": "integer"}
            for name in [
                "predictions",
                "resolved",
                "right",
                "wrong",
                "partly_right",
                "unresolvable",
                "overdue",
                "brier_count",
            ]
        },
        **{
            name: {"type": "number", "nullable": True}
            for name in ["accuracy", "accuracy_low", "accuracy_high", "brier"]
        },
        "calibration": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "low": {"type": "number"},
                    "high": {"type": "number"},
                    "count": {"type": "integer"},
                    "observed": {"type": "number", "nullable": True},
                },
            },
        },
    },
}
