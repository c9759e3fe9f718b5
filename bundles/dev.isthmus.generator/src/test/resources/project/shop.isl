/** A small shop: what the generator's golden files are made from. */
package shop

enum Status { OPEN PAID }

/** An order as every system should know it. */
model Order owner Till version 3 {
    /** The till's order number. */
    key id   : String             matches "^O-[0-9]+$"
    customer : ref Customer
    total    : Decimal(2)         range 0 .. 100000
    currency : Currency
    status   : Status = OPEN
    placedAt : Timestamp
    note     : String?            length 0 .. 500
    lines    : Line[1..*]
}

model Line {
    sku      : String
    quantity : Integer
}

model Customer {
    key id : String
}

system Till kind billing {
    record TillOrder json {
        id       : string
        amount   : integer
        currency : string
        paid     : boolean?
        items    : [ { sku : string, qty : integer } ]
    }

    endpoint orders webhook "/till/orders" receives TillOrder
}

system Books kind erp {
    record Entry csv {
        reference : string
        total     : decimal
        booked    : date
    }

    endpoint entries file "outbox" pattern "*.csv" encoding "latin1" sends Entry
}

mapping TillToOrder : Till.TillOrder -> Order {
    id       <- id
    customer <- "walk-in"
    total    <- minorToDecimal(amount, currency)
    currency <- upper(currency)
    placedAt <- now()
    lines    <- each items as i {
        sku      <- i.sku
        quantity <- 1
    }
}

mapping OrderToEntry : Order -> Books.Entry {
    reference <- id
    total     <- total
    booked    <- toDate(placedAt, "UTC")
}

flow Orders {
    from Till.orders
    map TillToOrder
    validate
    to Books.entries via OrderToEntry
}
