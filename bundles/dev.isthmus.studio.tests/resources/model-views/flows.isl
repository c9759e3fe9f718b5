package shop

flow Orders {
    from Till.orders where amount > 0
    idempotent on id for 7d
    map TillToOrder
    validate
    route {
        when total > 1000 -> Books.review via OrderToEntry [retry 3 times]
        otherwise -> Books.entries via OrderToEntry
    }
    dead-letter
}
