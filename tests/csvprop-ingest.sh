#!/bin/bash
# The reader's property test through cx-ingest: random event files, whose
# read/wrote/rejected counts, written rows and rejected lines must match an
# independent reference reader (tests/unit/test-csvprop.c).
exec "$CX_BIN/../tests/unit/test-csvprop" --ingest "$CX_BIN" 300
