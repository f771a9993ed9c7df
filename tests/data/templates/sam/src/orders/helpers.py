WHERE = "orders"
