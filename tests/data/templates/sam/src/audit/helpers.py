WHERE = "audit"
