-- The limit above which a direct award must be documented (LOU 19 a kap.) is a figure of law
-- with a validity and a source, like the thresholds, so it is kept among them. A new enum
-- value cannot be used in the transaction that adds it: the row itself comes in 0009.
ALTER TYPE threshold_kind ADD VALUE 'direct_award_documentation';
