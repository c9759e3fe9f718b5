/** The webhook benchmark: orders received as webhooks, kept once by id, written to a table by key. */
package bench

system Shop kind product {
    record Order json {
        id       : string
        customer : string
        amount   : integer
    }
    endpoint orders webhook "/orders" receives Order
}

system Store kind database {
    record OrderRow json {
        id       : string
        customer : string
        amount   : integer
    }
    endpoint rows jdbc embedded table "ORDERS" key "ID" sends OrderRow
}

mapping OrderToRow : Shop.Order -> Store.OrderRow {
    id       <- id
    customer <- customer
    amount   <- amount
}

flow Orders {
    from Shop.orders
    idempotent on id for 30d
    to Store.rows via OrderToRow
    dead-letter
}
