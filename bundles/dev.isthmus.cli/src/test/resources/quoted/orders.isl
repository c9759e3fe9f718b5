/** Record fields whose names are no words (CSV headers), read and mapped in backticks. */
package qn

system Shop kind billing {
    /** A CSV export whose headers are no words. */
    record OrderRow csv {
        "Order ID"    : string
        "Customer Name" : string
        "unit price"  : decimal
        quantity      : integer
    }

    endpoint orders file "in" pattern "*.csv" receives OrderRow
}

system Books kind erp {
    record Line json {
        "Order #"    : string
        customer     : string
        "Net Amount" : decimal
    }

    endpoint lines file "out" pattern "lines-*.ndjson" sends Line
}

mapping RowToLine : Shop.OrderRow -> Books.Line {
    `Order #`    <- `Order ID`
    customer     <- `Customer Name`
    `Net Amount` <- `unit price` * quantity
}

flow Orders {
    from Shop.orders
    to Books.lines via RowToLine
}

test "a row's amount is price times quantity" for RowToLine {
    given { "Order ID": "o-1", "Customer Name": "Ada", "unit price": 2.50, "quantity": 4 }
    expect Line.`Net Amount` == 10.00
    expect Line.`Order #` == "o-1"
}

test "a CSV sample is typed as the runner types it" for Orders {
    given Shop.orders from "orders.csv"
    expect outputs 2
    expect Line.`Net Amount` == 10.00
    expect Line.customer == ""
}
