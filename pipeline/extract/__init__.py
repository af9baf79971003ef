"""Stage 2: articles -> casualty_claims, budget_mentions, diplomatic_contacts."""
