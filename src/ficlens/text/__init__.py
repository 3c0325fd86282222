"""Pure text helpers below both ingest and stages: lines with offsets (``lines``), chapter headings and
scene-break lines (``headings``). They import nothing of ficlens but ``ficlens.errors`` (a contract in
``pyproject.toml`` checks it)."""
