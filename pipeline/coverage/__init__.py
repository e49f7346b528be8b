"""Coverage that counts right (issue 15): stories, one id per official and agency,
places on today's map, and alerts on surges.

Each module here is standalone on purpose: it takes records as the pipeline
writes them (README "Output contract") and returns plain data or Arrow tables,
so it can be wired into batch, tables, report and CLI once the restructure of
`pipeline/` has landed, without depending on where those modules end up.

The modules use datasketch and vietnamadminunits (core dependencies, since every
batch run ends with the coverage step); `alerts` needs only the standard library.
"""
