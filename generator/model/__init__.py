"""The data model: one module per concept (clauses, parties, manifests, the assembled document)."""
