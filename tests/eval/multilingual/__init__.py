"""Synthetic agency copy in Spanish, Portuguese, French, German, Italian and Norwegian,
with gold fields, and the harness that scores the pipeline on it (:mod:`.harness`).

Every story was written for wiredesk in the agency's style; none is agency copy.
"""
