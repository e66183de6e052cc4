"""legality_review: 重大行政执法决定法制审核 (DOMAIN §4) and 案卷评查 of closed case files (policy 003 item 4)."""
