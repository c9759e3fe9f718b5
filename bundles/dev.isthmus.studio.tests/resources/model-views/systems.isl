package shop

system Till kind billing {
    record TillOrder json {
        id       : string
        amount   : integer
        currency : string
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

    endpoint entries file "outbox" pattern "*.csv" sends Entry
    endpoint review file "review" pattern "*.csv" sends Entry
}
