"""Personal data of clients in a learning log: finding BSNs, IBANs, e-mail addresses, phones."""
